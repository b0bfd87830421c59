#pragma once
// A training session: one thread owns the network, the backend, the data and
// the trainer. Other threads talk to it only through commands (a queue) and
// read it only through snapshots (immutable, swapped atomically).
//
// Guarantees:
//  - Commands run on the session thread between batches, in the order given.
//  - The trainer never waits for a reader: snapshot() copies one shared
//    pointer under a lock held for nanoseconds (never while a reader paints),
//    and returns the newest complete snapshot.
//  - Snapshots are published at most `publishPerSecond` times a second while
//    training (and after every command), so publishing costs the trainer a
//    bounded share of its time (stats() measures it).
//  - A NaN or infinite loss pauses the session; the snapshot says why.
//  - The destructor (or stop()) stops and joins the thread within one batch.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "nnplay/backend.hpp"
#include "nnplay/data_source.hpp"
#include "nnplay/grid.hpp"
#include "nnplay/history.hpp"
#include "nnplay/input_transform.hpp"
#include "nnplay/inspection.hpp"
#include "nnplay/landscape.hpp"
#include "nnplay/metrics.hpp"
#include "nnplay/network.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {

struct SessionConfig {
  DataSpec data;
  NetworkSpec network;  // its input width is set from the data
  TrainingSettings training;
  // false: a network whose input width differs from the data's is refused
  // instead (a window whose rules saw the file before it changed on disk).
  bool inputsFromData = true;
  int gridResolution = 100;  // 0: no grid
  double publishPerSecond = 60.0;
  // `data` already prepared by the caller (e.g. read on a worker thread while
  // the window stays live): the session takes it instead of reading the files
  // again. Null: the session prepares `data` itself.
  std::shared_ptr<PreparedData> prepared;
};

// The raw 2-D points of the current data (before features and scaling), for
// drawing them over the boundary. Shared between snapshots until the data changes.
struct PointSet {
  RowMatrix train;  // rows x rawInputs
  RowMatrix trainLabels;
  RowMatrix test;
  RowMatrix testLabels;
  Task task = Task::Classification;
  int classes = 2;
  std::vector<std::string> classNames;
  float extent = 6.0f;
};

// Predictions on the first test rows, for data with no plane to plot (tables
// and images): what the output view shows instead of a boundary (predicted
// against actual, a confusion matrix, sample images with their labels).
struct TestSample {
  static constexpr int kMaxRows = 2000;
  static constexpr int kImages = 32;
  long step = 0;  // the trainer's step when it was computed
  Task task = Task::Classification;
  int classes = 2;
  std::vector<std::string> classNames;
  std::string targetName;
  RowMatrix predicted;               // rows x outputs in target units (class probabilities)
  RowMatrix actual;                  // rows x target columns: class index or target values
  std::vector<std::uint8_t> pixels;  // images only: the first kImages rows
  int imageRows = 0;
  int imageCols = 0;

  int rows() const { return static_cast<int>(predicted.rows()); }
  // The predicted class of a row: argmax, or p >= 0.5 for one sigmoid output.
  int predictedClass(int row) const;
};

struct Snapshot {
  std::uint64_t version = 0;
  bool ready = true;   // false while the backend is being created (or failed to be)
  std::string device;  // the backend's name
  long epoch = 0;
  long step = 0;
  long samplesSeen = 0;
  bool running = false;
  bool diverged = false;
  bool earlyStopped = false;  // early stopping paused the run (the message says at which epoch)
  long bestEpoch = -1;        // early stopping's best epoch so far (-1: none, or not watching)
  float learningRate = 0.0f;  // the rate the next step uses (the schedule applied)
  std::string message;        // the last notice: divergence, what a change re-initialized, errors
  bool error = false;         // the message says why a command was refused (or the device failed)
  // The configuration the session runs now (what it accepted last).
  std::shared_ptr<const DataSpec> data;
  NetworkSpec network;
  TrainingSettings training;
  std::vector<ParameterEntry> table;
  std::vector<float> parameters;
  std::vector<float> state;
  HistoryView history;
  std::shared_ptr<const Grid> grid;        // null unless the inputs are 1-D or 2-D
  std::shared_ptr<const PointSet> points;  // null for tables and images
  std::shared_ptr<const InputTransform> transform;
  std::shared_ptr<const TestSample> testSample;  // null for 1-D and 2-D data
  // The sample the math view follows and its math with the current weights
  // (recomputed at most 4 times a second while training); null when none.
  std::optional<SampleRef> followed;
  std::shared_ptr<const Trace> trace;
  // The math of the last stepBatch() or stepSample(), computed before it;
  // null once training plays on.
  std::shared_ptr<const StepTrace> lastStep;
  // Dead and saturated hidden units and the pre-activations over the first
  // kInspectedRows training rows (at most once a second while training).
  std::shared_ptr<const UnitInspection> units;
  static constexpr int kInspectedRows = 256;
  // The last requestLandscape(): a slice around the weights of its step
  // (null until asked, and after the network or data changed).
  std::shared_ptr<const LandscapeSlice> landscape;
  int trainRows = 0;  // rows of the prepared training and test sets (SampleRef's range)
  int testRows = 0;
  double samplesPerSecond = 0.0;  // recent training speed
  double epochsPerSecond = 0.0;

  // A parameter's value by its table name (parameterName()), or nullopt when
  // the network has no such array or index.
  std::optional<float> value(std::string_view name, int index) const;
};

