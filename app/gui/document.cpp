#include "document.hpp"

#include <map>

#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/project_file.hpp"

namespace nnplay::gui {

bool Document::operator==(const Document& o) const {
  // The project file already spells out every field; comparing that text
  // keeps this in step with the format without a hand-written field list.
  Project a{data, network, training, {}, {}, {}, {}, {}};
  Project b{o.data, o.network, o.training, {}, {}, {}, {}, {}};
  return device == o.device && projectToJson(a) == projectToJson(b);
}

Document Document::defaults() {
  Document d;
  d.data.kind = DataSourceKind::Generator;
  d.data.generator = "spiral";
  d.data.params.samples = generatorByName("spiral").defaultSamples;
  d.data.params.noise = 0.0;
  d.data.params.seed = 1;
  d.data.trainRatio = 0.5;
  d.network = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  d.training.loss = LossId::Bce;
  d.training.optimizer.id = OptimizerId::Adam;
  d.training.optimizer.learningRate = 0.01f;
  d.training.batchSize = 10;
  d.training.seed = 1;
  return d;
}

namespace {

// Preparing a file is slow (Fashion-MNIST is 70,000 images); its shape does
// not depend on the split, so it is remembered per source.
std::string shapeKey(const DataSpec& d) {
  std::string k = std::to_string(static_cast<int>(d.kind)) + '\n' + d.path + '\n' + d.table.target +
                  '\n' + std::to_string(d.table.task ? static_cast<int>(*d.table.task) : -1);
  for (const auto& c : d.table.ignore) k += '\n' + c;
  return k;
}

}  // namespace

DataShape shapeOf(const DataSpec& data) {
  DataShape s;
  switch (data.kind) {
    case DataSourceKind::Generator: {
      const GeneratorInfo& g = generatorByName(data.generator);
      s.task = g.task;
      s.classes = g.task == Task::Regression
                      ? 0
                      : (data.params.classes > 0 ? data.params.classes : g.defaultClasses);
      s.rawInputs = g.inputs;
      break;
    }
    case DataSourceKind::Drawn:
      s.task = data.drawn.task();
      s.classes = s.task == Task::Regression ? 0 : data.drawn.classes();
      s.rawInputs = 2;
      break;
    case DataSourceKind::Csv:
    case DataSourceKind::Idx: {
      static std::map<std::string, DataShape> cache;
      const std::string key = shapeKey(data);
      if (auto it = cache.find(key); it != cache.end()) return it->second;
      DataSpec probe = data;
      probe.features = {};
      const PreparedData p = prepareData(probe);
      s.task = p.train.task;
      s.classes = s.task == Task::Regression ? 0 : p.train.classes;
      s.rawInputs = p.train.features();
      s.inputs = s.rawInputs;
      s.targets = p.train.targetColumns();
      s.plane = false;
      s.images = p.train.hasPixels();
      if (data.kind == DataSourceKind::Csv) {
        s.columns = readCsvFile(data.path).header;
        s.target =
            data.table.target.empty() && !s.columns.empty() ? s.columns.back() : data.table.target;
      }
      if (cache.size() > 16) cache.clear();
      cache[key] = s;
      return s;
    }
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

namespace {

void setOutput(NetworkSpec& n, int units, ActivationId act) {
  n.layers.back().units = units;
  n.layers.back().activation = act;
  n.layers.back().dropout = 0.0f;
  n.layers.back().batchNorm = false;
}

}  // namespace

void conformToData(Document& doc, const DataShape& shape) {
  NetworkSpec& n = doc.network;
  n.inputs = shape.inputs;
  if (n.layers.empty()) n.layers.push_back({});
  LayerSpec& out = n.layers.back();
  if (shape.task == Task::Regression) {
    const bool fits = out.activation != ActivationId::Softmax &&
                      out.activation != ActivationId::Sigmoid &&
                      out.activation != ActivationId::BinaryStep && out.units == shape.targets;
    if (!fits) setOutput(n, shape.targets, ActivationId::Linear);
    if (doc.training.loss == LossId::Bce || doc.training.loss == LossId::Ce)
      doc.training.loss = LossId::Mse;
    return;
  }
  if (shape.classes > 2 || doc.training.loss == LossId::Ce) {
    setOutput(n, shape.classes, ActivationId::Softmax);
    doc.training.loss = LossId::Ce;
    return;
  }
  // Two classes: keep one bounded output (sigmoid with bce, or tanh/sigmoid with mse).
  if (out.units != 1 || out.activation == ActivationId::Softmax ||
      (doc.training.loss == LossId::Bce && out.activation != ActivationId::Sigmoid)) {
    setOutput(n, 1, ActivationId::Sigmoid);
  }
  if (doc.training.loss == LossId::Bce && out.activation != ActivationId::Sigmoid)
    doc.training.loss = LossId::Mse;
}

void setLossConforming(Document& doc, LossId loss, const DataShape& shape) {
  const LossInfo& info = nnplay::loss(loss);
  if (shape.task == Task::Regression && (loss == LossId::Bce || loss == LossId::Ce)) {
    throw SpecError(std::string(info.label) +
                    " is a classification loss; this data is a regression task");
  }
  if (loss == LossId::Bce && shape.classes > 2) {
    throw SpecError("binary cross-entropy needs two classes; this data has " +
                    std::to_string(shape.classes) + " (use cross-entropy with softmax)");
  }
  doc.training.loss = loss;
  if (loss == LossId::Ce) {
    setOutput(doc.network, shape.classes, ActivationId::Softmax);
  } else if (loss == LossId::Bce) {
    setOutput(doc.network, 1, ActivationId::Sigmoid);
  } else if (doc.network.layers.back().activation == ActivationId::Softmax && shape.classes == 2) {
    setOutput(doc.network, 1, ActivationId::Sigmoid);
  }
}

}  // namespace nnplay::gui
