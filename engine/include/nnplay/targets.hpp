#pragma once
// How class labels become the numbers an output layer is trained towards, and
// back. One output unit: class 1 -> 1, class 0 -> -1 when the output
// activation reaches -1 (tanh, ELU, linear) or 0 otherwise (sigmoid, ReLU,
// step); the class is decided at the midpoint. Several units: one-hot with the same two values, or
// class indices for losses that take them (cross-entropy). Regression targets
// pass through.
#include "nnplay/dataset.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/network_spec.hpp"

namespace nnplay {

struct TargetEncoding {
  enum class Kind { Values, Binary, OneHot, ClassIndex };
  Kind kind = Kind::Values;
  float low = 0.0f;
  float high = 1.0f;
  int columns = 1;  // target columns after encoding

  RowMatrix encode(const Dataset& d) const;
  // Predicted class per row from the network outputs.
  int predictClass(const float* outputRow, int outputColumns) const;
};

// Throws SpecError when the task and the network's output do not fit: e.g. 3
// classes and 1 output unit, regression with softmax, targets with more
// columns than outputs.
TargetEncoding chooseEncoding(const Dataset& d, const NetworkSpec& spec, const LossInfo& loss);

// The same check from the data's shape alone (task, classes, target columns),
// so a window can refuse an edit before any data is prepared.
void checkOutputFits(Task task, int classes, int targetColumns, const NetworkSpec& spec,
                     const LossInfo& loss);

}  // namespace nnplay
