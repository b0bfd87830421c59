#pragma once
// Z = X W + b with W [in x out] (Keras's kernel layout) and b [out].
#include "nnplay/layer.hpp"

namespace nnplay {

class DenseLayer final : public Layer {
 public:
  using Layer::Layer;
  std::string_view kind() const override { return "dense"; }
  std::size_t weightCount() const override;
  std::size_t otherCount() const override { return static_cast<std::size_t>(outputWidth()); }
  void forward(const LayerContext& ctx, View in, View out, int rows) override;
  void backward(const LayerContext& ctx, View in, View out, View dOut, View dIn,
                int rows) override;
};

}  // namespace nnplay
