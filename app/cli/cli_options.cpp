#include "cli_options.hpp"

#include "example_data.hpp"

#include <cstdio>

#include "nnplay/activation.hpp"
#include "nnplay/augment.hpp"
#include "nnplay/data_rules.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/idx_reader.hpp"
#include "nnplay/initializer.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/optimizer.hpp"
#include "nnplay/schedule.hpp"

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
  auto taskNames = namesOf(tasks());
  taskNames.insert(taskNames.begin(), std::string(kAutoTask));

  app.add_option("--dataset", o.dataset,
                 "Generated dataset, fashion_mnist (Debian's dataset-fashion-mnist) or digits "
                 "(8x8, shipped)")
      ->check(CLI::IsMember(datasetChoices()))
      ->capture_default_str();
  app.add_option("--samples", o.samples, "Number of points generated (default: the generator's)")
      ->check(CLI::Range(2, 1'000'000));
  app.add_option("--classes", o.classes, "Classes of a k-class generator (spiral_k 3-6, blobs 2-8)")
      ->check(CLI::Range(2, 8));
  app.add_option("--features", o.features,
                 "Input features of 2-D data: x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2,cosx1,cosx2,one");
  app.add_option("--scale", o.scale, "Feature scaling, fitted on the training split")
      ->check(CLI::IsMember(namesOf(scalings())))
      ->capture_default_str();
  app.add_option("--csv", o.csv, "Train on a CSV table (header row; see --target)");
  app.add_option("--target", o.target, "Target column of the CSV table (default: the last)");
  app.add_option("--task", o.task, "classification or regression (auto: inferred from the target)")
      ->check(CLI::IsMember(taskNames))
      ->capture_default_str();
  app.add_option("--missing", o.missing, "Rows with missing inputs: impute (training mean) or drop")
      ->check(CLI::IsMember(namesOf(missingPolicies())))
      ->capture_default_str();
  app.add_option("--ignore", o.ignore, "CSV columns to leave out, e.g. name,ticket")
      ->delimiter(',');
  app.add_option("--idx", o.idx, "Train on an MNIST-format folder (the four IDX files)");
  app.add_option("--train-images", o.trainImages,
                 "Image folders (--idx, fashion_mnist, digits): train on only the first N training "
                 "images (0: all)")
      ->check(CLI::Range(0, 100'000'000));
  app.add_option("--validation", o.validationPercent,
                 "Percent of all rows held out for validation (taken from the training part)")
      ->check(CLI::Range(0.0, 80.0));
  app.add_option("--noise", o.noisePercent, "Noise in percent (0-50)")
      ->check(CLI::Range(0.0, 50.0))
      ->capture_default_str();
  app.add_option("--train-ratio", o.trainPercent, "Share of the data used for training, percent")
      ->check(CLI::Range(10.0, 90.0))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "Seed for data, initial weights, shuffling and dropout")
      ->capture_default_str();
  app.add_option("--layers", o.layers,
                 "Hidden layer widths, e.g. 8,8 (--layers \"\": no hidden layer)")
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
  app.add_option("--rho", o.rho, "RMSprop decay")
      ->check(CLI::Range(0.0, 0.9999))
      ->capture_default_str();
  app.add_option("--beta1", o.beta1, "Adam beta1")
      ->check(CLI::Range(0.0, 0.9999))
      ->capture_default_str();
  app.add_option("--beta2", o.beta2, "Adam beta2")
      ->check(CLI::Range(0.0, 0.99999))
      ->capture_default_str();
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
  app.add_flag("--no-bias", o.noBias,
               "Dense layers without biases (the feature 'one' gives a constant input whose "
               "weights do their job)");
  app.add_option("--init", o.init, "Weight initializer")
      ->check(CLI::IsMember(namesOf(initializers())))
      ->capture_default_str();
  app.add_option("--bias-init", o.biasInit, "Initial bias (default: the initializer's own)")
      ->check(CLI::Range(-10.0, 10.0))
      ->each([&o](const std::string&) { o.biasInitGiven = true; });
  app.add_option("--schedule", o.schedule,
                 "Learning-rate schedule, a factor of --lr: " + scheduleNames() +
                     ", with settings after a colon, e.g. step:every=10,factor=0.5 or "
                     "cosine:epochs=100,floor=0,warmup=5 (warmup: epochs of linear warm-up)")
      ->capture_default_str();
  app.add_option("--early-stopping", o.earlyStopping,
                 "Stop when the validation loss (the test loss without --validation) has not "
                 "improved for this many epochs, and restore the best weights (0: off)")
      ->check(CLI::Range(0, 100000));
  app.add_option("--min-delta", o.minDelta,
                 "Early stopping: an improvement must be larger than this")
      ->check(CLI::Range(0.0, 1e30));
  app.add_flag("--keep-last", o.keepLast,
               "Early stopping: keep the last weights instead of restoring the best");
  app.add_option("--augment", o.augment, augmentHelp())->capture_default_str();
  app.add_option("--report-every", o.reportEvery, "Print a line every N epochs (0: ten lines)")
      ->check(CLI::Range(0L, 100'000'000L));
  app.add_flag("--json", o.json, "End with one line of JSON with the results");
  app.add_flag("--health", o.health,
               "Report dead and saturated hidden units (first 256 training rows) on every line");
  app.add_option("--device", o.device,
                 "cpu (default), opencl, opencl:N or opencl:NAME (see devices)")
      ->capture_default_str();
  app.add_option("--save", o.save, "Save the trained model and run to FILE.nnplay.json");
  app.add_option(
      "--resume", o.resume,
      "Continue the run saved in FILE (its data, network and settings) for --epochs more");
}

