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
  ctx.backend.denseForward(in, binding_.weights, hasBias_ ? binding_.others : View{}, out, rows,
                           inputWidth(), outputWidth());
}

void DenseLayer::forwardWith(const LayerContext& ctx, View in, View out, int rows,
                             const ActivationInfo& f, View a) {
  ctx.backend.denseForward(in, binding_.weights, hasBias_ ? binding_.others : View{}, out, rows,
                           inputWidth(), outputWidth(), &f, a);
}

void DenseLayer::backward(const LayerContext& ctx, View in, View, View dOut, View dIn, int rows) {
  // dW = X^T dZ, db = column sums of dZ, dX = dZ W^T
  ctx.backend.denseBackward(in, binding_.weights, dOut, binding_.weightGrads,
                            hasBias_ ? binding_.otherGrads : View{}, dIn, rows, inputWidth(),
                            outputWidth());
}

void DenseLayer::backwardWith(const LayerContext& ctx, View in, View dOut, View dIn, int rows,
                              const ActivationInfo& f, View fz, View fdz) {
  ctx.backend.denseBackward(in, binding_.weights, dOut, binding_.weightGrads,
                            hasBias_ ? binding_.otherGrads : View{}, dIn, rows, inputWidth(),
                            outputWidth(), &f, fz, fdz);
}

}  // namespace nnplay
