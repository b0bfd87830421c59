#include "train_command.hpp"

#include "nnplay/augment.hpp"
#include "nnplay/early_stopping.hpp"
#include "nnplay/schedule.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include <ostream>
#include "nnplay/inspection.hpp"
#include "nnplay/session.hpp"

#include "nnplay/devices.hpp"
#include "nnplay/error.hpp"
#include "nnplay/input_transform.hpp"
#include "nnplay/network.hpp"
#include "nnplay/project_file.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::cli {

namespace {

// "  dead 0/32 3/32 ...  saturated ..." over the first 256 training rows
// (what the window's network view measures).
std::string healthPart(Network& net, const Dataset& train) {
  const UnitInspection u = inspectUnits(net, train, Snapshot::kInspectedRows);
  std::string dead = "  dead", sat = "  saturated";
  for (const LayerHealth& h : u.health) {
    dead += " " + std::to_string(h.deadCount()) + "/" + std::to_string(h.units);
    sat += " " + std::to_string(h.saturatedCount()) + "/" + std::to_string(h.units);
  }
  return dead + sat;
}

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

// What a run starts from: a fresh experiment from the flags, or a saved run.
struct RunSetup {
  Project project;  // data spec, network, settings (+ weights and trainer state when resuming)
  PreparedData data;
};

RunSetup freshRun(const TrainOptions& o) {
  Experiment e = buildExperiment(o);
  RunSetup r;
  r.project.data = dataSpecFrom(o);
  r.project.network = e.spec;
  r.project.training = e.settings;
  r.data = std::move(e.data);
  return r;
}

RunSetup resumedRun(const TrainOptions& o) {
  RunSetup r;
  r.project = loadProject(o.resume);
  if (r.project.parameters.empty()) {
    throw DataError(o.resume + ": has no weights to resume from (field 'weights')");
  }
  r.data = prepareData(r.project.data);
  if (r.data.train.features() != r.project.network.inputs) {
    throw DataError(o.resume + ": its data now gives " + std::to_string(r.data.train.features()) +
                    " inputs but the network expects " + std::to_string(r.project.network.inputs));
  }
  return r;
}

}  // namespace

int runTrain(const TrainOptions& o, std::ostream& out, std::ostream& err) {
  RunSetup run = o.resume.empty() ? freshRun(o) : resumedRun(o);
  Project& project = run.project;
  const Dataset& trainSet = run.data.train;
  const Dataset& testSet = run.data.test;
  const Dataset& validationSet = run.data.validation;
  const bool validate = validationSet.rows() > 0;

  std::unique_ptr<Backend> backendPtr = createBackend(o.device, [&out](const std::string& m) {
    out << m << "\n";
    out.flush();
  });
  Backend& backend = *backendPtr;
  Network net(project.network, backend);
  if (project.parameters.empty()) {
    net.initialize(project.training.seed);
  } else {
    net.setParameters(project.parameters);
    net.setState(project.state);
  }
  Trainer trainer(net, project.training, trainSet,
                  ImageShape{run.data.imageRows, run.data.imageCols});
  if (project.trainer) trainer.setState(*project.trainer);
  const bool classification = trainSet.task == Task::Classification;
  const long every = o.reportEvery > 0 ? o.reportEvery : std::max(1L, o.epochs / 10);

  out << "data: " << run.data.description << "\n";
  if (!o.resume.empty()) out << "resuming " << o.resume << " at epoch " << trainer.epoch() << "\n";
  out << "training " << trainSet.rows() << " samples (" << validationSet.rows() << " validation, "
      << testSet.rows() << " test), " << trainSet.features() << " inputs, " << net.parameterCount()
      << " parameters, loss " << trainer.lossInfo().name << ", device " << backend.name() << "\n";
  double seconds = 0.0;
  long samplesBefore = trainer.samplesSeen();
  int code = 0;
  const long lastEpoch = trainer.epoch() + o.epochs;
  const EarlyStoppingSettings& stopping = project.training.earlyStopping;
  EarlyStopping stopper(stopping);
  if (project.training.schedule.id != ScheduleId::Constant ||
      project.training.schedule.warmup > 0.0f) {
    out << "learning rate " << project.training.optimizer.learningRate << " with the schedule "
        << formatSchedule(project.training.schedule) << "\n";
  }
  if (project.training.augment.any()) {
    out << "augmenting the training batches: " << formatAugment(project.training.augment) << "\n";
  }
  while (trainer.epoch() < lastEpoch) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      trainer.trainEpoch();
    } catch (const DivergenceError& d) {
      err << "error: " << d.what() << "\n";
      code = 1;
      break;
    }
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long epoch = trainer.epoch();
    if (epoch % every == 0 || epoch == lastEpoch) {
      const Evaluation tr = trainer.evaluate(trainSet);
      const Evaluation te = trainer.evaluate(testSet);
      HistoryPoint point{epoch, tr.loss, te.loss, classification ? tr.accuracy : tr.r2,
                         classification ? te.accuracy : te.r2};
      std::string line = reportLine(epoch, tr, te, classification);
      if (validate) {
        const Evaluation va = trainer.evaluate(validationSet);
        point.validationLoss = va.loss;
        point.validationMetric = classification ? va.accuracy : va.r2;
        line += validationPart(va, classification);
      }
      project.history.push_back(point);
      if (o.health) line += healthPart(net, trainSet);
      out << line << "\n";
    }
    if (stopping.enabled) {
      const double watched = trainer.evaluate(validate ? validationSet : testSet).loss;
      if (stopper.update(epoch, watched, net.parameters(), net.state())) {
        if (stopping.restoreBest) {
          net.setParameters(stopper.bestParameters());
          net.setState(stopper.bestState());
        }
        out << earlyStoppingMessage(stopper, epoch, validate) << "\n";
        break;
      }
    }
  }
  if (!o.save.empty() && code == 0) {
    project.transform = InputTransform::from(run.data);
    project.parameters = net.parameters();
    project.state = net.state();
    project.trainer = trainer.state();
    saveProject(project, o.save);
    out << "saved " << o.save << "\n";
  }
  if (o.json) {
    const Evaluation train = trainer.evaluate(trainSet);
    const Evaluation test = trainer.evaluate(testSet);
    nlohmann::json j;
    j["epochs"] = trainer.epoch();
    if (stopping.enabled) j["best_epoch"] = stopper.bestEpoch();
    j["train_loss"] = train.loss;
    j["test_loss"] = test.loss;
    if (classification) {
      j["train_accuracy"] = train.accuracy;
      j["test_accuracy"] = test.accuracy;
    } else {
      j["train_r2"] = train.r2;
      j["test_r2"] = test.r2;
      // Back in the target's own units when targets were standardized.
      const float f = run.data.targetScaler.fitted() ? run.data.targetScaler.factor[0] : 1.0f;
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
    j["samples_per_second"] =
        seconds > 0 ? static_cast<double>(trainer.samplesSeen() - samplesBefore) / seconds : 0.0;
    if (code != 0) j["error"] = "diverged";
    out << j.dump() << "\n";
  }
  out.flush();
  return code;
}

}  // namespace nnplay::cli
