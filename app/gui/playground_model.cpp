#include "playground_model.hpp"

#include <QFileInfo>
#include <sstream>

#include "document_command.hpp"
#include "nnplay/atomic_file.hpp"
#include "nnplay/error.hpp"
#include "nnplay/model_export.hpp"
#include "nnplay/project_file.hpp"

namespace nnplay::gui {
namespace {

std::string partJson(const DataSpec* d, const NetworkSpec* n, const TrainingSettings* t) {
  Project p;
  if (d) p.data = *d;
  if (n) p.network = *n;
  if (t) p.training = *t;
  return projectToJson(p);
}

bool sameData(const Document& a, const Document& b) {
  return partJson(&a.data, nullptr, nullptr) == partJson(&b.data, nullptr, nullptr);
}
bool sameNetwork(const Document& a, const Document& b) {
  return partJson(nullptr, &a.network, nullptr) == partJson(nullptr, &b.network, nullptr);
}
bool sameTraining(const Document& a, const Document& b) {
  return partJson(nullptr, nullptr, &a.training) == partJson(nullptr, nullptr, &b.training);
}

// A different dataset (not just more noise or another split) starts the
// weights afresh, as TF Playground does.
bool newDataset(const DataSpec& a, const DataSpec& b) {
  return a.kind != b.kind || a.generator != b.generator || a.path != b.path ||
         a.params.classes != b.params.classes || a.table.target != b.table.target ||
         a.features.ids != b.features.ids;
}

}  // namespace

PlaygroundModel::PlaygroundModel(QObject* parent) : QObject(parent) {
  doc_ = Document::defaults();
  shape_ = shapeOf(doc_.data);
  startSession(doc_);
  connect(&undo_, &QUndoStack::cleanChanged, this, [this] { emit modifiedChanged(isModified()); });
  poll_.setInterval(15);
  poll_.setTimerType(Qt::PreciseTimer);
  connect(&poll_, &QTimer::timeout, this, &PlaygroundModel::poll);
  poll_.start();
}

PlaygroundModel::~PlaygroundModel() {
  poll_.stop();
  session_.reset();
}

void PlaygroundModel::startSession(const Document& doc) {
  SessionConfig config;
  config.data = doc.data;
  config.network = doc.network;
  config.training = doc.training;
  config.gridResolution = gridResolution_;
  auto next = std::make_unique<Session>(config, doc.device);
  session_ = std::move(next);
  session_->setSpeedLimit(speedLimit_);
  session_->sync();
  snapshot_ = session_->snapshot();
}

void PlaygroundModel::poll() {
  auto s = session_->snapshot();
  if (!s || s == snapshot_) return;
  snapshot_ = std::move(s);
  emit snapshotChanged();
  if (snapshot_->epoch != lastEpoch_) {
    lastEpoch_ = snapshot_->epoch;
    if (snapshot_->samplesSeen > 0 && !weightsDirty_) {
      weightsDirty_ = true;
      emit modifiedChanged(isModified());
    }
    emit epochChanged(lastEpoch_);
  }
  if (snapshot_->running != lastRunning_) {
    lastRunning_ = snapshot_->running;
    emit runningChanged(lastRunning_);
  }
  if (snapshot_->message != lastMessage_) {
    lastMessage_ = snapshot_->message;
    emit noticeChanged(QString::fromStdString(lastMessage_));
    // Divergence, refused settings and failed devices are errors a person must see.
    if (snapshot_->diverged || snapshot_->error) {
      emit errorOccurred(QString::fromStdString(lastMessage_));
    }
  }
}

void PlaygroundModel::pushDocument(const Document& next, const QString& text, int mergeKey) {
  if (next == doc_) return;
  try {
    Document checked = next;
    const DataShape shape = shapeOf(checked.data);
    checked.network.inputs = shape.inputs;
    validate(checked.network);
    validate(checked.training, checked.network);
    if (shape.task == Task::Classification &&
        checked.network.layers.back().activation == ActivationId::Softmax &&
        checked.network.layers.back().units != shape.classes) {
      throw SpecError("a softmax output needs one unit per class (" +
                      std::to_string(shape.classes) + ")");
    }
    undo_.push(new DocumentCommand(*this, doc_, checked, text, mergeKey));
  } catch (const std::exception& e) {
    emit errorOccurred(QString::fromStdString(e.what()));
    emit documentChanged();  // panels show the document as it still is
  }
}

void PlaygroundModel::apply(const Document& next) {
  const Document prev = doc_;
  try {
    shape_ = shapeOf(next.data);
  } catch (const std::exception& e) {
    emit errorOccurred(QString::fromStdString(e.what()));
    return;
  }
  doc_ = next;
  if (next.device != prev.device) {
    // A new session on the other device carries on with the same weights,
    // optimizer state and history.
    Project p = currentProject();
    startSession(doc_);
    session_->restore(std::move(p.parameters), std::move(p.state), p.trainer, std::move(p.history));
  } else {
    std::optional<DataSpec> d;
    std::optional<NetworkSpec> n;
    std::optional<TrainingSettings> t;
    if (!sameData(prev, next)) d = next.data;
    if (!sameNetwork(prev, next)) n = next.network;
    if (!sameTraining(prev, next)) t = next.training;
    session_->configure(d, n, t);
    if (d && newDataset(prev.data, next.data)) session_->reset();
  }
  emit documentChanged();
}

void PlaygroundModel::setDocument(const Document& doc, const QString& text, int mergeKey) {
  pushDocument(doc, text, mergeKey);
}

void PlaygroundModel::setData(const DataSpec& data, const QString& text, int mergeKey) {
  Document next = doc_;
  next.data = data;
  try {
    conformToData(next, shapeOf(data));
  } catch (const std::exception& e) {
    emit errorOccurred(QString::fromStdString(e.what()));
    emit documentChanged();
    return;
  }
  pushDocument(next, text, mergeKey);
}

void PlaygroundModel::setNetwork(const NetworkSpec& network, const QString& text, int mergeKey) {
  Document next = doc_;
  next.network = network;
  pushDocument(next, text, mergeKey);
}

void PlaygroundModel::setTraining(const TrainingSettings& training, const QString& text,
                                  int mergeKey) {
  Document next = doc_;
  next.training = training;
  pushDocument(next, text, mergeKey);
}

void PlaygroundModel::setLoss(LossId loss) {
  Document next = doc_;
  try {
    setLossConforming(next, loss, shape_);
  } catch (const std::exception& e) {
    emit errorOccurred(QString::fromStdString(e.what()));
    emit documentChanged();
    return;
  }
  pushDocument(next,
               tr("Loss: %1")
                   .arg(QString::fromUtf8(nnplay::loss(loss).label.data(),
                                          static_cast<int>(nnplay::loss(loss).label.size()))),
               kMergeNone);
}

void PlaygroundModel::setDevice(const std::string& choice) {
  Document next = doc_;
  next.device = choice;
  pushDocument(next, tr("Device: %1").arg(QString::fromStdString(choice)), kMergeNone);
}

void PlaygroundModel::addLayer() {
  NetworkSpec n = doc_.network;
  if (static_cast<int>(n.layers.size()) >= kMaxLayers) return;
  LayerSpec l = n.layers.size() > 1 ? n.layers[n.layers.size() - 2]
                                    : LayerSpec{4, ActivationId::Tanh, 0.0f, false};
  n.layers.insert(n.layers.end() - 1, l);
  setNetwork(n, tr("Add hidden layer"));
}

void PlaygroundModel::removeLayer() {
  NetworkSpec n = doc_.network;
  if (n.layers.size() <= 1) return;
  n.layers.erase(n.layers.end() - 2);
  setNetwork(n, tr("Remove hidden layer"));
}

void PlaygroundModel::addNeuron(int layer) {
  NetworkSpec n = doc_.network;
  if (layer < 0 || layer + 1 >= static_cast<int>(n.layers.size())) return;  // hidden layers only
  if (n.layers[static_cast<std::size_t>(layer)].units >= kMaxUnits) return;
  ++n.layers[static_cast<std::size_t>(layer)].units;
  setNetwork(n, tr("Add neuron to layer %1").arg(layer + 1));
}

void PlaygroundModel::removeNeuron(int layer) {
  NetworkSpec n = doc_.network;
  if (layer < 0 || layer + 1 >= static_cast<int>(n.layers.size())) return;
  if (n.layers[static_cast<std::size_t>(layer)].units <= 1) return;
  --n.layers[static_cast<std::size_t>(layer)].units;
  setNetwork(n, tr("Remove neuron from layer %1").arg(layer + 1));
}

void PlaygroundModel::setLayerActivation(int layer, ActivationId id) {
  NetworkSpec n = doc_.network;
  if (layer < 0 || layer >= static_cast<int>(n.layers.size())) return;
  const bool output = layer + 1 == static_cast<int>(n.layers.size());
  if (output && shape_.task == Task::Classification) {
    // The loss follows the output: softmax means cross-entropy over the
    // classes, sigmoid with one unit binary cross-entropy.
    Document next = doc_;
    LayerSpec& out = next.network.layers.back();
    if (id == ActivationId::Softmax) {
      out.units = shape_.classes;
      next.training.loss = LossId::Ce;
    } else {
      if (shape_.classes > 2) {
        emit errorOccurred(
            tr("With %1 classes the output layer needs softmax.").arg(shape_.classes));
        emit documentChanged();
        return;
      }
      out.units = 1;
      if (next.training.loss == LossId::Ce ||
          (next.training.loss == LossId::Bce && id != ActivationId::Sigmoid)) {
        next.training.loss = id == ActivationId::Sigmoid ? LossId::Bce : LossId::Mse;
      }
    }
    out.activation = id;
    pushDocument(next, tr("Output activation"), kMergeNone);
    return;
  }
  n.layers[static_cast<std::size_t>(layer)].activation = id;
  setNetwork(n, tr("Activation of layer %1").arg(layer + 1));
}

void PlaygroundModel::setLayerDropout(int layer, float rate) {
  NetworkSpec n = doc_.network;
  if (layer < 0 || layer + 1 >= static_cast<int>(n.layers.size())) return;
  n.layers[static_cast<std::size_t>(layer)].dropout = rate;
  setNetwork(n, tr("Dropout of layer %1").arg(layer + 1));
}

void PlaygroundModel::setLayerBatchNorm(int layer, bool on) {
  NetworkSpec n = doc_.network;
  if (layer < 0 || layer + 1 >= static_cast<int>(n.layers.size())) return;
  n.layers[static_cast<std::size_t>(layer)].batchNorm = on;
  setNetwork(n, on ? tr("Batch norm on layer %1").arg(layer + 1)
                   : tr("Batch norm off layer %1").arg(layer + 1));
}

namespace {

// A typed weight: the value before and after, applied to the session.
class WeightCommand : public QUndoCommand {
 public:
  WeightCommand(PlaygroundModel& m, std::string array, int index, float before, float after)
      : model_(m), array_(std::move(array)), index_(index), before_(before), after_(after) {
    setText(QObject::tr("Set %1[%2] to %3")
                .arg(QString::fromStdString(array_))
                .arg(index_)
                .arg(after_));
  }
  // The model's current session (a device change or New replaces it).
  void undo() override { model_.session().setParameter(array_, index_, before_); }
  void redo() override { model_.session().setParameter(array_, index_, after_); }

