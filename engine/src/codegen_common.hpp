#pragma once
// What the Keras and PyTorch writers share: a line writer that tags lines
// with the control they come from, Python literals, and the parts of a
// script that are plain NumPy (data, features, scaling, targets, scores,
// predictions from a CSV file).
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/codegen.hpp"

namespace nnplay::detail {

class CodeWriter {
 public:
  // One line, tagged with a control (and layer) or untagged.
  void line(std::string text, std::string control = {}, int layer = -1);
  // Several untagged lines; a leading newline in a raw string is dropped.
  void block(std::string_view text);
  void blank() { line({}); }
  void difference(std::string sentence) { code_.differences.push_back(std::move(sentence)); }
  // The code, with PEP 8's blank lines: two before each top-level def, class
  // and `if __name__`, one between the groups of imports and the settings.
  GeneratedCode take();

 private:
  GeneratedCode code_;
};

// The shortest decimal that reads back as the same float32: 0.01, 1e-08, 0.9.
std::string pyFloat(float v);
// A Python string literal ("..." with escapes).
std::string pyString(std::string_view s);
std::string pyStringList(const std::vector<std::string>& items);

// Facts about a document both writers need.
struct ScriptPlan {
  bool images = false;  // IDX folder
  bool plane = false;   // 1-D or 2-D points with a feature map
  bool regression = false;
  int classes = 0;
  int outputs = 1;
  bool fused = false;       // the loss reads the logits (ce, bce)
  bool classIndex = false;  // targets as class indices (ce)
  bool oneHot = false;      // several outputs, other losses
  bool binary = false;      // one output unit for two classes
  float low = 0.0f, high = 1.0f;
  bool scaleTargets = false;
  bool batchNorm = false;
  std::vector<int> batchNormLayers;
  bool binaryStep = false;            // some layer uses the binary step (a straight-through helper)
  std::string architecture;           // "2 inputs -> 8 tanh -> 1 sigmoid", build_model's docstring
  std::vector<std::string> features;  // plane data
  std::vector<std::string> outputHeader;  // what nnplay-cli predict writes
  std::string targetColumn;               // in the data CSV
};

ScriptPlan planOf(const CodeInput& in);

// What nnplay's training does that the scripts leave out, one sentence each:
// augmentation, a learning-rate schedule, early stopping.
void trainingDifferences(const TrainingSettings& t, std::vector<std::string>& out);

// The docstring (with the differences, also recorded in the code) and the
// imports: the standard library's, then `imports` (the framework's).
void writeHeader(CodeWriter& w, const CodeInput& in, const ScriptPlan& plan, std::string_view title,
                 std::string_view needs, const std::vector<std::string>& differences,
                 std::string_view imports);
// The settings after the imports: files, data, targets, epochs, batch size, seed.
void writeSettings(CodeWriter& w, const CodeInput& in, const ScriptPlan& plan);
// load_data, features, fit_scaling, encode_targets, score, read_inputs,
// write_outputs, stored_scaling: NumPy only.
void writeDataFunctions(CodeWriter& w, const CodeInput& in, const ScriptPlan& plan);
// parse_args() with the flags of codegen.hpp, then main(): `seeding` right
// after the arguments (may be empty), `building` where the model is made,
// then the weights or the fitted scaling, training with `trainArguments` after
// the targets, the scores per split, --json and --predict.
void writeMain(CodeWriter& w, const ScriptPlan& plan, std::string_view seeding,
               std::string_view building, std::string_view trainArguments);

GeneratedCode kerasCode(const CodeInput& in);
GeneratedCode pytorchCode(const CodeInput& in);

}  // namespace nnplay::detail
