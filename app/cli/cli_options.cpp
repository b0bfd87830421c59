#include "cli_options.hpp"

#include "nnplay/activation.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/initializer.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/optimizer.hpp"

namespace nnplay::cli {

namespace {
template <typename Table>
std::vector<std::string> namesOf(const Table& table) {
  std::vector<std::string> v;
  for (const auto& row : table) v.emplace_back(row.name);
  return v;
}
}  // namespace

void addTrainOptions(CLI::App& app, TrainOptions& o) {
  auto acts = namesOf(activations());
  auto outActs = acts;
  outActs.insert(outActs.begin(), "auto");
  auto lossNames = namesOf(losses());
  lossNames.insert(lossNames.begin(), "auto");

  app.add_option("--dataset", o.dataset, "Dataset generator")
      ->check(CLI::IsMember(namesOf(generators())))
      ->capture_default_str();
  app.add_option("--samples", o.samples, "Number of points generated")
      ->check(CLI::Range(2, 1'000'000))
      ->capture_default_str();
  app.add_option("--noise", o.noisePercent, "Noise in percent (0-50)")
      ->check(CLI::Range(0.0, 50.0))
      ->capture_default_str();
  app.add_option("--train-ratio", o.trainPercent, "Share of the data used for training, percent")
      ->check(CLI::Range(10.0, 90.0))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "Seed for data, initial weights, shuffling and dropout")
      ->capture_default_str();
  app.add_option("--layers", o.layers, "Hidden layer widths, e.g. 8,8 (empty: none)")
      ->delimiter(',')
      ->check(CLI::Range(1, kMaxUnits))
      ->expected(0, kMaxLayers)
      ->capture_default_str();
  app.add_option("--activation", o.activation, "Hidden-layer activation")
      ->check(CLI::IsMember(acts))
      ->capture_default_str();
  app.add_option("--output-activation", o.outputActivation,
                 "Output activation (auto: sigmoid for 2 classes, softmax for more, linear for "
                 "regression)")
      ->check(CLI::IsMember(outActs))
      ->capture_default_str();
  app.add_option("--loss", o.loss, "Loss (auto: bce for sigmoid, ce for softmax, else mse)")
      ->check(CLI::IsMember(lossNames))
      ->capture_default_str();
  app.add_option("--optimizer", o.optimizer, "Optimizer")
      ->check(CLI::IsMember(namesOf(optimizers())))
      ->capture_default_str();
  app.add_option("--lr", o.learningRate, "Learning rate")
      ->check(CLI::Range(1e-9, 100.0))
      ->capture_default_str();
  app.add_option("--momentum", o.momentum, "Momentum (momentum, nesterov)")
      ->check(CLI::Range(0.0, 0.9999))
      ->capture_default_str();
  app.add_option("--rho", o.rho, "RMSprop decay")->check(CLI::Range(0.0, 0.9999))->capture_default_str();
  app.add_option("--beta1", o.beta1, "Adam beta1")->check(CLI::Range(0.0, 0.9999))->capture_default_str();
  app.add_option("--beta2", o.beta2, "Adam beta2")->check(CLI::Range(0.0, 0.99999))->capture_default_str();
  app.add_option("--batch", o.batch, "Batch size (1: stochastic; >= training rows: full batch)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  app.add_option("--epochs", o.epochs, "Epochs to train")
      ->check(CLI::Range(1L, 100'000'000L))
      ->capture_default_str();
  app.add_option("--l1", o.l1, "L1 regularization rate (kernels only, not biases)")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  app.add_option("--l2", o.l2, "L2 regularization rate (kernels only, not biases)")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  app.add_option("--dropout", o.dropout, "Dropout rate on every hidden layer")
      ->check(CLI::Range(0.0, 0.95))
      ->capture_default_str();
  app.add_flag("--batchnorm", o.batchNorm, "Batch normalization on every hidden layer");
  app.add_option("--init", o.init, "Weight initializer")
      ->check(CLI::IsMember(namesOf(initializers())))
      ->capture_default_str();
  app.add_option("--bias-init", o.biasInit, "Initial bias (default: the initializer's own)")
      ->check(CLI::Range(-10.0, 10.0))
      ->each([&o](const std::string&) { o.biasInitGiven = true; });
  app.add_option("--report-every", o.reportEvery, "Print a line every N epochs (0: ten lines)")
      ->check(CLI::Range(0L, 100'000'000L));
  app.add_flag("--json", o.json, "End with one line of JSON with the results");
}

Experiment buildExperiment(const TrainOptions& o) {
  const GeneratorInfo& gen = generatorByName(o.dataset);
  const Dataset data = gen.generate({o.samples, o.noisePercent / 100.0, o.seed});
  Experiment e{splitByRatio(data, o.trainPercent / 100.0), {}, {}};

  const bool classification = data.task == Task::Classification;
  const int outputs = classification ? (data.classes == 2 ? 1 : data.classes) : data.targetColumns();
  ActivationId outAct;
  if (o.outputActivation != "auto") {
    outAct = activationByName(o.outputActivation).id;
  } else if (!classification) {
    outAct = ActivationId::Linear;
  } else {
    outAct = outputs == 1 ? ActivationId::Sigmoid : ActivationId::Softmax;
  }
  const int outUnits = (classification && outAct == ActivationId::Softmax) ? data.classes : outputs;
  e.spec = makeSpec(data.features(), o.layers, activationByName(o.activation).id, outUnits, outAct);
  for (std::size_t i = 0; i + 1 < e.spec.layers.size(); ++i) {
    e.spec.layers[i].dropout = static_cast<float>(o.dropout);
    e.spec.layers[i].batchNorm = o.batchNorm;
  }
  const InitializerInfo& init = initializerByName(o.init);
  e.spec.init = init.id;
  e.spec.biasInit = o.biasInitGiven ? static_cast<float>(o.biasInit) : init.defaultBias;

  TrainingSettings& s = e.settings;
  if (o.loss != "auto") {
    s.loss = lossByName(o.loss).id;
  } else if (outAct == ActivationId::Sigmoid && classification) {
    s.loss = LossId::Bce;
  } else if (outAct == ActivationId::Softmax) {
    s.loss = LossId::Ce;
  } else {
    s.loss = LossId::Mse;
  }
  s.optimizer.id = optimizerByName(o.optimizer).id;
  s.optimizer.learningRate = static_cast<float>(o.learningRate);
  s.optimizer.momentum = static_cast<float>(o.momentum);
  s.optimizer.rho = static_cast<float>(o.rho);
  s.optimizer.beta1 = static_cast<float>(o.beta1);
  s.optimizer.beta2 = static_cast<float>(o.beta2);
  s.l1 = static_cast<float>(o.l1);
  s.l2 = static_cast<float>(o.l2);
  s.batchSize = o.batch;
  s.seed = o.seed;
  validate(e.spec);
  validate(s, e.spec);
  return e;
}

}  // namespace nnplay::cli
