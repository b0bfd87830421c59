#pragma once
// The gradient-descent lab in a shell: `nnplay-cli descend` (an optimizer's
// path on a loss surface, or on a linear regression's MSE) and
// `nnplay-cli landscape` (a slice of a saved model's loss landscape).
#include <ostream>
#include <string>

#include "nnplay/optimizer.hpp"

namespace nnplay::cli {

struct DescendOptions {
  std::string surface = "bowl";  // a surface name, or linreg:FILE.csv:COLUMN:TARGET
  std::string optimizer = "sgd";
  OptimizerSettings settings = [] {
    OptimizerSettings s;
    s.learningRate = -1.0f;  // < 0: the surface's own
    return s;
  }();
  std::string start;  // "x,y"; empty: the surface's own
  int steps = 100;
  int batch = 0;  // linreg: 0 = full batch
  std::uint64_t seed = 1;
  bool json = false;
};

struct LandscapeOptions {
  std::string model;
  int resolution = 41;
  double span = 1.0;
  std::uint64_t seed = 1;
  bool json = false;
  bool csv = false;
};

// Throw SpecError (exit 2) for unknown names (listing the choices) and a
// start outside the surface's range (naming the range).
int runDescend(const DescendOptions& o, std::ostream& out);
int runLandscape(const LandscapeOptions& o, std::ostream& out);

}  // namespace nnplay::cli
