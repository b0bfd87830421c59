#include "playground_model.hpp"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <atomic>
#include <exception>
#include <thread>

#include "edit_command.hpp"
#include "nnplay/atomic_file.hpp"
#include "nnplay/data_csv.hpp"
#include "nnplay/data_rules.hpp"
#include "nnplay/error.hpp"
#include "nnplay/model_export.hpp"
#include "nnplay/project_file.hpp"
#include "project_command.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

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
  shape_ = shapeFor(doc_.data);
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

void PlaygroundModel::startSession(const Document& doc, std::shared_ptr<PreparedData> prepared) {
  SessionConfig config;
  config.prepared = std::move(prepared);
  config.inputsFromData = false;  // the document's width is what the window's rules saw
  config.data = doc.data;
  config.network = doc.network;
  config.training = doc.training;
  config.gridResolution = gridResolution_;
  auto next = std::make_unique<Session>(config, doc.device);
  session_ = std::move(next);
  session_->setSpeedLimit(speedLimit_);
  if (followed_) session_->follow(followed_);
  session_->sync();
  snapshot_ = session_->snapshot();
}

void PlaygroundModel::poll() {
  for (const Refusal& r : session_->takeRefusals()) undoRefused(r);
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

void PlaygroundModel::refuse(const QString& why) {
  emit errorOccurred(why);
  emit documentChanged();  // the controls show the document as it still is
}

void PlaygroundModel::undoRefused(const Refusal& r) {
  if (r.ticket > recoveredUpTo_) {
    int pos = -1;
    bool applied = false;
    for (int i = 0; i < undo_.count(); ++i) {
      const auto* c = dynamic_cast<const EditCommand*>(undo_.command(i));
      if (c && c->ticket() == r.ticket) {
        pos = i;
        applied = c->applied();
        break;
      }
    }
    if (pos >= 0) {
      // Later edits are undone and redone around it, so they still apply.
      const int index = undo_.index();
      if (applied) {
        refusing_ = r.ticket;
        while (undo_.index() > pos) undo_.undo();
        refusing_ = 0;
        while (undo_.index() < index - 1) undo_.redo();
      } else {
        while (undo_.index() <= pos) undo_.redo();  // the undo did not happen
      }
      recoveredUpTo_ = lastTicket_;
    }
  }
  refuse(QString::fromStdString(r.why));
}

void PlaygroundModel::edit(const Edit& parts, const QString& text, int mergeKey) {
  const Edit after = parts.changesFrom(doc_);
  if (after.empty()) {
    emit documentChanged();  // e.g. a control that showed an entry the document never took
    return;
  }
  try {
    Document next = doc_;
    after.applyTo(next);
    checkFits(next.network, next.training, after.data ? shapeFor(next.data) : shape_);
  } catch (const std::exception& e) {
    refuse(QString::fromStdString(e.what()));
    return;
  }
  undo_.push(new EditCommand(*this, after.partsOf(doc_), after, text, mergeKey));
}

std::uint64_t PlaygroundModel::applyEdit(const Edit& parts) {
  const bool newData = parts.data && newDataset(doc_.data, *parts.data);
  restoreDocument(parts);
  const auto s = session_->snapshot();
  const bool failed = s && !s->ready && s->error;  // it answers no commands: start afresh
  if (parts.device || failed) {
    lastTicket_ = switchDevice();
  } else {
    // With new data goes the network the window expects of it, so that the
    // session refuses data that is not what the window's rules saw.
    const auto network = parts.network || !parts.data ? parts.network : doc_.network;
    lastTicket_ = session_->configure(parts.data, network, parts.training);
    if (newData) session_->reset();
  }
  return lastTicket_;
}

void PlaygroundModel::restoreDocument(const Edit& parts) {
  if (parts.data) {
    try {
      shape_ = shapeFor(*parts.data);
    } catch (const std::exception& e) {
      // The file went away since it was read; the session will refuse it too.
      emit errorOccurred(QString::fromStdString(e.what()));
    }
  }
  const bool deviceBack = parts.device && refusing_ != 0;
  parts.applyTo(doc_);
  if (deviceBack) switchDevice();  // the device that failed is left
  emit documentChanged();
}

std::uint64_t PlaygroundModel::switchDevice() {
  // A session that never started (a failed device) has nothing to hand
  // over: the run it was given is carried on instead.
  const auto s = session_->snapshot();
  if (s && s->ready) carried_ = currentProject();
  Project p = carried_;
  startSession(doc_);
  // The run goes on where it fits: the same data and network.
  if (p.data == doc_.data && p.network == doc_.network) {
    session_->restore(std::move(p.parameters), std::move(p.state), p.trainer, std::move(p.history));
  }
  return session_->startTicket();
}

void PlaygroundModel::setDocument(const Document& doc, const QString& text, int mergeKey) {
  edit({doc.data, doc.network, doc.training, doc.device}, text, mergeKey);
}

void PlaygroundModel::applyProject(const Project& project, const QString& text) {
  Document next = doc_;
  next.data = project.data;
  next.network = project.network;
  next.training = project.training;
  const Edit after = Edit{next.data, next.network, next.training, {}}.changesFrom(doc_);
  try {
    checkFits(next.network, next.training, after.data ? shapeFor(next.data) : shape_);
  } catch (const std::exception& e) {
    refuse(QString::fromStdString(e.what()));
    return;
  }
  session_->pause();
  Project now = currentProject();
  RunState before{std::move(now.parameters), std::move(now.state), now.trainer,
                  std::move(now.history)};
  RunState start{project.parameters, project.state, project.trainer, project.history};
  undo_.push(new ProjectCommand(*this, after.partsOf(doc_), after, std::move(before),
                                std::move(start), text));
  emit documentChanged();  // also when only the weights started again
}

void PlaygroundModel::setData(const DataSpec& data, const QString& text, int mergeKey) {
  Edit e{data, doc_.network, doc_.training, std::nullopt};
  try {
    conformToData(*e.network, *e.training, shapeFor(data));
  } catch (const std::exception& ex) {
    refuse(QString::fromStdString(ex.what()));
    return;
  }
  edit(e, text, mergeKey);
}

void PlaygroundModel::setNetwork(const NetworkSpec& network, const QString& text, int mergeKey) {
  edit({std::nullopt, network, std::nullopt, std::nullopt}, text, mergeKey);
}

void PlaygroundModel::setTraining(const TrainingSettings& training, const QString& text,
                                  int mergeKey) {
  edit({std::nullopt, std::nullopt, training, std::nullopt}, text, mergeKey);
}

void PlaygroundModel::updateTraining(const std::function<void(TrainingSettings&)>& change,
                                     const QString& text, int mergeKey) {
  TrainingSettings t = doc_.training;
  change(t);
  edit({std::nullopt, std::nullopt, t, std::nullopt}, text, mergeKey);
}

void PlaygroundModel::setLoss(LossId loss) {
  Edit e{std::nullopt, doc_.network, doc_.training, std::nullopt};
  try {
    setLossConforming(*e.network, *e.training, loss, shape_);
  } catch (const std::exception& ex) {
    refuse(QString::fromStdString(ex.what()));
    return;
  }
  edit(e, tr("Loss: %1").arg(qs(nnplay::loss(loss).label)));
}

void PlaygroundModel::setDevice(const std::string& choice) {
  edit({std::nullopt, std::nullopt, std::nullopt, choice},
       tr("Device: %1").arg(QString::fromStdString(choice)));
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
  if (layer < 0 || layer >= static_cast<int>(doc_.network.layers.size())) return;
  if (layer + 1 == static_cast<int>(doc_.network.layers.size())) {
    Edit e{std::nullopt, doc_.network, doc_.training, std::nullopt};
    setOutputActivationConforming(*e.network, *e.training, id, shape_);
    edit(e, tr("Output activation"));
    return;
  }
  NetworkSpec n = doc_.network;
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

void PlaygroundModel::setLayerBias(int layer, bool on) {
  NetworkSpec n = doc_.network;
  if (layer < 0 || layer >= static_cast<int>(n.layers.size())) return;
  n.layers[static_cast<std::size_t>(layer)].bias = on;
  const bool output = layer + 1 == static_cast<int>(n.layers.size());
  const QString name = output ? tr("the output layer") : tr("layer %1").arg(layer + 1);
  setNetwork(n, on ? tr("Bias on %1").arg(name) : tr("No bias on %1").arg(name));
}

void PlaygroundModel::setInitializer(InitId init) {
  NetworkSpec n = doc_.network;
  n.init = init;
  n.biasInit = initializer(init).defaultBias;
  setNetwork(n, tr("Initializer: %1").arg(qs(initializer(init).label)));
  reset();
}

void PlaygroundModel::addDrawnPoint(float x, float y, float label) {
  DataSpec d = doc_.data;
  if (d.kind != DataSourceKind::Drawn) return;
  try {
    d.drawn.add(x, y, label);
  } catch (const std::exception& e) {
    refuse(QString::fromStdString(e.what()));
    return;
  }
  setData(d, tr("Add a point"));
}

void PlaygroundModel::removeDrawnPoint(float x, float y) {
  DataSpec d = doc_.data;
  if (d.kind != DataSourceKind::Drawn) return;
  const float extent = snapshot_ && snapshot_->points ? snapshot_->points->extent : 6.0f;
  if (d.drawn.removeNearest(x, y, extent * 0.1f)) setData(d, tr("Remove a point"));
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
  const std::optional<float> before = snapshot_->value(array, index);
  if (!before) {
    emit errorOccurred(tr("There is no weight %1[%2] in this network.")
                           .arg(QString::fromStdString(array))
                           .arg(index));
    return;
  }
  undo_.push(new WeightCommand(*this, array, index, *before, value));
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
void PlaygroundModel::follow(std::optional<SampleRef> sample) {
  followed_ = sample;
  session_->follow(sample);
}
void PlaygroundModel::stepSample(SampleRef sample) {
  session_->stepSample(sample);
}
void PlaygroundModel::requestLandscape(const LandscapeRequest& request) {
  session_->requestLandscape(request);
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
  shape_ = shapeFor(d.data);
  doc_ = d;
  startSession(doc_);
  becameNewDocument({});
}

DataShape PlaygroundModel::shapeFor(const DataSpec& data) {
  if (readInBackground(data)) {
    if (auto it = readShapes_.find(data.path); it != readShapes_.end()) return it->second;
  }
  return shapes_.shapeOf(data);
}

bool PlaygroundModel::readInBackground(const DataSpec& data) {
  return data.kind == DataSourceKind::Idx && data.features.ids.empty();
}

std::shared_ptr<PreparedData> PlaygroundModel::readData(const DataSpec& spec) {
  auto prepared = std::make_shared<PreparedData>();
  std::exception_ptr error;
  std::atomic<bool> done{false};
  const QString name = QFileInfo(QString::fromStdString(spec.path)).fileName();
  QElapsedTimer clock;
  clock.start();
  loading_ = true;
  emit loadingChanged(tr("Reading %1…").arg(name));
  std::thread worker([&] {
    try {
      *prepared = prepareData(spec);
    } catch (...) {
      error = std::current_exception();
    }
    done = true;
  });
  // The window stays live (it paints, shows the progress) while the worker reads.
  QEventLoop loop;
  QTimer tick;
  tick.setInterval(30);
  connect(&tick, &QTimer::timeout, &loop, [&] {
    if (done) {
      loop.quit();
    } else {
      emit loadingChanged(
          tr("Reading %1… %2 s").arg(name).arg(clock.elapsed() / 1000.0, 0, 'f', 1));
    }
  });
  tick.start();
  loop.exec(QEventLoop::ExcludeUserInputEvents);
  worker.join();
  loading_ = false;
  lastReadMs_ = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  emit loadingChanged({});
  if (error) std::rethrow_exception(error);
  DataSpec probe = spec;
  probe.features = {};
  DataShape shape = nnplay::shapeOf(probe, *prepared);
  shape.rawInputs = shape.inputs;
  if (readShapes_.size() >= 16) readShapes_.clear();
  readShapes_[spec.path] = shape;
  return prepared;
}

void PlaygroundModel::openProject(const QString& path) {
  Project p = loadProject(path.toStdString());  // throws with the file and field named
  Document d;
  d.data = p.data;
  d.network = p.network;
  d.training = p.training;
  d.device = doc_.device;
  // Image folders: read once, on a worker thread, and handed to the session.
  std::shared_ptr<PreparedData> prepared;
  if (readInBackground(d.data)) prepared = readData(d.data);
  const DataShape shape = shapeFor(d.data);
  // Until the project has opened, the old session, document and shape stay.
  auto previous = std::move(session_);
  try {
    startSession(d, std::move(prepared));
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

ScriptFiles PlaygroundModel::exportScript(const QString& path, CodeFramework framework) {
  const std::string file = path.toStdString();
  const auto s = session_->snapshot();
  if (!s || !s->ready) {
    // No network to read (a device that failed to start): the document alone.
    Project p;
    p.data = doc_.data;
    p.network = doc_.network;
    p.training = doc_.training;
    return nnplay::exportScript(p, nullptr, framework, file, true);
  }
  const Project p = currentProject();  // syncs: the snapshot below is after it
  const auto now = session_->snapshot();
  // Trained: a sample seen (the history starts with the untrained loss at epoch 0).
  const bool trained = now->samplesSeen > 0 || (!p.history.empty() && p.history.back().epoch > 0);
  ScriptFiles files;
  std::exception_ptr error;
  // The trained network lives on the session thread: the script is written there.
  session_->withState([&](const Network& n, const Trainer&, const InputTransform&, const History&) {
    try {
      files = nnplay::exportScript(p, trained ? &n : nullptr, framework, file, true);
    } catch (...) {
      error = std::current_exception();
    }
  });
  session_->sync();
  if (error) std::rethrow_exception(error);
  return files;
}

void PlaygroundModel::exportDataCsv(const QString& path) {
  // The points as plotted (raw coordinates and labels), or for tables and
  // images the rows as the network reads them.
  const auto s = snapshot_;
  const std::string csv = s->points
                              ? pointsCsv(s->points->train, s->points->trainLabels, s->points->test,
                                          s->points->testLabels, s->points->task)
                              : preparedDataCsv(prepareData(doc_.data));
  writeFileAtomically(path.toStdString(), csv);
}

}  // namespace nnplay::gui
