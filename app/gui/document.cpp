#include "document.hpp"

#include "nnplay/generators.hpp"

namespace nnplay::gui {

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

Edit Edit::partsOf(const Document& doc) const {
  Edit e;
  if (data) e.data = doc.data;
  if (network) e.network = doc.network;
  if (training) e.training = doc.training;
  if (device) e.device = doc.device;
  return e;
}

Edit Edit::changesFrom(const Document& doc) const {
  Edit e;
  if (data && *data != doc.data) e.data = data;
  if (network && *network != doc.network) e.network = network;
  if (training && *training != doc.training) e.training = training;
  if (device && *device != doc.device) e.device = device;
  return e;
}

void Edit::applyTo(Document& doc) const {
  if (data) doc.data = *data;
  if (network) doc.network = *network;
  if (training) doc.training = *training;
  if (device) doc.device = *device;
}

void Edit::mergeAfter(const Edit& later) {
  if (later.data) data = later.data;
  if (later.network) network = later.network;
  if (later.training) training = later.training;
  if (later.device) device = later.device;
}

void Edit::mergeBefore(const Edit& laterBefore) {
  if (!data) data = laterBefore.data;
  if (!network) network = laterBefore.network;
  if (!training) training = laterBefore.training;
  if (!device) device = laterBefore.device;
}

}  // namespace nnplay::gui
