#pragma once
// A network in inference form, layer by layer, as affine maps: what the ONNX
// export writes (one Gemm per layer) and what the course's "linear collapse"
// shows (COURSE.md c04): with linear hidden activations the whole network is
// one layer.
#include <optional>

#include "nnplay/activation.hpp"
#include "nnplay/network.hpp"

namespace nnplay {

// z = x · kernel + bias, then the activation.
struct AffineLayer {
  RowMatrix kernel;  // in x out
  RowMatrix bias;    // 1 x out
  ActivationId activation = ActivationId::Linear;
};

// Spec layer `layer` (0-based) with batch norm's running statistics folded in:
// kernel' = kernel * s, bias' = beta - mean * s, s = gamma / sqrt(var + eps),
// per unit. Dropout is the identity at inference. Requires 0 <= layer <
// the number of spec layers.
AffineLayer inferenceLayer(const Network& net, int layer);

// True when every hidden layer's activation is linear (also for no hidden layer).
bool hiddenLayersAreLinear(const NetworkSpec& spec);

// With linear hidden layers the network is one layer: kernel = W¹W²…Wᴸ,
// bias = (…(b¹W² + b²)W³ + …) + bᴸ, and the output layer's activation.
// Computed in double. nullopt when some hidden activation is not linear.
std::optional<AffineLayer> collapseLinear(const Network& net);

}  // namespace nnplay
