#pragma once
// Every neuron's output over a grid of the input plane, from one batched
// inference pass: the decision boundary (the output layer) and the small
// heatmaps of TF Playground (the input features and each hidden neuron).
//
// The plane is [-extent, extent] in each raw input. For 2-D data the grid is
// resolution x resolution points, row-major with the top row first (y =
// +extent) and x increasing to the right; for 1-D data it is one row of
// `resolution` points along x.
#include <memory>
#include <vector>

#include "nnplay/input_transform.hpp"
#include "nnplay/network.hpp"

namespace nnplay {

struct Grid {
  int resolution = 0;
  int rows = 0;  // resolution for 2-D data, 1 for 1-D data
  float extent = 6.0f;
  // layers[0]: the network's input features; layers[i + 1]: spec layer i
  // after its activation (the last is the output). Each is units x points:
  // one contiguous heatmap per neuron.
  std::vector<RowMatrix> layers;
  RowMatrix outputs;  // the output layer in target units (regression un-scaled), units x points
};

// Requires t.rawInputs to be 1 or 2 and resolution in [2, 1024]. Throws
// SpecError otherwise.
Grid evaluateGrid(Network& net, const InputTransform& t, int resolution, float extent);

// The same, for a caller that evaluates again and again (the session, 60
// times a second): keeps the transformed input grid while the transform,
// resolution and extent stay the same, and fills one of a few Grids again
// once no one else holds it (the window holds one or two snapshots at a time;
// when it lags behind and holds all three, a snapshot gets the last grid
// again): a grid of ten layers of 32 neurons is about 13 MB, and allocating
// one 60 times a second made the process's memory jump between two levels.
// Not thread-safe; one per session thread.
class GridEvaluator {
 public:
  std::shared_ptr<const Grid> evaluate(Network& net, std::shared_ptr<const InputTransform> t,
                                       int resolution, float extent);

 private:
  static constexpr std::size_t kKept = 3;
  std::vector<std::shared_ptr<Grid>> kept_;
  std::weak_ptr<Grid> last_;  // the one filled last, and for which network
  NetworkSpec lastSpec_;
  std::shared_ptr<const InputTransform> transform_;
  int resolution_ = 0;
  float extent_ = 0.0f;
  RowMatrix input_;  // the grid after the feature map and scaling
};

}  // namespace nnplay