 private:
  PlaygroundModel& model_;
  std::string array_;
  int index_;
  float before_;
  float after_;
};

}  // namespace

void PlaygroundModel::setWeight(const std::string& array, int index, float value) {
  if (!std::isfinite(value)) {
    emit errorOccurred(tr("A weight must be a finite number."));
    return;
  }
  float before = 0.0f;
  bool found = false;
  for (const ParameterEntry& e : snapshot_->table) {
    if (e.name != array) continue;
    if (index < 0 || static_cast<std::size_t>(index) >= e.size()) break;
    const auto& buffer = e.isState ? snapshot_->state : snapshot_->parameters;
    before = buffer[e.offset + static_cast<std::size_t>(index)];
    found = true;
  }
  if (!found) {
    emit errorOccurred(tr("There is no weight %1[%2] in this network.")
                           .arg(QString::fromStdString(array))
                           .arg(index));
    return;
  }
  undo_.push(new WeightCommand(*this, array, index, before, value));
  weightsDirty_ = true;
  emit modifiedChanged(isModified());
}

void PlaygroundModel::setGridResolution(int resolution) {
  gridResolution_ = std::clamp(resolution, 2, 1024);
  session_->setGridResolution(gridResolution_);
}

void PlaygroundModel::setSpeedLimit(double epochsPerSecond) {
  speedLimit_ = std::max(0.0, epochsPerSecond);
  session_->setSpeedLimit(speedLimit_);
}

void PlaygroundModel::play() {
  session_->play();
}
void PlaygroundModel::pause() {
  session_->pause();
}
void PlaygroundModel::togglePlay() {
  if (running()) {
    pause();
  } else {
    play();
  }
}
void PlaygroundModel::stepBatch() {
  session_->stepBatch();
}
void PlaygroundModel::stepEpoch() {
  session_->stepEpoch();
}
void PlaygroundModel::reset() {
  session_->reset();
}

// ---- Files

Project PlaygroundModel::currentProject() {
  Project p;
  p.data = doc_.data;
  p.network = doc_.network;
  p.training = doc_.training;
  session_->withState(
      [&p](const Network& n, const Trainer& t, const InputTransform& tr, const History& h) {
        p.network = n.spec();
        p.training = t.settings();
        p.transform = tr;
        p.parameters = n.parameters();
        p.state = n.state();
        p.trainer = t.state();
        p.history = h.view().toVector();
      });
  session_->sync();
  return p;
}

void PlaygroundModel::newDocument() {
  session_->pause();
  Document d = Document::defaults();
  d.device = doc_.device;
  shape_ = shapeOf(d.data);
  doc_ = d;
  startSession(doc_);
  becameNewDocument({});
}

void PlaygroundModel::openProject(const QString& path) {
  Project p = loadProject(path.toStdString());  // throws with the file and field named
  Document d;
  d.data = p.data;
  d.network = p.network;
  d.training = p.training;
  d.device = doc_.device;
  const DataShape shape = shapeOf(d.data);
  // Until the project has opened, the old session, document and shape stay.
  auto previous = std::move(session_);
  try {
    startSession(d);
    if (!p.parameters.empty()) {
      session_->restore(std::move(p.parameters), std::move(p.state), p.trainer,
                        std::move(p.history));
      session_->sync();
      const std::string message = session_->snapshot()->message;
      if (!message.empty()) throw DataError(path.toStdString() + ": " + message);
    }
  } catch (...) {
    session_ = std::move(previous);
    snapshot_ = session_->snapshot();
    throw;
  }
  previous.reset();
  doc_ = d;
  shape_ = shape;
  becameNewDocument(path);
}

void PlaygroundModel::becameNewDocument(const QString& path) {
  snapshot_ = session_->snapshot();
  undo_.clear();
  weightsDirty_ = false;
  path_ = path;
  lastEpoch_ = -1;
  emit filePathChanged(path_);
  emit documentChanged();
  emit modifiedChanged(false);
  emit snapshotChanged();
}

void PlaygroundModel::writeProject(const QString& path) {
  nnplay::saveProject(currentProject(), path.toStdString());
}

void PlaygroundModel::saveProject(const QString& path) {
  writeProject(path);
  path_ = path;
  undo_.setClean();
  weightsDirty_ = false;
  emit filePathChanged(path_);
  emit modifiedChanged(false);
}

void PlaygroundModel::exportWeights(const QString& path, WeightFormat format) {
  const std::string file = path.toStdString();
  if (format == WeightFormat::Json) {
    nnplay::saveProject(currentProject(), file);
    return;
  }
  std::string error;
  session_->withState(
      [&](const Network& n, const Trainer&, const InputTransform& t, const History&) {
        try {
          if (format == WeightFormat::Npz) {
            exportNpz(n, t, file);
          } else {
            exportOnnx(n, t, file);
          }
        } catch (const std::exception& e) {
          error = e.what();
        }
      });
  session_->sync();
  if (!error.empty()) throw DataError(error);
}

namespace {

void writeRows(std::ostringstream& out, const RowMatrix& x, const RowMatrix& y, const char* split) {
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) out << x(r, c) << ',';
    for (Eigen::Index c = 0; c < y.cols(); ++c) out << y(r, c) << ',';
    out << split << '\n';
  }
}

