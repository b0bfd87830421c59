#include "train_command.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/error.hpp"
#include "nnplay/network.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::cli {

namespace {

std::string reportLine(long epoch, const Evaluation& train, const Evaluation& test,
                       bool classification) {
  char buf[256];
  if (classification) {
    std::snprintf(buf, sizeof buf,
                  "epoch %6ld  train loss %.6f  test loss %.6f  train acc %.4f  test acc %.4f",
                  epoch, train.loss, test.loss, train.accuracy, test.accuracy);
  } else {
    std::snprintf(buf, sizeof buf, "epoch %6ld  train loss %.6f  test loss %.6f  test R2 %.4f",
                  epoch, train.loss, test.loss, test.r2);
  }
  return buf;
}

std::string validationPart(const Evaluation& v, bool classification) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "  val loss %.6f  val %s %.4f", v.loss,
                classification ? "acc" : "R2", classification ? v.accuracy : v.r2);
  return buf;
}

}  // namespace

int runTrain(const TrainOptions& o, std::ostream& out, std::ostream& err) {
  Experiment e = buildExperiment(o);
  CpuBackend backend;
  Network net(e.spec, backend);
  net.initialize(e.settings.seed);
  const Dataset& trainSet = e.data.train;
  const Dataset& testSet = e.data.test;
  const Dataset& validationSet = e.data.validation;
  const bool validate = validationSet.rows() > 0;
  Trainer trainer(net, e.settings, trainSet);
  const bool classification = trainSet.task == Task::Classification;
  const long every = o.reportEvery > 0 ? o.reportEvery : std::max(1L, o.epochs / 10);

  out << "data: " << e.data.description << "\n";
  out << "training " << trainSet.rows() << " samples (" << validationSet.rows()
      << " validation, " << testSet.rows() << " test), " << trainSet.features() << " inputs, "
      << net.parameterCount() << " parameters, loss " << trainer.lossInfo().name << "\n";
  double seconds = 0.0;
  int code = 0;
  for (long epoch = 1; epoch <= o.epochs; ++epoch) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      trainer.trainEpoch();
    } catch (const DivergenceError& d) {
      err << "error: " << d.what() << "\n";
      code = 1;
      break;
    }
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (epoch % every == 0 || epoch == o.epochs) {
      std::string line = reportLine(epoch, trainer.evaluate(trainSet), trainer.evaluate(testSet),
                                    classification);
      if (validate) line += validationPart(trainer.evaluate(validationSet), classification);
      out << line << "\n";
    }
  }
  if (o.json) {
    const Evaluation train = trainer.evaluate(trainSet);
    const Evaluation test = trainer.evaluate(testSet);
    nlohmann::json j;
    j["epochs"] = trainer.epoch();
    j["train_loss"] = train.loss;
    j["test_loss"] = test.loss;
    if (classification) {
      j["train_accuracy"] = train.accuracy;
      j["test_accuracy"] = test.accuracy;
    } else {
      j["train_r2"] = train.r2;
      j["test_r2"] = test.r2;
      // Back in the target's own units when targets were standardized.
      const float f = e.data.targetScaler.fitted() ? e.data.targetScaler.factor[0] : 1.0f;
      j["test_mae"] = test.mae / f;
      j["test_rmse"] = test.rmse / f;
    }
    if (validate) {
      const Evaluation val = trainer.evaluate(validationSet);
      j["validation_loss"] = val.loss;
      j[classification ? "validation_accuracy" : "validation_r2"] =
          classification ? val.accuracy : val.r2;
    }
    j["seconds"] = seconds;
    j["samples_per_second"] = seconds > 0 ? static_cast<double>(trainer.samplesSeen()) / seconds : 0.0;
    if (code != 0) j["error"] = "diverged";
    out << j.dump() << "\n";
  }
  out.flush();
  return code;
}

}  // namespace nnplay::cli
