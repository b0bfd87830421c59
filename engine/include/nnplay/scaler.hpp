#pragma once
// Feature scaling, fitted on the training split only and kept with the model
// so that new data is scaled the same way: x' = (x - offset) * factor.
//   none        offset 0, factor 1
//   standard    z-score: mean and standard deviation (a constant column keeps factor 1)
//   minmax      to [0, 1]
//   minmax_sym  to [-1, 1]
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/tensor.hpp"

namespace nnplay {

enum class ScalingId { None, Standard, MinMax, MinMaxSymmetric };

struct ScalingInfo {
  ScalingId id;
  std::string_view name;
  std::string_view label;
};

std::span<const ScalingInfo> scalings();
const ScalingInfo& scalingByName(std::string_view name);  // throws SpecError

struct Scaler {
  ScalingId id = ScalingId::None;
  std::vector<float> offset;
  std::vector<float> factor;

  // Fits on the rows of x, ignoring NaN (missing) cells.
  void fit(const RowMatrix& x);
  void apply(RowMatrix& x) const;  // in place; requires x.cols() == offset.size() once fitted
  RowMatrix inverse(const RowMatrix& scaled) const;  // x = x' / factor + offset
  bool fitted() const { return !offset.empty(); }
};

}  // namespace nnplay