std::string csvName(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + '"';
}

}  // namespace

void PlaygroundModel::exportDataCsv(const QString& path) {
  std::ostringstream out;
  out.precision(9);
  const auto s = snapshot_;
  if (s->points) {
    // The points as plotted: raw coordinates and their labels.
    const PointSet& p = *s->points;
    for (Eigen::Index c = 0; c < p.train.cols(); ++c) out << 'x' << (c + 1) << ',';
    out << (p.task == Task::Regression ? "y" : "label") << ",split\n";
    writeRows(out, p.train, p.trainLabels, "train");
    writeRows(out, p.test, p.testLabels, "test");
  } else {
    // Tables and images: the rows as the network reads them.
    const PreparedData d = prepareData(doc_.data);
    for (const auto& n : d.train.featureNames) out << csvName(n) << ',';
    if (d.train.featureNames.empty()) {
      for (int c = 0; c < d.train.features(); ++c) out << "x" << (c + 1) << ',';
    }
    for (int c = 0; c < d.train.targetColumns(); ++c) {
      out << csvName(d.train.targetName.empty() ? "target" : d.train.targetName)
          << (c ? std::to_string(c) : "") << ',';
    }
    out << "split\n";
    writeRows(out, d.train.inputs(), d.train.y, "train");
    writeRows(out, d.validation.inputs(), d.validation.y, "validation");
    writeRows(out, d.test.inputs(), d.test.y, "test");
  }
  writeFileAtomically(path.toStdString(), out.str());
}

}  // namespace nnplay::gui
