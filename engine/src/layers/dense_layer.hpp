#pragma once
// Z = X W + b with W [in x out] (Keras's kernel layout) and b [out]. A layer
// followed by batch norm has no bias: batch norm subtracts the mean, so the
// bias would have a gradient of exactly zero and beta already shifts the output.
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

 private:
  bool hasBias_;
};

}  // namespace nnplay
