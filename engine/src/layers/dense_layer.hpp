#pragma once
// Z = X W + b with W [in x out] (Keras's kernel layout) and b [out]. A layer
// followed by batch norm has no bias: batch norm subtracts the mean, so the
// bias would have a gradient of exactly zero and beta already shifts the output.
#include "nnplay/activation.hpp"
#include "nnplay/layer.hpp"

namespace nnplay {

class DenseLayer final : public Layer {
 public:
  DenseLayer(int in, int out, bool hasBias) : Layer(in, out), hasBias_(hasBias) {}
  std::string_view kind() const override { return "dense"; }
  bool hasBias() const { return hasBias_; }
  std::vector<ArrayDescription> arrays() const override;
  void forward(const LayerContext& ctx, View in, View out, int rows) override;
  void backward(const LayerContext& ctx, View in, View out, View dOut, View dIn, int rows) override;
  // The forward pass and the element-wise activation after the layer:
  // out = in W + b, a = f(out).
  void forwardWith(const LayerContext& ctx, View in, View out, int rows, const ActivationInfo& f,
                   View a);
  // The backward pass (dIn set) and that of the element-wise activation
  // before the layer, whose input was fz and whose output is `in`:
  // fdz = f'(fz) * dIn.
  void backwardWith(const LayerContext& ctx, View in, View dOut, View dIn, int rows,
                    const ActivationInfo& f, View fz, View fdz);

 private:
  bool hasBias_;
};

}  // namespace nnplay
