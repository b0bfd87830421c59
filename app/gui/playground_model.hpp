#pragma once
// The one object every panel talks to. It holds the document (data, network,
// hyperparameters, device) with its undo stack, runs the engine session that
// trains it, and hands out the session's newest snapshot.
//
// Guarantees:
//  - Every edit of the document goes through the undo stack (one QUndoCommand
//    per edit); edits with the same non-zero merge key in a row are merged, so
//    a slider drag is one undo step. Undo and redo re-apply the document to
//    the session.
//  - Training never runs on the GUI thread: play/step/reset are commands to
//    the session. A timer polls the session 60 times a second and emits
//    snapshotChanged() when a newer snapshot exists.
//  - An edit names the parts it changes (Edit): the document is checked
//    once with those parts (checkFits, the engine's data rules), the undo
//    command swaps just those parts, and the session is told just those. The
//    learning rate's path: the control -> setTraining -> edit -> EditCommand::redo
//    -> applyEdit -> Session::configure, with no serialization on it.
//  - Refusals leave nothing behind: an edit the rules refuse never reaches the
//    undo stack; one the session thread refuses later (a file that changed on
//    disk, a device that cannot start) is taken off the stack and out of the
//    document when poll() hears of it. Either way errorOccurred() says why and
//    documentChanged() makes the controls show the document again.
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUndoStack>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "document.hpp"
#include "nnplay/codegen.hpp"
#include "nnplay/data_rules.hpp"
#include "nnplay/project_file.hpp"
#include "nnplay/session.hpp"

namespace nnplay::gui {

enum class WeightFormat { Npz, Onnx, Json };

class PlaygroundModel : public QObject {
  Q_OBJECT

 public:
  explicit PlaygroundModel(QObject* parent = nullptr);
  // True while a project's data is being read (the window waits for it).
  bool loading() const { return loading_; }
  // How long the last background read took, in ms (-1: none yet).
  double lastReadMs() const { return lastReadMs_; }
  ~PlaygroundModel() override;

  const Document& document() const { return doc_; }
  const DataShape& shape() const { return shape_; }
  QUndoStack* undoStack() { return &undo_; }
  // The newest snapshot taken by the poll timer (never null after construction).
  std::shared_ptr<const Snapshot> snapshot() const { return snapshot_; }
  Session& session() { return *session_; }

  // ---- Edits: each is one undo step; `mergeKey` != 0 merges a run of edits
  // with the same key (slider drags). Invalid documents are refused with
  // errorOccurred() and change nothing.
  void edit(const Edit& parts, const QString& text, int mergeKey = 0);
  // New data: the network's inputs, its output layer and the loss follow it.
  void setData(const DataSpec& data, const QString& text, int mergeKey = 0);
  void setNetwork(const NetworkSpec& network, const QString& text, int mergeKey = 0);
  void setTraining(const TrainingSettings& training, const QString& text, int mergeKey = 0);
  // The document's training settings changed by `change` (one field, from a control).
  void updateTraining(const std::function<void(TrainingSettings&)>& change, const QString& text,
                      int mergeKey = 0);
  void setLoss(LossId loss);  // the output layer follows
  void setDevice(const std::string& choice);
  // The parts of `doc` that differ from the document, as one edit.
  void setDocument(const Document& doc, const QString& text, int mergeKey = 0);
  // A whole run as one undo step (a lesson step, its reset, its solution):
  // the project's data, network and training settings, and its weights (or,
  // without them, fresh ones from its seed, so the start is the same every
  // time). Training pauses; undo brings back the document and the run as
  // they were. The device stays. Refused like edit() when the rules refuse it.
  void applyProject(const Project& project, const QString& text);

  // Network shortcuts (each one undo step). `layer` indexes network().layers
  // (hidden layers first, the output layer last).
  void addLayer();     // a hidden layer before the output, as wide as the last hidden one (or 4)
  void removeLayer();  // the last hidden layer
  void addNeuron(int layer);
  void removeNeuron(int layer);
  void setLayerActivation(int layer, ActivationId id);  // the output's loss follows
  void setLayerDropout(int layer, float rate);
  void setLayerBatchNorm(int layer, bool on);
  void setLayerBias(int layer, bool on);  // any layer, the output one too
  void setInitializer(InitId init);       // with its default bias; weights re-initialized
  // A weight or bias typed by a person, applied live (one undo step).
  // `array` is a parameter-table name (parameterName()).
  void setWeight(const std::string& array, int index, float value);
  // Drawn data: a point of class (or value) `label`, or the point nearest
  // (x, y) within a tenth of the plane removed.
  void addDrawnPoint(float x, float y, float label);
  void removeDrawnPoint(float x, float y);