std::string augmentHelp() {
  std::string images, others;
  for (const AugmentOption& a : augmentOptions()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g-%g", a.min, a.max);
    std::string range = a.integer && a.min == 0.0 && a.max == 1.0 ? "0 or 1" : buf;
    if (!a.unit.empty()) range += " " + std::string(a.unit);
    std::string& list = a.image ? images : others;
    if (!list.empty()) list += ", ";
    list.append(a.name).append(" (").append(range).append(")");
  }
  return "Augment each training batch on the fly (never validation or test), name=value pairs, "
         "e.g. shift=2,flip=1,rotate=10,zoom=0.1,noise=0.05 (none: off). Images: " +
         images + "; 2-D and table data: " + others;
}

std::vector<std::string> datasetChoices() {
  std::vector<std::string> v = namesOf(generators());
  v.emplace_back("fashion_mnist");
  v.emplace_back("digits");
  return v;
}

DataSpec dataSpecFrom(const TrainOptions& o) {
  DataSpec d;
  if (!o.csv.empty() && !o.idx.empty()) throw SpecError("give --csv or --idx, not both");
  if (!o.csv.empty()) {
    d.kind = DataSourceKind::Csv;
    d.path = o.csv;
    d.table.target = o.target;
    d.table.task = tableTaskByName(o.task);
    d.table.missing = missingPolicyByName(o.missing);
    d.table.ignore = o.ignore;
  } else if (!o.idx.empty() || o.dataset == "fashion_mnist" || o.dataset == "digits") {
    d.kind = DataSourceKind::Idx;
    d.path = !o.idx.empty() ? o.idx : o.dataset == "digits" ? digitsDir() : kFashionMnistDir;
    d.trainLimit = o.trainImages;
  } else {
    const GeneratorInfo& g = generatorByName(o.dataset);
    d.generator = o.dataset;
    d.params.samples = o.samples > 0 ? o.samples : g.defaultSamples;
    d.params.noise = o.noisePercent / 100.0;
    d.params.seed = o.seed;
    d.params.classes = o.classes;
  }
  if (d.kind != DataSourceKind::Idx && o.trainImages != 0) {
    throw SpecError(
        "--train-images applies to image folders (--idx, or --dataset fashion_mnist or digits)");
  }
  if (d.kind != DataSourceKind::Csv && (!o.target.empty() || !o.ignore.empty())) {
    throw SpecError("--target and --ignore apply to --csv tables");
  }
  if (!o.features.empty()) d.features = FeatureMap::parse(o.features);
  d.scaling = scalingByName(o.scale).id;
  d.trainRatio = o.trainPercent / 100.0;
  d.validationRatio = o.validationPercent / 100.0;
  d.splitSeed = o.seed;
  return d;
}

Experiment buildExperiment(const TrainOptions& o) {
  const DataSpec spec = dataSpecFrom(o);
  Experiment e{prepareData(spec), {}, {}};
  const DataShape shape = shapeOf(spec, e.data);
  const ActivationId outAct = o.outputActivation == "auto"
                                  ? defaultOutputActivation(shape)
                                  : activationByName(o.outputActivation).id;
  std::vector<int> hidden = o.layers;
  // CLI11 reads --layers "" as {0}: no hidden layer (a real 0 fails the range check).
  std::erase(hidden, 0);
  e.spec = makeSpec(shape.inputs, hidden, activationByName(o.activation).id,
                    outputUnits(outAct, shape), outAct);
  for (std::size_t i = 0; i + 1 < e.spec.layers.size(); ++i) {
    e.spec.layers[i].dropout = static_cast<float>(o.dropout);
    e.spec.layers[i].batchNorm = o.batchNorm;
  }
  for (LayerSpec& l : e.spec.layers) l.bias = !o.noBias;
  const InitializerInfo& init = initializerByName(o.init);
  e.spec.init = init.id;
  e.spec.biasInit = o.biasInitGiven ? static_cast<float>(o.biasInit) : init.defaultBias;

  TrainingSettings& s = e.settings;
  s.loss = o.loss == "auto" ? defaultLoss(outAct, shape) : lossByName(o.loss).id;
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
  s.schedule = parseSchedule(o.schedule);
  s.earlyStopping.enabled = o.earlyStopping > 0;
  s.earlyStopping.patience = o.earlyStopping > 0 ? o.earlyStopping : s.earlyStopping.patience;
  s.earlyStopping.minDelta = static_cast<float>(o.minDelta);
  s.earlyStopping.restoreBest = !o.keepLast;
  try {
    s.augment = parseAugment(o.augment);
  } catch (const SpecError& e) {
    throw SpecError(std::string("--augment: ") + e.what());
  }
  if (s.augment.anyImage() && e.data.imageRows == 0) {
    std::string image;
    for (const AugmentOption& a : augmentOptions()) {
      if (!a.image) continue;
      if (!image.empty()) image += ", ";
      image += a.name;
    }
    throw SpecError(
        "--augment: " + image +
        " apply to images (--idx, fashion_mnist or digits); for 2-D and table data use jitter");
  }
  checkFits(e.spec, s, shape);
  return e;
}

}  // namespace nnplay::cli
