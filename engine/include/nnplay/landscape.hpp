#pragma once
// A slice of a network's loss landscape (issue 12): the training loss at
// centre + a·d₁ + b·d₂ over a grid of (a, b) in [−span, span]², with the
// current weights at the centre. The directions are random and normalized
// per neuron ("filter-normalized", Li et al. 2018, Visualizing the Loss
// Landscape of Neural Nets: each neuron's incoming weights in a direction
// get the norm of that neuron's weights; biases and batch-norm parameters
// are left at zero), or two single weights.
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/dataset.hpp"
#include "nnplay/descent.hpp"
#include "nnplay/network.hpp"
#include "nnplay/targets.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {

struct LandscapeDirections {
  std::vector<float> d1;  // parameterCount() values each
  std::vector<float> d2;
  std::string label1 = "direction 1";
  std::string label2 = "direction 2";
};

// Throws SpecError for a network without kernels.
LandscapeDirections randomDirections(const Network& net, std::uint64_t seed);
// Unit directions along two weights (parameter-table names and flat
// indices); throws SpecError naming an unknown array or an index out of range.
LandscapeDirections weightDirections(const Network& net, const std::string& array1, int index1,
                                     const std::string& array2, int index2);

// What a window asks for: the grid and the directions (random from the seed,
// or along two weights when array1 and array2 are set).
struct LandscapeRequest {
  int resolution = 41;
  double span = 1.0;
  std::uint64_t seed = 1;
  std::string array1, array2;
  int index1 = 0, index2 = 0;
  bool operator==(const LandscapeRequest&) const = default;
};

struct LandscapeSlice {
  int resolution = 0;
  double span = 0.0;
  RowMatrix loss;  // resolution × resolution: row i is b = −span + 2·span·i/(res−1), column j is a
  double centreLoss = 0.0;
  LandscapeDirections directions;
  std::vector<float> centre;  // the parameters at the centre
  int rows = 0;               // training rows the loss was measured on
  long step = 0;              // the session's step counter at the centre (0 outside a session)
  double at(int i, int j) const { return loss(i, j); }
  double coordinate(int k) const { return -span + 2.0 * span * k / (resolution - 1); }
  // (a, b) of a parameter vector projected onto the slice (least squares).
  Point2 project(const std::vector<float>& parameters) const;
};

inline constexpr int kMaxLandscapeResolution = 201;

// The mean loss of `settings.loss` over `data` at every grid point. The
// network's parameters are restored afterwards. Throws SpecError for a
// resolution outside 3..kMaxLandscapeResolution (odd, so the centre is a
// grid point) or a span that is not positive.
LandscapeSlice lossSlice(Network& net, const Dataset& data, const TrainingSettings& settings,
                         const LandscapeDirections& directions, int resolution, double span);
// The request's directions and slice over (at most maxRows of) the data.
LandscapeSlice lossSlice(Network& net, const Dataset& data, const TrainingSettings& settings,
                         const LandscapeRequest& request, int maxRows = 2000);

}  // namespace nnplay
