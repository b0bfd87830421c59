#pragma once
// Batch normalization of each unit: y = gamma * (x - mean) / sqrt(var + eps)
// + beta. Training uses the batch's statistics and updates running ones
// (momentum 0.1, PyTorch's convention); inference uses the running ones. The
// backward pass is the full input gradient, through the batch statistics.
#include <memory>

#include "nnplay/layer.hpp"

namespace nnplay {

class BatchNormLayer final : public Layer {
 public:
  explicit BatchNormLayer(int width) : Layer(width, width) {}
  std::string_view kind() const override { return "batchnorm"; }
  std::size_t otherCount() const override { return 2 * static_cast<std::size_t>(outputWidth()); }
  std::size_t stateCount() const override { return 2 * static_cast<std::size_t>(outputWidth()); }
  void reserve(Backend& backend, int maxRows) override;
  void forward(const LayerContext& ctx, View in, View out, int rows) override;
  void backward(const LayerContext& ctx, View in, View out, View dOut, View dIn,
                int rows) override;

  static constexpr float kEpsilon = 1e-5f;
  static constexpr float kMomentum = 0.1f;

 private:
  std::unique_ptr<DeviceBuffer> xhat_;
  std::unique_ptr<DeviceBuffer> invStd_;
};

}  // namespace nnplay
