#include "layers/dropout_layer.hpp"

#include "nnplay/random.hpp"

namespace nnplay {

void DropoutLayer::reserve(Backend& backend, int maxRows) {
  mask_ = backend.allocate(static_cast<std::size_t>(maxRows) * outputWidth());
}

void DropoutLayer::forward(const LayerContext& ctx, View in, View out, int rows) {
  const auto n = static_cast<std::size_t>(rows) * outputWidth();
  if (ctx.training && rate_ > 0.0f) {
    ctx.backend.dropoutForward(in, mask(), out, n, rate_, mix64(ctx.dropoutSeed ^ index_),
                               ctx.step);
  } else {
    ctx.backend.fill(mask(), n, 1.0f);
    ctx.backend.multiply(in, mask(), out, n);
  }
}

void DropoutLayer::backward(const LayerContext& ctx, View, View, View dOut, View dIn, int rows) {
  if (dIn) ctx.backend.multiply(dOut, mask(), dIn, static_cast<std::size_t>(rows) * outputWidth());
}

}  // namespace nnplay