// A command the session thread refused: which one (the ticket its call
// returned) and why.
struct Refusal {
  std::uint64_t ticket = 0;
  std::string why;
};

struct SessionStats {
  double trainSeconds = 0.0;     // inside trainBatch
  double publishSeconds = 0.0;   // building and swapping snapshots (grid included)
  double evaluateSeconds = 0.0;  // history points (train/test loss)
  long publishes = 0;
  long batches = 0;
};

class Session {
 public:
  // Prepares the data and builds the network on the calling thread (so bad
  // settings throw here), then starts the thread, paused.
  Session(SessionConfig config, std::unique_ptr<Backend> backend);
  // Creates the backend for a device choice ("cpu", "opencl:0", ...; see
  // devices.hpp) on the session's own thread, so that compiling OpenCL
  // kernels never blocks the caller and only that thread touches the OpenCL
  // context. Until it is ready, snapshots say "compiling OpenCL kernels..."
  // (with `ready` false); if it fails, the snapshot's message says why.
  Session(SessionConfig config, std::string device);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void play();
  void pause();
  // One batch; the snapshot's lastStep has its rows and its math.
  void stepBatch();
  void stepEpoch();
  // One optimizer step on a single training sample, in inference mode (no
  // dropout, batch norm's running statistics), so it makes exactly the
  // update the trace shows. A test sample is refused: it never trains.
  void stepSample(SampleRef sample);
  // A slice of the training loss around the current weights, computed on the
  // session thread between batches (the weights are restored exactly, so
  // training goes on undisturbed); the snapshot's landscape has it, or the
  // message says why not.
  void requestLandscape(LandscapeRequest request);
  // Follow a sample in the snapshots' trace (nullopt: none). A sample that
  // no longer exists (the data changed) is dropped.
  void follow(std::optional<SampleRef> sample);
  void reset();  // re-initialize the weights with the seed, clear the history
  // Data, network and hyperparameters changed together as one edit (a new
  // dataset with the output layer and loss that fit it): all are checked
  // first, and either all apply or none does and the message says why. A
  // network given must have the data's input width (without one, the current
  // network is resized to it). An
  // absent part is kept. Arrays whose name and shape are unchanged keep their
  // values; resized ones (a neuron or input added or removed) keep their
  // overlapping block; the message lists what was resized or re-initialized.
  // A data change clears the history; other changes keep counting epochs.
  // Only hyperparameters: the weights and optimizer state are kept (a new
  // optimizer or loss starts its state fresh).
  // Returns a ticket, unique in the process: if the session thread refuses
  // the change, takeRefusals() names that ticket.
  std::uint64_t configure(std::optional<DataSpec> data, std::optional<NetworkSpec> network,
                          std::optional<TrainingSettings> training);
  // configure() with one part.
  std::uint64_t setTraining(const TrainingSettings& s);
  std::uint64_t setNetwork(const NetworkSpec& spec);
  std::uint64_t setData(const DataSpec& data);
  std::uint64_t setParameter(const std::string& name, int index, float value);
  // The commands refused since the last call, oldest first. A device that
  // could not be started is a refusal of startTicket().
  std::vector<Refusal> takeRefusals();
  std::uint64_t startTicket() const { return startTicket_; }
  void setGridResolution(int resolution);
  // At most this many epochs a second while playing (spread evenly over the
  // batches), so a class can watch a small network learn; 0 removes the
  // limit. Commands are still answered at once while it waits.
  void setSpeedLimit(double epochsPerSecond);
  // Runs f on the session thread with the trainer's current state (for
  // saving a project).
  void withState(
      std::function<void(const Network&, const Trainer&, const InputTransform&, const History&)> f);
  // Restores a saved run (parameters, state, trainer state, history). Runs on
  // the session thread; errors go to the snapshot's message.
  void restore(std::vector<float> parameters, std::vector<float> state,
               std::optional<TrainerState> trainer, std::vector<HistoryPoint> history);

  std::shared_ptr<const Snapshot> snapshot() const {
    std::lock_guard<std::mutex> lock(latestMutex_);
    return latest_;
  }
  // Blocks until every command given so far has run and a snapshot after it
  // is published. For tests and saving; the GUI never needs it.
  void sync();
  SessionStats stats() const;
  void stop();

 private:
  struct Core;
  void post(std::function<void(Core&)> command);
  void run();
  void publishNotice(const std::string& message, bool ready, bool error = false);
  void refuse(std::uint64_t ticket, const std::string& why);

  std::unique_ptr<Core> core_;  // touched only by the session thread after start
  // A plain mutex around one pointer rather than std::atomic<std::shared_ptr>:
  // libstdc++ 12 implements that with a lock bit ThreadSanitizer cannot see.
  mutable std::mutex latestMutex_;
  std::shared_ptr<const Snapshot> latest_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void(Core&)>> queue_;
  std::uint64_t posted_ = 0;     // guarded by mutex_
  std::uint64_t completed_ = 0;  // guarded by mutex_
  std::atomic<bool> stop_{false};
  std::atomic<bool> queued_{false};  // lets the training loop skip the lock when idle of commands
  SessionStats stats_;               // guarded by mutex_
  std::vector<Refusal> refusals_;    // guarded by mutex_
  std::uint64_t startTicket_ = 0;
  std::thread thread_;
};

}  // namespace nnplay
