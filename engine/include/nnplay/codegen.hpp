#pragma once
// Keras and PyTorch source for a document: the network, its initializers,
// regularizers, optimizer, loss, metric, batch size, epochs, validation split,
// and the feature map and scaling as preprocessing. The code view shows it
// live; exportScript() writes it as a complete script with the data and the
// trained weights next to it, so it runs without nnplay.
//
// Every script takes the same flags:
//   --load-weights      start from nnplay's trained weights (WEIGHTS_FILE, an
//                       .npz from exportNpz) and use the scaling stored there
//   --epochs N          train N epochs (0: evaluate only); default EPOCHS
//   --seed S            seed of the initial weights, shuffling and dropout
//   --predict IN.csv --output OUT.csv
//                       outputs for the rows of IN.csv (columns named like
//                       the model's raw inputs, as `nnplay-cli predict`
//                       reads them), written with nnplay-cli predict's header
//   --json              end with one line of JSON: {"metric": "accuracy" or
//                       "r2", "train_metric": ..., "test_metric": ...}
// What a framework cannot express exactly (the binary step's straight-through
// gradient, a truncated normal, Keras's Adam epsilon placement) is written as
// a helper or a comment in the script and listed in GeneratedCode::differences.
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data_rules.hpp"
#include "nnplay/data_source.hpp"
#include "nnplay/network.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/project_file.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {

enum class CodeFramework { Keras, PyTorch };

// How files and the command line spell a framework: "keras", "pytorch".
std::string_view codeFrameworkName(CodeFramework f);
CodeFramework codeFrameworkByName(std::string_view name);  // throws SpecError

// The control a generated line comes from, so that a window can light up the
// line a hovered control produces. Stable names:
//   data, features, scaling, layers, activation, dropout, batch_norm, init,
//   l1, l2, optimizer, learning_rate, loss, metrics, batch_size, epochs,
//   validation, seed, weights
struct CodeLine {
  std::string text;
  std::string control;  // empty: no control; several names are separated by spaces
  int layer = -1;       // activation, dropout, batch_norm, layers: which layer (0-based), else -1

  // True when `control` is among the line's names and, for layer >= 0, the
  // line belongs to that layer (or to none).
  bool tagged(std::string_view name, int whichLayer = -1) const;
};

struct CodeInput {
  DataSpec data;
  NetworkSpec network;
  TrainingSettings training;
  DataShape shape;  // task, classes, raw inputs (the window's shape, or shapeOf the prepared data)
  long epochs = 100;
  std::string scriptFile = "train.py";   // the script's own name, for its usage text
  std::string dataFile = "data.csv";     // the CSV next to the script (not used for IDX folders)
  std::string weightsFile;               // the .npz next to the script; empty: no trained weights
  std::string origin;                    // where the document came from, for the header comment
  std::vector<std::string> outputNames;  // class names or the target name; empty: generic
};

// The input of a saved project: its data, network, settings, the data's
// shape; epochs = the epochs it was trained for (100 when untrained).
CodeInput codeInputOf(const Project& p, const DataShape& shape);

struct GeneratedCode {
  std::vector<CodeLine> lines;
  // What the script cannot express exactly, one sentence each (also written
  // as comments in the script).
  std::vector<std::string> differences;

  std::string text() const;  // the lines joined with '\n', ending with one
  // 0-based index of the first line produced by `control` (and `layer`, when
  // >= 0); -1 when no line is.
  int lineOf(std::string_view control, int layer = -1) const;
};

// Requires: a network and settings that validate() accepts. Guarantees: a
// complete script for the framework; never throws for a valid document.
GeneratedCode generateCode(const CodeInput& in, CodeFramework f);

struct ScriptFiles {
  std::string script;              // the path written
  std::string data;                // the data CSV written, or empty (IDX folders; withData false)
  std::string weights;             // the .npz written, or empty (no trained weights)
  std::vector<std::string> notes;  // for people: what was and was not written
};

// Writes `path` (the script), and next to it `<stem>.npz` when `trained` is
// given (with `transform`), and `<stem>_data.csv` with the data's raw columns,
// target and split when `withData` and the data is not an IDX folder. Every
// file is written atomically. Prepares the data once (to write its CSV).
// Throws DataError naming the path when a file cannot be written (files
// already written by this call are removed), SpecError for a bad document.
ScriptFiles exportScript(const Project& p, const Network* trained, CodeFramework f,
                         const std::string& path, bool withData);

}  // namespace nnplay
