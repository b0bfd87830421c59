#pragma once
// `nnplay-cli explain MODEL --input "x1=0.5,x2=-1" --target 1`: the math of
// one sample through a saved model (COURSE.md c05, c10, c17), from the
// engine's trace: the forward pass with shapes, the loss, the backward pass
// and the update the model's optimizer would make next with its saved state.
#include <ostream>
#include <string>

namespace nnplay::cli {

struct ExplainOptions {
  std::string model;
  std::string input;   // "name=value,..." (the model's raw input columns) or "v1,v2,..."
  std::string target;  // a class name or index, or a value in target units
  std::string device = "cpu";
  bool json = false;
};

// Throws SpecError (exit code 2): an unknown or missing input name, a wrong
// count, a value that is not a number, no target, an unknown class.
int runExplain(const ExplainOptions& o, std::ostream& out);

}  // namespace nnplay::cli
