#pragma once
// One stage of a network: Dense, BatchNorm, Activation or Dropout. A layer owns
// no parameters; it gets views into the network's flat parameter, gradient
// and state buffers (bind) and works through the Backend, so the same layer
// runs on any backend.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "nnplay/backend.hpp"
#include "nnplay/parameter_names.hpp"

namespace nnplay {

struct LayerContext {
  Backend& backend;
  bool training = false;
  std::uint64_t dropoutSeed = 0;
  std::uint64_t step = 0;  // optimizer step counter, so each step draws a new mask
};

// The slices of the network's buffers a layer owns.
struct LayerBinding {
  View weights;  // regularized parameters (kernels)
  View weightGrads;
  View others;  // unregularized parameters (biases, gamma, beta)
  View otherGrads;
  View state;  // non-trained state (running statistics)
};

// Which of the network's buffers an array lives in (the LayerBinding views).
enum class ArrayBuffer { Weights, Others, State };
// What Network::initialize writes into an array.
enum class ArrayInit { Initializer, BiasInit, Ones, Zeros };

// One array a layer owns. A layer's arrays of one buffer sit back to back in
// the order arrays() lists them, starting at that buffer's LayerBinding view.
struct ArrayDescription {
  ArrayKind kind;
  int rows;  // 1 for vectors
  int cols;
  ArrayBuffer buffer;
  ArrayInit init;
  std::size_t size() const { return static_cast<std::size_t>(rows) * cols; }
};

class Layer {
 public:
  Layer(int inputWidth, int outputWidth) : in_(inputWidth), out_(outputWidth) {}
  virtual ~Layer() = default;
  virtual std::string_view kind() const = 0;

  int inputWidth() const { return in_; }
  int outputWidth() const { return out_; }
  // The parameter and state arrays, the one source of the counts below and
  // of the network's layout and initialization.
  virtual std::vector<ArrayDescription> arrays() const { return {}; }
  std::size_t weightCount() const { return countIn(ArrayBuffer::Weights); }
  std::size_t otherCount() const { return countIn(ArrayBuffer::Others); }
  std::size_t stateCount() const { return countIn(ArrayBuffer::State); }

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
  std::size_t countIn(ArrayBuffer buffer) const {
    std::size_t n = 0;
    for (const ArrayDescription& a : arrays()) n += a.buffer == buffer ? a.size() : 0;
    return n;
  }

  int in_;
  int out_;
};

}  // namespace nnplay
