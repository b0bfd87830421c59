#pragma once
// What stands between raw input columns and the network's input layer, and
// between its outputs and the numbers a person reads: the feature map, the
// input scaling (both fitted when the data was prepared), the pixel scale of
// images, and the un-scaling of regression targets. Saved with a model and
// exported with it (NumPy arrays, ONNX nodes) so that predictions on new raw
// data match what the engine computes.
#include <string>
#include <vector>

#include "nnplay/data_source.hpp"
#include "nnplay/features.hpp"
#include "nnplay/scaler.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

struct InputTransform {
  int rawInputs = 2;                     // columns of the raw input
  float pixelScale = 1.0f;               // images: raw values 0..255 times 1/255
  FeatureMap features;                   // then the feature map (identity: columns as they are)
  Scaler scaler;                         // then x' = (x - offset) * factor
  Scaler targetScaler;                   // regression outputs: y = y' / factor + offset
  std::vector<std::string> inputNames;   // raw column names
  std::vector<std::string> outputNames;  // class names or the target name

  // Raw rows -> network input rows. Requires raw.cols() == rawInputs.
  RowMatrix apply(const RowMatrix& raw) const;
  // Network outputs -> target units (identity unless targets were scaled).
  RowMatrix unscaleOutputs(const RowMatrix& outputs) const;
  int networkInputs() const;

  static InputTransform from(const PreparedData& data);
};

// The names of a model's output columns, as `nnplay-cli predict` and the
// exported scripts write them: the class names (one unit for two classes:
// "p_<second class>"), or the target name; "output_<j>" where none is known.
std::vector<std::string> outputColumnNames(const std::vector<std::string>& outputNames,
                                           int outputs);

}  // namespace nnplay
