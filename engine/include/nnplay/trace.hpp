#pragma once
// The math of a few samples, with every number (COURSE.md c05, c10, c17):
// the forward pass layer by layer, the loss, the backward pass (δ per layer,
// f′ values, the gradients of every array) and the update the optimizer
// would make with its real state. Computed by the network's own backend code
// (the same forward, loss, backward, regularize and optimizerStep calls as
// training), in inference mode: no dropout, batch norm with its running
// statistics (the statistics are constants of the backward pass).
//
// Row convention throughout (Keras, what the engine computes): x is rows×n,
// a kernel W is in×out, z = a_prev · W + b.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/network.hpp"
#include "nnplay/tensor.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {

// One spec layer: Dense → [BatchNorm] → activation (→ dropout, the identity here).
struct LayerTrace {
  int layer = 0;
  ActivationId activation = ActivationId::Linear;
  bool batchNorm = false;
  RowMatrix input;       // a of the layer before (x for the first): rows × in
  RowMatrix z;           // input · W + b: rows × units
  RowMatrix normalized;  // batch norm's output, the activation's input; empty without it
  RowMatrix a;           // f(z) (or f(normalized)): rows × units
  // f′ at the activation's input, element by element (what training uses:
  // binary step's straight-through 1). Empty for softmax and for an output
  // fused with its loss (δ there is p − y, computed directly from the logits).
  RowMatrix derivative;
  RowMatrix gradA;   // ∂L/∂a; empty for a fused output
  RowMatrix delta;   // ∂L/∂ (activation input) = gradA ⊙ f′
  RowMatrix deltaZ;  // ∂L/∂z (equals delta without batch norm)

  const RowMatrix& activationInput() const { return batchNorm ? normalized : z; }
};

// One named array of the network (parameter_names.hpp), flattened row-major.
struct ArrayTrace {
  std::string name;
  int rows = 1;
  int cols = 1;
  bool regularized = false;  // a kernel: L1/L2 apply
  std::vector<float> value;
  std::vector<float> grad;     // ∂L/∂ of the mean loss over the traced rows
  std::vector<float> penalty;  // l1·sign(w) + l2·w (kernels with L1/L2 on); empty otherwise
  std::vector<float> update;   // the value after the proposed step
  // The optimizer's slots (optimizerSlotName), before and after the step.
  std::vector<std::vector<float>> stateBefore;
  std::vector<std::vector<float>> stateAfter;
  // Adam only: the bias-corrected moments m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ) after the step.
  std::vector<float> mHat;
  std::vector<float> vHat;
};

struct Trace {
  int rows = 0;
  RowMatrix x;       // the network's input (after features and scaling)
  RowMatrix target;  // encoded (one-hot, ±1, class index or values)
  RowMatrix logits;  // the output layer's activation input
  RowMatrix output;
  LossId loss = LossId::Mse;
  std::vector<double> sampleLoss;  // per row
  double meanLoss = 0.0;
  std::vector<LayerTrace> layers;
  RowMatrix inputGradient;  // ∂L/∂x
  OptimizerSettings optimizer;
  float l1 = 0.0f;
  float l2 = 0.0f;
  long step = 1;  // the step counter t of the proposed update
  std::vector<ArrayTrace> arrays;

  const ArrayTrace* array(std::string_view name) const;
};

// "velocity" (momentum, Nesterov), "square_avg" (RMSprop), "m" and "v" (Adam).
std::string_view optimizerSlotName(OptimizerId id, int slot);

// Traces `x` (rows × network inputs) towards the encoded targets, with the
// optimizer state `optimizerState` (optimizerStateSize() values, or empty for
// fresh state) and the update at step counter `step` (1-based). Throws
// SpecError when a width does not fit. The network's parameters and state
// are left unchanged; its workspace is reused.
Trace traceSamples(Network& net, const TrainingSettings& settings, const RowMatrix& x,
                   const RowMatrix& target, const std::vector<float>& optimizerState, long step);

}  // namespace nnplay
