#pragma once
// What a person edits in the playground and what a project file stores: the
// data source, the network drawn, the hyperparameters and the device. Plain
// values (no Qt), so undo commands can copy them and tests can compare them.
#include <string>
#include <vector>

#include "nnplay/data_source.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::gui {

struct Document {
  DataSpec data;
  NetworkSpec network;
  TrainingSettings training;
  std::string device = "cpu";

  bool operator==(const Document& o) const;

  // The spiral with noise 0, a 2-8-8-1 tanh network with a sigmoid output,
  // binary cross-entropy, Adam at 0.01, batches of 10: ready to play.
  static Document defaults();
};

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
};

// For generated data, from the generator table; for drawn data, from the
// points; for files, by preparing the data (throws DataError / SpecError).
DataShape shapeOf(const DataSpec& data);

// Makes the network and loss fit the data: input width; output units and
// activation (one sigmoid for two classes with bce, softmax for ce or more
// classes, linear for regression); a loss the output allows. Keeps what
// already fits.
void conformToData(Document& doc, const DataShape& shape);

// Sets the loss and changes the output layer to match it (ce: softmax over
// the classes, bce: one sigmoid). Throws SpecError when the loss does not fit
// the task (ce for regression, bce for more than two classes).
void setLossConforming(Document& doc, LossId loss, const DataShape& shape);

}  // namespace nnplay::gui
