#pragma once
// The flags `nnplay-cli train` understands and how they become an experiment:
// a dataset split, a network spec and training settings.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/dataset.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::cli {

struct TrainOptions {
  std::string dataset = "spiral";
  int samples = 500;
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
  std::string init = "glorot_uniform";
  double biasInit = 0.0;
  bool biasInitGiven = false;
  long reportEvery = 0;  // 0: about ten lines
  bool json = false;
};

void addTrainOptions(CLI::App& app, TrainOptions& o);

struct Experiment {
  Split split;
  NetworkSpec spec;
  TrainingSettings settings;
};

// Throws SpecError for names that are not in the tables and for combinations
// the engine cannot build.
Experiment buildExperiment(const TrainOptions& o);

}  // namespace nnplay::cli
