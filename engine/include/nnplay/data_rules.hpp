#pragma once
// What a data source gives a network, and the rules that make a network and
// loss fit it: the one home of "the output layer and loss follow the task and
// the data", shared by nnplay-cli's `auto` options and the window.
//
// The rules:
//  - regression: linear output (or any activation that is not a probability),
//    one unit per target column; a classification loss becomes mse;
//  - two classes: one sigmoid unit with binary cross-entropy (tanh or another
//    bounded unit with mse also fits); softmax means two units and ce;
//  - more classes: softmax over the classes with cross-entropy (another
//    output activation gets one unit per class and mse).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/data_source.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {

// What the data gives the network: input width, task and classes.
struct DataShape {
  Task task = Task::Classification;
  int classes = 2;    // 0 for regression
  int inputs = 2;     // the network's input width (after the feature map)
  int rawInputs = 2;  // 1 or 2 for planes; columns or pixels otherwise
  int targets = 1;    // regression target columns
  bool plane = true;  // 1-D or 2-D data with a boundary to draw
  bool images = false;
  std::vector<std::string> columns;  // CSV tables: the header, to choose the target from
  std::string target;                // CSV tables: the target column in use

  bool operator==(const DataShape&) const = default;
};

// The shape of data already prepared (the CLI has it at hand).
DataShape shapeOf(const DataSpec& spec, const PreparedData& data);

// For generated data from the generator table, for drawn data from the
// points, for files by preparing the data (slow: use ShapeCache). Throws
// DataError for bad files and SpecError for impossible settings (a feature
// that needs X2 on 1-D data).
DataShape shapeOf(const DataSpec& data);

// shapeOf() that remembers the shapes of files: Fashion-MNIST is 70,000
// images, and its shape does not depend on the split, the scaling or the
// features. Owned by whoever asks often (the window's model); not thread-safe.
class ShapeCache {
 public:
  DataShape shapeOf(const DataSpec& data);
  void clear() { files_.clear(); }
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, DataShape> files_;
};

// The output activation `auto` picks: linear for regression, sigmoid for two
// classes, softmax for more.
ActivationId defaultOutputActivation(const DataShape& shape);
// Units of an output layer with this activation.
int outputUnits(ActivationId output, const DataShape& shape);
// The loss `auto` picks for an output: bce for a sigmoid classifier, ce for
// softmax, mse otherwise.
LossId defaultLoss(ActivationId output, const DataShape& shape);

// Throws SpecError naming the first thing that does not fit: the network or
// the training settings invalid on their own, an input width other than the
// data's, a loss for another task, an output layer of the wrong width.
void checkFits(const NetworkSpec& network, const TrainingSettings& training,
               const DataShape& shape);

// Makes the network and loss fit the data: input width; output units and
// activation; a loss the output allows. Keeps what already fits.
void conformToData(NetworkSpec& network, TrainingSettings& training, const DataShape& shape);

// Sets the loss and changes the output layer to match it (ce: softmax over
// the classes, bce: one sigmoid). Throws SpecError when the loss does not fit
// the task (ce or bce for regression, bce for more than two classes).
void setLossConforming(NetworkSpec& network, TrainingSettings& training, LossId loss,
                       const DataShape& shape);

// Sets the output activation and what follows from it for classification
// (softmax: one unit per class and ce; sigmoid: bce; others: mse).
void setOutputActivationConforming(NetworkSpec& network, TrainingSettings& training,
                                   ActivationId output, const DataShape& shape);

}  // namespace nnplay
