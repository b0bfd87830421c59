#pragma once
// Activation functions as one table. A row is a name, the function f, its
// derivative f', and the range of f. The GUI's menus, the file format, the CLI
// and the tests all enumerate this table; adding an activation is one row.
//
// Binary step trains with the straight-through estimator: its f' is taken to
// be 1 instead of the true 0. With a single step neuron and SGD this is exactly
// the perceptron rule (w += lr * (target - output) * x), which is how a step
// neuron learns AND and OR in the course.
//
// Softmax works on a whole row; it is allowed only on an output layer.
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace nnplay {

enum class ActivationId {
  Linear,
  Sigmoid,
  Tanh,
  Relu,
  LeakyRelu,
  Elu,
  Gelu,
  Swish,
  Softplus,
  BinaryStep,
  Softmax
};

struct ActivationInfo {
  ActivationId id;
  std::string_view name;   // stable identifier used in files and on the command line
  std::string_view label;  // what a person reads
  float lo;                // range of f (may be infinite)
  float hi;
  bool rowWise;          // softmax: output depends on the whole row
  bool straightThrough;  // f' replaced by 1 when training (binary step)
  // a = f(z) over n contiguous values (rowWise: n = rows * cols, row length cols).
  void (*forward)(const float* z, float* a, std::size_t n, std::size_t cols);
  // dz = f'(z) * da (rowWise: the Jacobian-vector product); z and a are the
  // forward input and output.
  void (*backward)(const float* z, const float* a, const float* da, float* dz, std::size_t n,
                   std::size_t cols);
};

// Requires: nothing. Guarantees: every ActivationId has exactly one row, in enum order.
std::span<const ActivationInfo> activations();
const ActivationInfo& activation(ActivationId id);
// Throws SpecError naming the unknown name and listing the known ones.
const ActivationInfo& activationByName(std::string_view name);
// "linear, sigmoid, ..." for error and help messages.
std::string activationNames();

}  // namespace nnplay
