#pragma once
// Inverted dropout: while training each unit is kept with probability 1 - rate
// and scaled by 1 / (1 - rate); the mask is kept for backward. At inference
// the layer passes its input through unchanged.
#include <cstdint>
#include <memory>

#include "nnplay/layer.hpp"

namespace nnplay {

class DropoutLayer final : public Layer {
 public:
  DropoutLayer(int width, float rate, std::uint64_t index)
      : Layer(width, width), rate_(rate), index_(index) {}
  std::string_view kind() const override { return "dropout"; }
  float rate() const { return rate_; }
  View mask() const { return {mask_.get(), 0}; }
  void reserve(Backend& backend, int maxRows) override;
  void forward(const LayerContext& ctx, View in, View out, int rows) override;
  void backward(const LayerContext& ctx, View in, View out, View dOut, View dIn, int rows) override;

 private:
  float rate_;
  std::uint64_t index_;  // which dropout layer: each draws its own mask
  std::unique_ptr<DeviceBuffer> mask_;
};

}  // namespace nnplay