  // ---- For EditCommand: apply parts to the document and the session
  // (returns the session's ticket), or to the document alone after the
  // session refused them.
  std::uint64_t applyEdit(const Edit& parts);
  void restoreDocument(const Edit& parts);
  bool refusing(std::uint64_t ticket) const { return ticket != 0 && ticket == refusing_; }

  // ---- View preferences (not undoable, not in the file).
  void setGridResolution(int resolution);  // 100..256
  int gridResolution() const { return gridResolution_; }
  // Epochs a second at most while playing; 0: full speed.
  void setSpeedLimit(double epochsPerSecond);
  double speedLimit() const { return speedLimit_; }

  // ---- Controls.
  void play();
  void pause();
  void togglePlay();
  void stepBatch();
  void stepEpoch();
  void reset();
  // The math view: the sample it follows (kept for the next session; one
  // the data no longer has is dropped) and a step on one training sample.
  void follow(std::optional<SampleRef> sample);
  std::optional<SampleRef> followed() const { return followed_; }
  void stepSample(SampleRef sample);
  // The gradient-descent lab: a slice of the loss around the current weights.
  void requestLandscape(const LandscapeRequest& request);
  bool running() const { return snapshot_ && snapshot_->running; }

  // ---- Files. These throw std::exception (DataError, SpecError) with a
  // message naming the file; the caller shows it.
  QString filePath() const { return path_; }
  bool isModified() const { return !undo_.isClean() || weightsDirty_; }
  void newDocument();
  void openProject(const QString& path);
  void saveProject(const QString& path);   // also becomes the document's path
  void writeProject(const QString& path);  // a copy (autosave): path and clean state unchanged
  void exportWeights(const QString& path, WeightFormat format);
  void exportDataCsv(const QString& path);
  // A runnable Keras or PyTorch script at `path`, with the data CSV next to
  // it and, once the network has trained (a sample seen), its weights as
  // .npz; untrained, the script trains from scratch. Nothing is left behind
  // when a file cannot be written (codegen's exportScript).
  ScriptFiles exportScript(const QString& path, CodeFramework framework);
  // The project as the session holds it now: document, weights, trainer state, history.
  Project currentProject();

 signals:
  void documentChanged();  // after any edit, undo, redo, open or new
  void snapshotChanged();  // a newer snapshot is available
  void epochChanged(long epoch);
  void runningChanged(bool running);
  void errorOccurred(const QString& message);
  void noticeChanged(const QString& message);  // the session's last notice
  void modifiedChanged(bool modified);
  void filePathChanged(const QString& path);
  // While a project's data is read in the background: what to show in the
  // status bar ("Reading … 0.4 s"); empty when it is done.
  void loadingChanged(const QString& message);

 public:
  // Takes the session's refusals and newest snapshot now; the timer calls it
  // about 60 times a second (tests call it to settle at once).
  void poll();

 private:
  void startSession(const Document& doc, std::shared_ptr<PreparedData> prepared = nullptr);
  // The data's shape: from what readData() read, else from the shape cache.
  DataShape shapeFor(const DataSpec& data);
  // Image folders are read by readData() when a project opens.
  static bool readInBackground(const DataSpec& data);
  // Reads `spec` on a worker thread while a local event loop keeps the window
  // painting (user input waits); loadingChanged() says how far it is.
  std::shared_ptr<PreparedData> readData(const DataSpec& spec);
  // A new session on doc_.device that carries on with the run (weights,
  // optimizer state, history) when data and network are the same; returns
  // its start ticket. Also how an edit reaches a session that failed to start.
  std::uint64_t switchDevice();
  // Takes a refused edit off the undo stack and out of the document.
  void undoRefused(const Refusal& r);
  void refuse(const QString& why);  // errorOccurred + documentChanged
  // After New or Open: a clean undo stack, the given path, everyone told.
  void becameNewDocument(const QString& path);

  Document doc_;
  DataShape shape_;
  ShapeCache shapes_;
  std::map<std::string, DataShape> readShapes_;  // image folders readData() read, by path
  bool loading_ = false;
  double lastReadMs_ = -1;
  QUndoStack undo_;
  std::uint64_t refusing_ = 0;       // the ticket being taken back (see EditCommand)
  std::uint64_t lastTicket_ = 0;     // the newest ticket applyEdit got
  std::uint64_t recoveredUpTo_ = 0;  // refusals of tickets up to here are answered
  Project carried_;                  // the run a device switch carries over
  std::unique_ptr<Session> session_;
  std::shared_ptr<const Snapshot> snapshot_;
  QTimer poll_;
  QString path_;
  int gridResolution_ = 100;
  double speedLimit_ = 100.0;
  std::optional<SampleRef> followed_;
  bool weightsDirty_ = false;  // trained since the last save
  long lastEpoch_ = -1;
  bool lastRunning_ = false;
  std::string lastMessage_;
};

}  // namespace nnplay::gui
