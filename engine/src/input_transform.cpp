#include "nnplay/input_transform.hpp"

#include "nnplay/error.hpp"

namespace nnplay {

RowMatrix InputTransform::apply(const RowMatrix& raw) const {
  if (raw.cols() != rawInputs) {
    throw SpecError("input has " + std::to_string(raw.cols()) + " columns; the model expects " +
                    std::to_string(rawInputs));
  }
  RowMatrix x = pixelScale == 1.0f ? raw : RowMatrix(raw * pixelScale);
  x = features.apply(x);
  scaler.apply(x);
  return x;
}

RowMatrix InputTransform::unscaleOutputs(const RowMatrix& outputs) const {
  return targetScaler.inverse(outputs);
}

int InputTransform::networkInputs() const {
  return features.width(rawInputs);
}

InputTransform InputTransform::from(const PreparedData& d) {
  InputTransform t;
  t.rawInputs = d.rawInputs;
  t.pixelScale = d.train.hasPixels() ? Dataset::kPixelScale : 1.0f;
  t.features = d.features.isIdentity() ? FeatureMap{} : d.features;
  t.scaler = d.scaler;
  t.targetScaler = d.targetScaler;
  if (d.train.hasPixels()) {
    for (int i = 0; i < d.rawInputs; ++i) t.inputNames.push_back("pixel_" + std::to_string(i));
  } else if (t.features.isIdentity()) {
    t.inputNames = d.train.featureNames;
  } else {
    t.inputNames =
        d.rawInputs == 1 ? std::vector<std::string>{"x1"} : std::vector<std::string>{"x1", "x2"};
  }
  if (d.train.task == Task::Classification) {
    t.outputNames = d.train.classNames;
  } else {
    t.outputNames = {d.train.targetName.empty() ? std::string("y") : d.train.targetName};
  }
  return t;
}

std::vector<std::string> outputColumnNames(const std::vector<std::string>& outputNames,
                                           int outputs) {
  std::vector<std::string> h;
  for (int j = 0; j < outputs; ++j) {
    const auto i = static_cast<std::size_t>(j);
    // Appended, not "p_" + name: GCC 12 warns falsely there (-Wrestrict).
    std::string name;
    if (outputs == 1 && outputNames.size() == 2) {
      name = "p_";  // one unit for two classes: the second class's score
      name += outputNames[1];
    } else if (i < outputNames.size()) {
      name = outputNames[i];
    } else {
      name = "output_";
      name += std::to_string(j);
    }
    h.push_back(std::move(name));
  }
  return h;
}

}  // namespace nnplay
