#include "layers/dense_layer.hpp"

namespace nnplay {

std::vector<ArrayDescription> DenseLayer::arrays() const {
  std::vector<ArrayDescription> a{{ArrayKind::Kernel, inputWidth(), outputWidth(),
                                   ArrayBuffer::Weights, ArrayInit::Initializer}};
  if (hasBias_) {
    a.push_back({ArrayKind::Bias, 1, outputWidth(), ArrayBuffer::Others, ArrayInit::BiasInit});
  }
  return a;
}

void DenseLayer::forward(const LayerContext& ctx, View in, View out, int rows) {
  if (hasBias_) {
    ctx.backend.denseForward(in, binding_.weights, binding_.others, out, rows, inputWidth(),
                             outputWidth());
  } else {
    ctx.backend.gemm(Trans::No, Trans::No, rows, outputWidth(), inputWidth(), 1.0f, in,
                     binding_.weights, 0.0f, out);
  }
}

void DenseLayer::backward(const LayerContext& ctx, View in, View, View dOut, View dIn, int rows) {
  // dW = X^T dZ, db = column sums of dZ, dX = dZ W^T
  ctx.backend.gemm(Trans::Yes, Trans::No, inputWidth(), outputWidth(), rows, 1.0f, in, dOut, 0.0f,
                   binding_.weightGrads);
  if (hasBias_) ctx.backend.columnSums(dOut, rows, outputWidth(), binding_.otherGrads);
  if (dIn) {
    ctx.backend.gemm(Trans::No, Trans::Yes, rows, inputWidth(), outputWidth(), 1.0f, dOut,
                     binding_.weights, 0.0f, dIn);
  }
}

}  // namespace nnplay
