#pragma once
// a = f(z), one row of the activation table.
#include "nnplay/activation.hpp"
#include "nnplay/layer.hpp"

namespace nnplay {

class ActivationLayer final : public Layer {
 public:
  ActivationLayer(int width, const ActivationInfo& f) : Layer(width, width), f_(f) {}
  std::string_view kind() const override { return "activation"; }
  const ActivationInfo& function() const { return f_; }
  void forward(const LayerContext& ctx, View in, View out, int rows) override {
    ctx.backend.activationForward(f_, in, out, rows, outputWidth());
  }
  void backward(const LayerContext& ctx, View in, View out, View dOut, View dIn,
                int rows) override {
    if (dIn) ctx.backend.activationBackward(f_, in, out, dOut, dIn, rows, outputWidth());
  }

 private:
  const ActivationInfo& f_;
};

}  // namespace nnplay
