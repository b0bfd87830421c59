#include "nnplay/data_rules.hpp"

#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/targets.hpp"

namespace nnplay {

DataShape shapeOf(const DataSpec& spec, const PreparedData& data) {
  DataShape s;
  s.task = data.train.task;
  s.classes = s.task == Task::Regression ? 0 : data.train.classes;
  s.inputs = data.train.features();
  s.rawInputs = data.rawInputs > 0 ? data.rawInputs : s.inputs;
  s.targets = data.train.targetColumns();
  s.plane = spec.kind == DataSourceKind::Generator || spec.kind == DataSourceKind::Drawn;
  s.images = data.train.hasPixels();
  return s;
}

namespace {

// Tables and images: prepared once without features (their shape does not
// depend on the split, the scaling or the features).
DataShape fileShape(const DataSpec& data) {
  DataSpec probe = data;
  probe.features = {};
  DataShape s = shapeOf(probe, prepareData(probe));
  s.rawInputs = s.inputs;
  if (data.kind == DataSourceKind::Csv) {
    s.columns = readCsvFile(data.path).header;
    s.target =
        data.table.target.empty() && !s.columns.empty() ? s.columns.back() : data.table.target;
  }
  return s;
}

// What makes two file sources differ in shape.
std::string fileKey(const DataSpec& d) {
  std::string k = std::to_string(static_cast<int>(d.kind)) + '\n' + d.path + '\n' + d.table.target +
                  '\n' + std::to_string(d.table.task ? static_cast<int>(*d.table.task) : -1) +
                  '\n' + std::to_string(static_cast<int>(d.table.missing));
  for (const auto& c : d.table.ignore) k += '\n' + c;
  return k;
}

bool isFile(const DataSpec& d) {
  return d.kind == DataSourceKind::Csv || d.kind == DataSourceKind::Idx;
}

// Generated and drawn data: from the generator table or the points, then the features.
DataShape planeShape(const DataSpec& data) {
  DataShape s;
  if (data.kind == DataSourceKind::Generator) {
    const GeneratorInfo& g = generatorByName(data.generator);
    s.task = g.task;
    s.classes = g.task == Task::Regression
                    ? 0
                    : (data.params.classes > 0 ? data.params.classes : g.defaultClasses);
    s.rawInputs = g.inputs;
  } else {
    s.task = data.drawn.task();
    s.classes = s.task == Task::Regression ? 0 : data.drawn.classes();
    s.rawInputs = 2;
  }
  for (FeatureId id : data.features.ids) {
    if (feature(id).inputsNeeded > s.rawInputs) {
      throw SpecError("feature " + std::string(feature(id).label) +
                      " needs two inputs; this data has one");
    }
  }
  s.inputs = data.features.width(s.rawInputs);
  s.plane = true;
  return s;
}

}  // namespace

DataShape shapeOf(const DataSpec& data) {
  return isFile(data) ? fileShape(data) : planeShape(data);
}

DataShape ShapeCache::shapeOf(const DataSpec& data) {
  if (!isFile(data)) return planeShape(data);
  const std::string key = fileKey(data);
  if (auto it = files_.find(key); it != files_.end()) return it->second;
  DataShape s = fileShape(data);
  if (files_.size() >= 16) files_.clear();  // a handful of files in one sitting
  files_[key] = s;
  return s;
}

ActivationId defaultOutputActivation(const DataShape& shape) {
  if (shape.task == Task::Regression) return ActivationId::Linear;
  return shape.classes == 2 ? ActivationId::Sigmoid : ActivationId::Softmax;
}

int outputUnits(ActivationId output, const DataShape& shape) {
  if (shape.task == Task::Regression) return shape.targets;
  if (output == ActivationId::Softmax) return shape.classes;
  return shape.classes == 2 ? 1 : shape.classes;
}

LossId defaultLoss(ActivationId output, const DataShape& shape) {
  if (output == ActivationId::Softmax) return LossId::Ce;
  if (output == ActivationId::Sigmoid && shape.task == Task::Classification) return LossId::Bce;
  return LossId::Mse;
}

void checkFits(const NetworkSpec& network, const TrainingSettings& training,
               const DataShape& shape) {
  validate(network);
  validate(training, network);
  if (network.inputs != shape.inputs) {
    throw SpecError("the network has " + std::to_string(network.inputs) +
                    " inputs; the data gives " + std::to_string(shape.inputs));
  }
  checkOutputFits(shape.task, shape.classes, shape.targets, network, loss(training.loss));
}

namespace {

void setOutput(NetworkSpec& n, int units, ActivationId act) {
  n.layers.back().units = units;
  n.layers.back().activation = act;
  n.layers.back().dropout = 0.0f;
  n.layers.back().batchNorm = false;
}

bool classificationLoss(LossId id) {
  return id == LossId::Bce || id == LossId::Ce;
}

}  // namespace

void conformToData(NetworkSpec& n, TrainingSettings& training, const DataShape& shape) {
  n.inputs = shape.inputs;
  if (n.layers.empty()) n.layers.push_back({});
  LayerSpec& out = n.layers.back();
  if (shape.task == Task::Regression) {
    const bool fits = out.activation != ActivationId::Softmax &&
                      out.activation != ActivationId::Sigmoid &&
                      out.activation != ActivationId::BinaryStep && out.units == shape.targets;
    if (!fits) setOutput(n, shape.targets, defaultOutputActivation(shape));
    if (classificationLoss(training.loss)) training.loss = LossId::Mse;
    return;
  }
  if (shape.classes > 2 || training.loss == LossId::Ce) {
    setOutput(n, shape.classes, ActivationId::Softmax);
    training.loss = LossId::Ce;
    return;
  }
  // Two classes: keep one bounded output (sigmoid with bce, or tanh/sigmoid with mse).
  if (out.units != 1 || out.activation == ActivationId::Softmax ||
      (training.loss == LossId::Bce && out.activation != ActivationId::Sigmoid)) {
    setOutput(n, 1, ActivationId::Sigmoid);
  }
  if (training.loss == LossId::Bce && out.activation != ActivationId::Sigmoid) {
    training.loss = LossId::Mse;
  }
}

void setLossConforming(NetworkSpec& network, TrainingSettings& training, LossId id,
                       const DataShape& shape) {
  const LossInfo& info = loss(id);
  if (shape.task == Task::Regression && classificationLoss(id)) {
    throw SpecError(std::string(info.label) +
                    " is a classification loss; this data is a regression task");
  }
  if (id == LossId::Bce && shape.classes > 2) {
    throw SpecError("binary cross-entropy needs two classes; this data has " +
                    std::to_string(shape.classes) + " (use cross-entropy with softmax)");
  }
  training.loss = id;
  if (id == LossId::Ce) {
    setOutput(network, shape.classes, ActivationId::Softmax);
  } else if (id == LossId::Bce) {
    setOutput(network, 1, ActivationId::Sigmoid);
  } else if (network.layers.back().activation == ActivationId::Softmax && shape.classes == 2) {
    setOutput(network, 1, ActivationId::Sigmoid);
  }
}

void setOutputActivationConforming(NetworkSpec& network, TrainingSettings& training,
                                   ActivationId output, const DataShape& shape) {
  LayerSpec& out = network.layers.back();
  out.activation = output;
  if (shape.task == Task::Regression) return;  // checkFits refuses softmax there
  out.units = outputUnits(output, shape);
  if (output == ActivationId::Softmax) {
    training.loss = LossId::Ce;
  } else if (training.loss == LossId::Ce ||
             (training.loss == LossId::Bce && output != ActivationId::Sigmoid)) {
    training.loss = defaultLoss(output, shape);
  }
}

}  // namespace nnplay
