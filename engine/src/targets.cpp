#include "nnplay/targets.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
// Class 1 is trained towards 1; class 0 towards -1 when the activation reaches
// -1 (tanh, ELU, linear), else towards 0 (sigmoid, ReLU, step, ...).
void classValues(const ActivationInfo& f, float& low, float& high) {
  low = f.lo <= -1.0f ? -1.0f : 0.0f;
  high = 1.0f;
}
}  // namespace

void checkOutputFits(Task task, int classes, int targetColumns, const NetworkSpec& spec,
                     const LossInfo& loss) {
  const LayerSpec& out = spec.layers.back();
  const ActivationInfo& f = activation(out.activation);
  if (task == Task::Regression) {
    if (f.rowWise) throw SpecError("regression needs an output activation other than softmax");
    if (loss.fusedWith) {
      throw SpecError("loss '" + std::string(loss.name) +
                      "' is for classification; use mse, mae or huber for regression");
    }
    if (targetColumns != out.units) {
      throw SpecError("the dataset has " + std::to_string(targetColumns) +
                      " target columns but the output layer has " + std::to_string(out.units) +
                      " neurons");
    }
    return;
  }
  if (classes < 2) throw SpecError("classification needs at least 2 classes");
  if (out.units == 1) {
    if (classes != 2) {
      throw SpecError("the dataset has " + std::to_string(classes) +
                      " classes; the output layer needs " + std::to_string(classes) +
                      " neurons (one per class), not 1");
    }
    if (f.rowWise) throw SpecError("softmax on a single output neuron is always 1; use sigmoid");
    return;
  }
  if (out.units != classes) {
    throw SpecError("the dataset has " + std::to_string(classes) +
                    " classes but the output layer has " + std::to_string(out.units) +
                    " neurons; use 1 neuron (two classes) or one per class");
  }
}

TargetEncoding chooseEncoding(const Dataset& d, const NetworkSpec& spec, const LossInfo& loss) {
  checkOutputFits(d.task, d.classes, d.targetColumns(), spec, loss);
  const LayerSpec& out = spec.layers.back();
  TargetEncoding e;
  if (d.task == Task::Regression) {
    e.kind = TargetEncoding::Kind::Values;
    e.columns = d.targetColumns();
    return e;
  }
  classValues(activation(out.activation), e.low, e.high);
  if (out.units == 1) {
    e.kind = TargetEncoding::Kind::Binary;
    e.columns = 1;
    return e;
  }
  e.kind = loss.acceptsClassIndex ? TargetEncoding::Kind::ClassIndex : TargetEncoding::Kind::OneHot;
  e.columns = loss.acceptsClassIndex ? 1 : out.units;
  return e;
}

RowMatrix TargetEncoding::encode(const Dataset& d) const {
  switch (kind) {
    case Kind::Values:
    case Kind::ClassIndex:
      return d.y;
    case Kind::Binary: {
      RowMatrix t(d.rows(), 1);
      for (int r = 0; r < d.rows(); ++r) t(r, 0) = d.y(r, 0) >= 0.5f ? high : low;
      return t;
    }
    case Kind::OneHot: {
      RowMatrix t = RowMatrix::Constant(d.rows(), columns, low);
      for (int r = 0; r < d.rows(); ++r) t(r, static_cast<int>(d.y(r, 0))) = high;
      return t;
    }
  }
  return d.y;
}

int TargetEncoding::predictClass(const float* row, int outputColumns) const {
  if (outputColumns == 1) return row[0] >= 0.5f * (low + high) ? 1 : 0;
  int best = 0;
  for (int j = 1; j < outputColumns; ++j) {
    if (row[j] > row[best]) best = j;
  }
  return best;
}

}  // namespace nnplay
