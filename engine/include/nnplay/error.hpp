#pragma once
// Errors the engine throws. Every message names what was wrong and, where it
// helps, what was expected, so the CLI and the GUI can show it as it is.
#include <stdexcept>
#include <string>

namespace nnplay {

// A network, loss, optimizer or dataset description that cannot be built:
// unknown names, zero sizes, softmax on a hidden layer, mismatched widths.
class SpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Training produced a non-finite loss. Training stops; the weights are left as
// they were after the failing step so the caller can inspect or reset them.
class DivergenceError : public std::runtime_error {
 public:
  DivergenceError(long epoch, double loss);
  long epoch() const { return epoch_; }
  double loss() const { return loss_; }

 private:
  long epoch_;
  double loss_;
};

}  // namespace nnplay
