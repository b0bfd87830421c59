#pragma once
// Dead and saturated neurons of the hidden layers (COURSE.md c03), measured
// on a batch of inputs at inference:
//  - dead: the unit's output and its derivative are exactly zero on every
//    sample (a ReLU whose pre-activation is never positive: no gradient
//    reaches its weights, so it stops learning);
//  - saturated: |f'(z)| < 0.01 on more than half the samples (a sigmoid or
//    tanh pushed far into its flat tails learns hardly at all).
#include <vector>

#include "nnplay/network.hpp"

namespace nnplay {

struct LayerHealth {
  int units = 0;
  std::vector<bool> dead;  // per unit
  std::vector<bool> saturated;
  int deadCount() const;
  int saturatedCount() const;
  double deadShare() const { return units ? static_cast<double>(deadCount()) / units : 0.0; }
  double saturatedShare() const {
    return units ? static_cast<double>(saturatedCount()) / units : 0.0;
  }
};

inline constexpr float kSaturatedDerivative = 0.01f;

// One entry per hidden layer. Requires x.cols() == net.inputs() and at least
// one row (throws SpecError otherwise). Softmax layers (output only) are skipped.
std::vector<LayerHealth> unitHealth(Network& net, const RowMatrix& x);

}  // namespace nnplay
