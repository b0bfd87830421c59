#include "layers/batch_norm_layer.hpp"

namespace nnplay {

std::vector<ArrayDescription> BatchNormLayer::arrays() const {
  const int w = outputWidth();
  return {{ArrayKind::Gamma, 1, w, ArrayBuffer::Others, ArrayInit::Ones},
          {ArrayKind::Beta, 1, w, ArrayBuffer::Others, ArrayInit::Zeros},
          {ArrayKind::RunningMean, 1, w, ArrayBuffer::State, ArrayInit::Zeros},
          {ArrayKind::RunningVar, 1, w, ArrayBuffer::State, ArrayInit::Ones}};
}

void BatchNormLayer::reserve(Backend& backend, int maxRows) {
  xhat_ = backend.allocate(static_cast<std::size_t>(maxRows) * outputWidth());
  invStd_ = backend.allocate(static_cast<std::size_t>(outputWidth()));
}

void BatchNormLayer::forward(const LayerContext& ctx, View in, View out, int rows) {
  const auto w = static_cast<std::size_t>(outputWidth());
  BatchNormArgs args{rows, outputWidth(), kEpsilon, kMomentum, ctx.training};
  ctx.backend.batchNormForward(args, in, out, {xhat_.get(), 0}, {invStd_.get(), 0}, binding_.others,
                               binding_.others.at(w), binding_.state, binding_.state.at(w));
}

void BatchNormLayer::backward(const LayerContext& ctx, View, View, View dOut, View dIn, int rows) {
  const auto w = static_cast<std::size_t>(outputWidth());
  ctx.backend.batchNormBackward(rows, outputWidth(), ctx.training, dOut, {xhat_.get(), 0},
                                {invStd_.get(), 0}, binding_.others, dIn, binding_.otherGrads,
                                binding_.otherGrads.at(w));
}

}  // namespace nnplay
