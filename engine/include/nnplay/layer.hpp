#pragma once
// One stage of a network: Dense, BatchNorm, Activation or Dropout. A layer owns
// no parameters; it gets views into the network's flat parameter, gradient
// and state buffers (bind) and works through the Backend, so the same layer
// runs on any backend.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nnplay/backend.hpp"

namespace nnplay {

struct LayerContext {
  Backend& backend;
  bool training = false;
  std::uint64_t dropoutSeed = 0;
  std::uint64_t step = 0;  // optimizer step counter, so each step draws a new mask
};

// The slices of the network's buffers a layer owns.
struct LayerBinding {
  View weights;      // regularized parameters (kernels)
  View weightGrads;
  View others;       // unregularized parameters (biases, gamma, beta)
  View otherGrads;
  View state;        // non-trained state (running statistics)
};

class Layer {
 public:
  Layer(int inputWidth, int outputWidth) : in_(inputWidth), out_(outputWidth) {}
  virtual ~Layer() = default;
  virtual std::string_view kind() const = 0;

  int inputWidth() const { return in_; }
  int outputWidth() const { return out_; }
  virtual std::size_t weightCount() const { return 0; }
  virtual std::size_t otherCount() const { return 0; }
  virtual std::size_t stateCount() const { return 0; }

  virtual void bind(const LayerBinding& b) { binding_ = b; }
  // Scratch buffers the layer keeps between forward and backward.
  virtual void reserve(Backend&, int /*maxRows*/) {}

  // out = layer(in) for `rows` samples.
  virtual void forward(const LayerContext& ctx, View in, View out, int rows) = 0;
  // Given dOut, writes the parameter gradients (overwriting) and, when dIn is
  // set, the gradient with respect to the input. in/out are the forward's.
  virtual void backward(const LayerContext& ctx, View in, View out, View dOut, View dIn,
                        int rows) = 0;

 protected:
  LayerBinding binding_;

 private:
  int in_;
  int out_;
};

}  // namespace nnplay
