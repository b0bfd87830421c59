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

}  // namespace

int runTrain(const TrainOptions& o, std::ostream& out, std::ostream& err) {
  Experiment e = buildExperiment(o);
  CpuBackend backend;
  Network net(e.spec, backend);
  net.initialize(e.settings.seed);
  Trainer trainer(net, e.settings, e.split.train);
  const bool classification = e.split.train.task == Task::Classification;
  const long every = o.reportEvery > 0 ? o.reportEvery : std::max(1L, o.epochs / 10);

  out << "training " << e.split.train.rows() << " samples (" << e.split.test.rows()
      << " test), " << net.parameterCount() << " parameters, loss "
      << trainer.lossInfo().name << "\n";
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
      out << reportLine(epoch, trainer.evaluate(e.split.train), trainer.evaluate(e.split.test),
                        classification)
          << "\n";
    }
  }
  if (o.json) {
    const Evaluation train = trainer.evaluate(e.split.train);
    const Evaluation test = trainer.evaluate(e.split.test);
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
      j["test_mae"] = test.mae;
      j["test_rmse"] = test.rmse;
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
