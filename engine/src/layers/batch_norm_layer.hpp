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
  // gamma then beta (others), running mean then variance (state), as forward reads them.
  std::vector<ArrayDescription> arrays() const override;
  void reserve(Backend& backend, int maxRows) override;
  void forward(const LayerContext& ctx, View in, View out, int rows) override;
  void backward(const LayerContext& ctx, View in, View out, View dOut, View dIn, int rows) override;

  // The one home of these; the exporters read kEpsilon too.
  static constexpr float kEpsilon = 1e-5f;
  static constexpr float kMomentum = 0.1f;

 private:
  std::unique_ptr<DeviceBuffer> xhat_;
  std::unique_ptr<DeviceBuffer> invStd_;
};

}  // namespace nnplay
