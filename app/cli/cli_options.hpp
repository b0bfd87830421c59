#pragma once
// The flags `nnplay-cli train` understands and how they become an experiment:
// a dataset split, a network spec and training settings.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/data_source.hpp"
#include "nnplay/dataset.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::cli {

struct TrainOptions {
  std::string dataset = "spiral";
  int samples = 0;       // 0: the generator's default (500 to classify, 1200 to regress)
  int classes = 0;       // k-class generators; 0: their default
  std::string features;  // "x1,x2,x1sq,..."; empty: X1 and X2
  std::string scale = "none";
  std::string csv;
  std::string target;
  std::string task{kAutoTask};  // or a task name
  std::string missing{missingPolicyName(MissingPolicy::Impute)};
  std::vector<std::string> ignore;
  std::string idx;
  int trainImages = 0;  // --idx / fashion_mnist: only the first N training images (0: all)
  double validationPercent = 0.0;
  double noisePercent = 0.0;
  double trainPercent = 50.0;
  std::uint64_t seed = 1;
  std::vector<int> layers = {8, 8};
  std::string activation = "tanh";
  std::string outputActivation = "auto";
  std::string loss = "auto";
  std::string optimizer = "adam";
  double learningRate = 0.01;
  double momentum = 0.9;
  double rho = 0.9;
  double beta1 = 0.9;
  double beta2 = 0.999;
  int batch = 10;
  long epochs = 200;
  double l1 = 0.0;
  double l2 = 0.0;
  double dropout = 0.0;
  bool batchNorm = false;
  bool noBias = false;  // every dense layer without a bias
  std::string init = "glorot_uniform";
  double biasInit = 0.0;
  bool biasInitGiven = false;
  std::string schedule = "constant";  // parseSchedule(): "cosine:epochs=50,warmup=5"
  int earlyStopping = 0;              // patience in epochs; 0: off
  double minDelta = 0.0;
  bool keepLast = false;         // early stopping without restoring the best weights
  std::string augment = "none";  // parseAugment(): "shift=2,flip=1,rotate=10"
  long reportEvery = 0;          // 0: about ten lines
  bool json = false;
  bool health = false;         // dead and saturated hidden units in every report line
  std::string device = "cpu";  // cpu, opencl, opencl:N, opencl:NAME
  std::string save;            // write the trained model here
  std::string resume;          // continue the run saved here
};

void addTrainOptions(CLI::App& app, TrainOptions& o);

// --augment's help: the settings from the engine's table with their ranges.
std::string augmentHelp();

struct Experiment {
  PreparedData data;
  NetworkSpec spec;
  TrainingSettings settings;
};

// The data part of the options. Throws SpecError for impossible settings.
DataSpec dataSpecFrom(const TrainOptions& o);

// Throws SpecError for names that are not in the tables and for combinations
// the engine cannot build, DataError for bad files.
Experiment buildExperiment(const TrainOptions& o);

// The dataset names --dataset accepts: every generator, and fashion_mnist
// (Debian's dataset-fashion-mnist package).
std::vector<std::string> datasetChoices();

}  // namespace nnplay::cli
