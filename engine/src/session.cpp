#include "nnplay/session.hpp"

#include <chrono>
#include <cmath>
#include <optional>
#include <vector>

#include "nnplay/devices.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "worker_pool.hpp"

namespace nnplay {

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double metricOf(const Evaluation& e, Task task) {
  return task == Task::Classification ? e.accuracy : e.r2;
}

std::shared_ptr<const PointSet> pointsOf(const DataSpec& spec, const PreparedData& d) {
  if (d.rawTrain.size() == 0) return nullptr;  // tables and images: no plane to plot
  auto p = std::make_shared<PointSet>();
  p->train = d.rawTrain;
  p->test = d.rawTest;
  // Labels in target units (regression targets may have been standardized).
  p->trainLabels = d.targetScaler.fitted() ? d.targetScaler.inverse(d.train.y) : d.train.y;
  p->testLabels = d.targetScaler.fitted() ? d.targetScaler.inverse(d.test.y) : d.test.y;
  p->task = d.train.task;
  p->classes = d.train.classes;
  p->classNames = d.train.classNames;
  const float domain = spec.kind == DataSourceKind::Generator
                           ? static_cast<float>(generatorByName(spec.generator).domain)
                           : 6.0f;
  p->extent = std::max(domain, 6.0f);  // TF Playground's plane is [-6, 6]
  return p;
}

// Tickets are unique across sessions, so a window that replaced its session
// (another device) never mistakes an old refusal for a new one.
std::atomic<std::uint64_t> lastTicket{0};
std::uint64_t nextTicket() {
  return lastTicket.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

struct Session::Core {
  SessionConfig config;
  std::unique_ptr<Backend> backend;
  PreparedData data;
  std::shared_ptr<const DataSpec> dataSpec;  // config.data, shared with the snapshots
  std::shared_ptr<const InputTransform> transform;
  std::shared_ptr<const PointSet> points;
  std::unique_ptr<Network> network;
  std::unique_ptr<Trainer> trainer;
  History history;
  // Watches the validation (or test) loss epoch by epoch when the settings
  // ask for early stopping; reset with the weights.
  EarlyStopping stopper;
  bool earlyStopped = false;
  bool running = false;
  bool diverged = false;
  std::string message;
  std::uint64_t version = 0;
  Clock::time_point lastPublish{};
  // While training, snapshots are due on a fixed grid of the publishing
  // interval (not an interval after the last one, which drifts by a batch
  // each time: 60 a second became about 52 with Fashion-MNIST's batches).
  Clock::time_point publishDue{};
  Clock::time_point lastRecord{};
  bool dirty = true;  // something changed since the last snapshot
  // Speed over the last half second or so.
  Clock::time_point speedStart = Clock::now();
  double samplesPerSecond = 0.0;
  double epochsPerSecond = 0.0;
  // A person watching wants to see the boundary bend, not a finished run:
  // at most this many epochs a second (0: as fast as it goes).
  double speedLimit = 0.0;
  Clock::time_point nextBatch{};

  // When the next batch may start under the speed limit.
  void scheduleNextBatch() {
    if (speedLimit <= 0) return;
    const double batches = std::max(1.0, std::ceil(static_cast<double>(data.train.rows()) /
                                                   std::max(1, config.training.batchSize)));
    const auto interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / (speedLimit * batches)));
    const auto now = Clock::now();
    // After a pause or a slow batch, start from now instead of catching up in a burst.
    if (nextBatch + std::chrono::milliseconds(100) < now) nextBatch = now;
    nextBatch += interval;
  }
  SessionStats local;
  GridEvaluator grid;
  std::optional<SampleRef> followed;
  std::shared_ptr<const Trace> trace;
  long traceStep = -1;
  Clock::time_point lastTrace{};
  std::shared_ptr<const StepTrace> lastStep;
  std::shared_ptr<const UnitInspection> units;
  Clock::time_point lastUnits{};
  std::shared_ptr<const LandscapeSlice> landscape;

  // The followed sample's trace, throttled like the test sample.
  std::shared_ptr<const Trace> followedTrace() {
    if (!followed) return nullptr;
    if (trace && traceStep == step()) return trace;
    if (trace && running && Clock::now() - lastTrace < std::chrono::milliseconds(250)) return trace;
    try {
      trace =
          std::make_shared<const Trace>(traceRows(*trainer, data, followed->set, {followed->row}));
    } catch (const SpecError&) {  // the data changed under it
      followed.reset();
      trace.reset();
      return nullptr;
    }
    traceStep = step();
    lastTrace = Clock::now();
    return trace;
  }

  // At most once a second (a forward pass over kInspectedRows rows twice),
  // except when the network's shape changed; a measurement held back is
  // made when the second is up (unitsPending keeps the paused loop awake).
  bool unitsStale = false;
  bool unitsPending = false;
  bool unitsFit() const {
    if (!units || units->preActivations.size() != network->spec().layers.size()) return false;
    for (std::size_t l = 0; l < units->preActivations.size(); ++l) {
      if (units->preActivations[l].rows() != network->spec().layers[l].units) return false;
    }
    return true;
  }
  std::shared_ptr<const UnitInspection> unitInspection() {
    unitsPending = false;
    if (units && !unitsStale && units->step == step()) return units;
    if (unitsFit() && Clock::now() - lastUnits < std::chrono::seconds(1)) {
      unitsPending = !running;
      return units;
    }
    unitsStale = false;
    auto u = std::make_shared<UnitInspection>(
        inspectUnits(*network, data.train, Snapshot::kInspectedRows));
    u->step = step();
    lastUnits = Clock::now();
    units = std::move(u);
    return units;
  }

  // Traces the rows a manual step is about to use, then lets `step` run.
  template <typename F>
  void tracedStep(std::vector<std::uint32_t> rows, F run) {
    lastStep.reset();
    try {
      auto s = std::make_shared<StepTrace>();
      s->stepBefore = this->step();
      const std::vector<int> r(rows.begin(), rows.end());
      s->trace = traceRows(*trainer, data, SampleRef::Set::Train, r);
      s->rows = std::move(rows);
      lastStep = std::move(s);
    } catch (const std::exception&) {
      // No math for this step (a row that does not exist); the step says why.
    }
    run();
  }
  std::shared_ptr<const TestSample> sample;
  bool error = false;  // the message says why a command was refused

  void fail(std::string why) {
    message = std::move(why);
    error = true;
  }
  Clock::time_point lastSample{};

  // Recomputed at most once a second while training (prediction on up to
  // 2,000 rows of a wide input is not free), at once otherwise.
  // A command may have changed the data or the weights: the sample is reset then.
  std::shared_ptr<const TestSample> testSample() {
    if (points || data.test.rows() == 0) return nullptr;
    if (sample && sample->step == step()) return sample;
    if (sample && running && Clock::now() - lastSample < std::chrono::seconds(1)) return sample;
    auto s = std::make_shared<TestSample>();
    const Dataset& test = data.test;
    const int n = std::min(TestSample::kMaxRows, test.rows());
    std::vector<int> rows(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = i;
    const Dataset head = test.subset(rows);
    s->step = step();
    s->task = test.task;
    s->classes = test.classes;
    s->classNames = test.classNames;
    s->targetName = test.targetName;
    s->predicted = transform->unscaleOutputs(trainer->predict(head).outputs);
    s->actual = data.targetScaler.fitted() ? data.targetScaler.inverse(head.y) : head.y;
    if (head.hasPixels()) {
      const int images = std::min(TestSample::kImages, n);
      s->pixels.assign(
          head.pixels.begin(),
          head.pixels.begin() + static_cast<std::ptrdiff_t>(images) * head.pixelColumns);
      s->imageRows = data.imageRows;
      s->imageCols = data.imageCols;
    }
    lastSample = Clock::now();
    sample = std::move(s);
    return sample;
  }

  void prepare(const DataSpec& spec, std::shared_ptr<PreparedData> given = nullptr) {
    data = given ? std::move(*given) : prepareData(spec);
    config.data = spec;
    dataSpec = std::make_shared<const DataSpec>(spec);
    transform = std::make_shared<const InputTransform>(InputTransform::from(data));
    points = pointsOf(spec, data);
  }

  // Data, network and trainer: on the caller's thread for a given backend, on
  // the session thread for a device choice.
  // A network given by a caller has the width the caller's rules saw; data
  // just read from a file that gives another one changed on disk since.
  void checkWidth(const NetworkSpec& n, bool dataJustRead) const {
    if (n.inputs == data.train.features()) return;
    throw SpecError("the data gives " + std::to_string(data.train.features()) +
                    " inputs; the network has " + std::to_string(n.inputs) +
                    (dataJustRead ? " (did the file change?)" : ""));
  }

  void init() {
    // Data the caller already read (a window that opened an image project)
    // is taken as it is: read once, not twice.
    std::shared_ptr<PreparedData> given = std::move(config.prepared);
    config.prepared.reset();
    prepare(config.data, std::move(given));
    if (!config.inputsFromData) checkWidth(config.network, true);
    config.network.inputs = data.train.features();
    network = std::make_unique<Network>(config.network, *backend);
    network->initialize(config.training.seed);
    buildTrainer();
    record();
  }

  // A new network for `spec`, initialized from the seed. Arrays whose name
  // and shape are unchanged keep their values; arrays that only grew or
  // shrank (a neuron added or removed) keep their overlapping block, so the
  // other neurons keep what they learned. Returns what happened, for people:
  // "all weights kept", or "resized dense_1/kernel, ...; re-initialized ...".
  std::pair<std::unique_ptr<Network>, std::string> makeNetwork(const NetworkSpec& spec) {
    auto next = std::make_unique<Network>(spec, *backend);
    next->initialize(config.training.seed);
    std::string resized, reinit;
    for (const ParameterEntry& e : next->parameterTable()) {
      const ParameterEntry* old = nullptr;
      for (const ParameterEntry& o : network->parameterTable()) {
        if (o.name == e.name) old = &o;
      }
      if (!old) {
        reinit += (reinit.empty() ? "" : ", ") + e.name;
        continue;
      }
      const RowMatrix before = network->array(e.name);
      if (old->rows == e.rows && old->cols == e.cols) {
        next->setArray(e.name, before);
        continue;
      }
      RowMatrix after = next->array(e.name);
      const Eigen::Index r = std::min(after.rows(), before.rows());
      const Eigen::Index k = std::min(after.cols(), before.cols());
      after.topLeftCorner(r, k) = before.topLeftCorner(r, k);
      next->setArray(e.name, after);
      resized += (resized.empty() ? "" : ", ") + e.name;
    }
    std::string note;
    if (!resized.empty()) note = "resized " + resized + " (new weights initialized)";
    if (!reinit.empty())
      note += (note.empty() ? "" : "; ") + std::string("re-initialized ") + reinit;
    return {std::move(next), note.empty() ? "all weights kept" : note};
  }

  // A new trainer (new network, new loss) starts its counters at 0; the run
  // keeps counting from where it was, so the epoch counter and the curves go
  // on instead of jumping back. A reset or new data starts from 0.
  long epochBase = 0;
  long stepBase = 0;
  long samplesBase = 0;
  long epoch() const { return epochBase + trainer->epoch(); }
  long step() const { return stepBase + trainer->step(); }
  long samplesSeen() const { return samplesBase + trainer->samplesSeen(); }
  void keepCounting() {
    if (!trainer) return;
    epochBase += trainer->epoch();
    stepBase += trainer->step();
    samplesBase += trainer->samplesSeen();
  }
  void restartCounting() { epochBase = stepBase = samplesBase = 0; }

  void buildTrainer(bool continueRun = false) {
    if (continueRun) {
      keepCounting();
    } else {
      restartCounting();
    }
    trainer.reset();
    lastStep.reset();  // its rows and weights belong to the run before
    landscape.reset();
    stopper.reset();
    earlyStopped = false;
    trainer = std::make_unique<Trainer>(*network, config.training, data.train,
                                        ImageShape{data.imageRows, data.imageCols});
    trainer->continueSchedule(epochBase);
  }

  // The last time read on this thread: one clock read per batch is enough
  // for the statistics and the publishing schedule.
  Clock::time_point mark = Clock::now();

  // The history point of the epoch just ended: the loss and metric on the
  // training, test and validation sets with the weights as they are.
  void record() {
    startRecord();
    continueRecord(Clock::time_point::max());
  }

  // While playing, the point is computed a piece of a data set at a time
  // between the loop's other work, training held until it is complete: an
  // epoch of Fashion-MNIST evaluates 70,000 images, some 70 ms in which the
  // window would otherwise get no snapshot (four or five frames lost per
  // epoch). The pieces are Trainer::predict's own, so the numbers are the same.
  struct PendingRecord {
    std::vector<const Dataset*> sets;  // training, test, validation
    std::vector<Evaluation> done;
    Network::Prediction current;
    int row = 0;
  };
  std::optional<PendingRecord> pending;

  void startRecord() {
    PendingRecord r;
    r.sets = {&data.train, &data.test};
    if (data.validation.rows() > 0) r.sets.push_back(&data.validation);
    pending = std::move(r);
  }

  // Evaluates pieces until `until` (at least one piece) or the point is
  // complete; then appends it and returns true.
  bool continueRecord(Clock::time_point until) {
    PendingRecord& r = *pending;
    const auto t0 = Clock::now();
    while (r.done.size() < r.sets.size()) {
      const Dataset& d = *r.sets[r.done.size()];
      if (r.row == 0) r.current = trainer->predictionFor(d);
      const int chunk = trainer->predictionChunk(d);
      bool more = true;
      while (r.row < d.rows() && more) {
        const int n = std::min(chunk, d.rows() - r.row);
        trainer->predictRows(d, r.row, n, r.current);
        r.row += n;
        more = Clock::now() < until;
      }
      if (r.row < d.rows()) {
        mark = Clock::now();
        local.evaluateSeconds += seconds(t0, mark);
        return false;
      }
      r.done.push_back(trainer->evaluate(d, r.current));
      r.row = 0;
    }
    const Evaluation& tr = r.done[0];
    const Evaluation& te = r.done[1];
    HistoryPoint point{epoch(), tr.loss, te.loss, metricOf(tr, data.train.task),
                       metricOf(te, data.train.task)};
    if (r.done.size() > 2) {
      point.validationLoss = r.done[2].loss;
      point.validationMetric = metricOf(r.done[2], data.train.task);
    }
    history.append(point);
    pending.reset();
    lastRecord = Clock::now();
    local.evaluateSeconds += seconds(t0, lastRecord);
    mark = lastRecord;
    dirty = true;
    return true;
  }

  // Flat out, the clock is read once every `clockEvery` batches: as many as
  // take some 10-40 us (a playground batch takes under a microsecond, and a
  // clock read was 2-4 % of it). A new epoch always reads it.
  int clockEvery = 1;
  int sinceClock = 0;

  void trainOneBatch(bool flatOut = false) {
    if (pending) continueRecord(Clock::time_point::max());  // the weights it measures first
    const long epochBefore = trainer->epoch();
    try {
      // While playing, nothing comes back from the device per batch; a step
      // asks for its loss (and so checks it at once).
      trainer->trainBatch(!running);
    } catch (const DivergenceError& e) {
      running = false;
      diverged = true;
      message = e.what();
      dirty = true;
      return;
    }
    ++local.batches;
    const bool newEpoch = trainer->epoch() != epochBefore;
    if (flatOut && !newEpoch && ++sinceClock < clockEvery) return;
    const auto t1 = Clock::now();
    const double elapsed = seconds(mark, t1);
    local.trainSeconds += elapsed;
    mark = t1;
    if (flatOut && !newEpoch) {
      // Only whole runs of `clockEvery` batches (not one cut short by a new
      // epoch) say how long that many take.
      if (elapsed < 10e-6 && clockEvery < 64) {
        clockEvery *= 2;
      } else if (elapsed > 40e-6 && clockEvery > 1) {
        clockEvery /= 2;
      }
    }
    sinceClock = 0;
    if (newEpoch) {
      // A history point per epoch, at most every 5 ms while running flat out
      // (every epoch while early stopping watches: the chart marks its epochs).
      const bool watching = config.training.earlyStopping.enabled;
      if (watching || !running) {
        record();
      } else if (seconds(lastRecord, t1) >= 0.005) {
        startRecord();  // the run loop completes it before the next batch
      }
      if (watching) watchForEarlyStop();
      dirty = true;
    }
  }

  // Keras's EarlyStopping on the loss just recorded: the validation loss, or
  // the test loss without a validation set.
  void watchForEarlyStop() {
    const bool validation = data.validation.rows() > 0;
    const HistoryPoint last = history.view().back();  // a copy: the view is a temporary
    stopper.setSettings(config.training.earlyStopping);
    const double loss = validation ? last.validationLoss : last.testLoss;
    if (!stopper.update(epoch(), loss, network->parameters(), network->state())) return;
    if (config.training.earlyStopping.restoreBest && stopper.bestEpoch() >= 0) {
      network->setParameters(stopper.bestParameters());
      network->setState(stopper.bestState());
    }
    message = earlyStoppingMessage(stopper, epoch(), validation);
    stopper.clearWait();  // play goes on from here, with a fresh patience
    running = false;
    earlyStopped = true;
  }
};

Session::Session(SessionConfig config, std::unique_ptr<Backend> backend)
    : core_(std::make_unique<Core>()), startTicket_(nextTicket()) {
  Core& c = *core_;
  c.config = std::move(config);
  c.backend = std::move(backend);
  c.init();
  thread_ = std::thread([this] { run(); });
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [&] { return snapshot() != nullptr; });
}

Session::Session(SessionConfig config, std::string device)
    : core_(std::make_unique<Core>()), startTicket_(nextTicket()) {
  core_->config = std::move(config);
  publishNotice(device.rfind("opencl", 0) == 0 ? "compiling OpenCL kernels..." : "starting", false);
  thread_ = std::thread([this, device = std::move(device)] {
    try {
      core_->backend =
          createBackend(device, [this](const std::string& m) { publishNotice(m, false); });
      core_->init();
    } catch (const std::exception& e) {
      // Nothing to train: say why, answer commands until stopped.
      publishNotice(e.what(), false, true);
      refuse(startTicket_, e.what());
      std::unique_lock<std::mutex> lock(mutex_);
      while (!stop_.load()) {
        completed_ = posted_;
        queue_.clear();
        idle_.notify_all();
        wake_.wait(lock, [&] { return !queue_.empty() || stop_.load(); });
      }
      completed_ = posted_;
      idle_.notify_all();
      return;
    }
    run();
  });
}

std::optional<float> Snapshot::value(std::string_view name, int index) const {
  for (const ParameterEntry& e : table) {
    if (e.name != name) continue;
    if (index < 0 || static_cast<std::size_t>(index) >= e.size()) return std::nullopt;
    const auto& buffer = e.isState ? state : parameters;
    const std::size_t at = e.offset + static_cast<std::size_t>(index);
    if (at >= buffer.size()) return std::nullopt;
    return buffer[at];
  }
  return std::nullopt;
}

int TestSample::predictedClass(int row) const {
  if (predicted.cols() == 1) return predicted(row, 0) >= 0.5f ? 1 : 0;
  Eigen::Index best = 0;
  predicted.row(row).maxCoeff(&best);
  return static_cast<int>(best);
}

void Session::publishNotice(const std::string& message, bool ready, bool error) {
  auto s = std::make_shared<Snapshot>();
  s->ready = ready;
  s->message = message;
  s->error = error;
  {
    std::lock_guard<std::mutex> lock(latestMutex_);
    s->version = latest_ ? latest_->version + 1 : 1;
    latest_ = s;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.notify_all();
}

Session::~Session() {
  stop();
}

void Session::stop() {
  if (stop_.exchange(true)) {
    if (thread_.joinable()) thread_.join();
    return;
  }
  { std::lock_guard<std::mutex> lock(mutex_); }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  idle_.notify_all();
}

void Session::post(std::function<void(Core&)> command) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(command));
    ++posted_;
    queued_.store(true, std::memory_order_release);
  }
  wake_.notify_one();
}

void Session::sync() {
  std::unique_lock<std::mutex> lock(mutex_);
  const std::uint64_t target = posted_;
  idle_.wait(lock, [&] { return completed_ >= target || stop_.load(); });
}

SessionStats Session::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void Session::play() {
  post([](Core& c) {
    c.running = true;
    c.lastStep.reset();
    c.diverged = false;
    c.earlyStopped = false;
    c.message.clear();
  });
}

void Session::pause() {
  post([](Core& c) { c.running = false; });
}

void Session::stepBatch() {
  post([](Core& c) {
    c.running = false;
    c.tracedStep(c.trainer->nextBatch(), [&] { c.trainOneBatch(); });
  });
}

void Session::stepSample(SampleRef sample) {
  post([sample](Core& c) {
    c.running = false;
    if (sample.set != SampleRef::Set::Train) {
      c.fail("a test sample never trains the network; pick a training sample to step with");
      return;
    }
    try {
      const auto row = static_cast<std::uint32_t>(sample.row);
      c.tracedStep({row}, [&] { c.trainer->stepOn(std::span(&row, 1)); });
    } catch (const DivergenceError& e) {
      c.diverged = true;
      c.message = e.what();
    } catch (const SpecError& e) {
      c.fail(e.what());
    }
  });
}

void Session::requestLandscape(LandscapeRequest request) {
  post([request](Core& c) {
    try {
      auto s = std::make_shared<LandscapeSlice>(
          lossSlice(*c.network, c.data.train, c.config.training, request));
      s->step = c.step();
      c.landscape = std::move(s);
    } catch (const SpecError& e) {
      c.fail(e.what());
    }
  });
}

void Session::follow(std::optional<SampleRef> sample) {
  post([sample](Core& c) {
    c.followed = sample;
    c.trace.reset();
  });
}

void Session::stepEpoch() {
  post([](Core& c) {
    c.running = false;
    const long start = c.trainer->epoch();
    while (c.trainer->epoch() == start && !c.diverged) c.trainOneBatch();
  });
}

void Session::reset() {
  post([](Core& c) {
    c.network->initialize(c.config.training.seed);
    c.buildTrainer();  // and a fresh early-stopping watch
    c.history.clear();
    c.diverged = false;
    c.message = "weights re-initialized";
    c.record();
  });
}

// The three single-part edits are configure() with the other parts kept.
std::uint64_t Session::setTraining(const TrainingSettings& s) {
  return configure(std::nullopt, std::nullopt, s);
}

std::uint64_t Session::setNetwork(const NetworkSpec& spec) {
  return configure(std::nullopt, spec, std::nullopt);
}

void Session::refuse(std::uint64_t ticket, const std::string& why) {
  std::lock_guard<std::mutex> lock(mutex_);
  refusals_.push_back({ticket, why});
}

std::vector<Refusal> Session::takeRefusals() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Refusal> r;
  r.swap(refusals_);
  return r;
}

std::uint64_t Session::setParameter(const std::string& name, int index, float value) {
  const std::uint64_t ticket = nextTicket();
  post([this, ticket, name, index, value](Core& c) {
    try {
      RowMatrix m = c.network->array(name);
      if (index < 0 || index >= m.size()) {
        throw SpecError(name + " has " + std::to_string(m.size()) + " values; no index " +
                        std::to_string(index));
      }
      if (!std::isfinite(value)) throw SpecError("a weight must be a finite number");
      m.data()[index] = value;
      c.network->setArray(name, m);
      c.message.clear();
    } catch (const std::exception& e) {
      c.fail(e.what());
      refuse(ticket, e.what());
    }
  });
  return ticket;
}

std::uint64_t Session::configure(std::optional<DataSpec> data, std::optional<NetworkSpec> network,
                                 std::optional<TrainingSettings> training) {
  const std::uint64_t ticket = nextTicket();
  post([this, ticket, data = std::move(data), network = std::move(network),
        training = std::move(training)](Core& c) {
    PreparedData oldData;
    const DataSpec oldSpec = c.config.data;
    const auto oldDataSpec = c.dataSpec;
    const auto oldTransform = c.transform;
    const auto oldPoints = c.points;
    const TrainingSettings oldTraining = c.config.training;
    try {
      if (data) {
        oldData = std::move(c.data);
        c.prepare(*data);  // on failure c.data is the moved-from husk, restored below
      }
      NetworkSpec spec = network ? *network : c.config.network;
      // A network given with the data is the caller's idea of its width: a
      // file that changed on disk since the caller read it must not slip by.
      if (network) c.checkWidth(*network, data.has_value());
      spec.inputs = c.data.train.features();
      const TrainingSettings s = training ? *training : c.config.training;
      validate(spec);
      validate(s, spec);
      const bool rebuild =
          data || network || s.loss != c.config.training.loss || s.seed != c.config.training.seed;
      if (!rebuild) {
        c.trainer->setSettings(s);
        c.config.training = s;
        c.message.clear();
        return;
      }
      // Build the new network and trainer aside, so that a failure (targets
      // that do not fit the output layer) leaves the old ones running.
      c.config.training = s;
      auto [next, reinit] = c.makeNetwork(spec);
      auto trainer = std::make_unique<Trainer>(*next, s, c.data.train,
                                               ImageShape{c.data.imageRows, c.data.imageCols});
      if (data) {
        c.restartCounting();
      } else {
        c.keepCounting();
      }
      c.trainer.reset();
      c.network = std::move(next);
      c.config.network = spec;
      c.trainer = std::move(trainer);
      c.trainer->continueSchedule(c.epochBase);
      c.stopper.reset();
      c.earlyStopped = false;
      c.lastStep.reset();  // of the network and data before
      c.landscape.reset();
      std::string note = data ? "data changed" : (network ? "network changed" : "settings changed");
      if (data || network) note += "; " + reinit;
      if (data) {
        c.history.clear();
        c.record();
      }
      c.message = note;
    } catch (const std::exception& e) {
      c.config.training = oldTraining;
      if (data) {
        c.data = std::move(oldData);
        c.config.data = oldSpec;
        c.dataSpec = oldDataSpec;
        c.transform = oldTransform;
        c.points = oldPoints;
      }
      c.fail(e.what());
      refuse(ticket, e.what());
    }
  });
  return ticket;
}

std::uint64_t Session::setData(const DataSpec& spec) {
  return configure(spec, std::nullopt, std::nullopt);
}

void Session::setSpeedLimit(double epochsPerSecond) {
  post([epochsPerSecond](Core& c) {
    c.speedLimit = std::isfinite(epochsPerSecond) ? std::max(0.0, epochsPerSecond) : 0.0;
    c.nextBatch = Clock::now();
  });
}

void Session::setGridResolution(int resolution) {
  post([resolution](Core& c) { c.config.gridResolution = resolution; });
}

void Session::withState(
    std::function<void(const Network&, const Trainer&, const InputTransform&, const History&)> f) {
  post([f = std::move(f)](Core& c) { f(*c.network, *c.trainer, *c.transform, c.history); });
  sync();
}

void Session::restore(std::vector<float> parameters, std::vector<float> state,
                      std::optional<TrainerState> trainer, std::vector<HistoryPoint> history) {
  post([p = std::move(parameters), s = std::move(state), t = std::move(trainer),
        h = std::move(history)](Core& c) {
    try {
      c.network->setParameters(p);
      c.network->setState(s);
      c.buildTrainer();
      if (t) c.trainer->setState(*t);
      c.history.assign(h);
      // The saved trainer counts from its last rebuild; the history's epochs
      // from the start of the run.
      if (!h.empty()) c.epochBase = std::max(0L, h.back().epoch - c.trainer->epoch());
      c.message.clear();
    } catch (const std::exception& e) {
      c.fail(e.what());
    }
  });
}

void Session::run() {
  lowerThisThreadsPriority();
  Core& c = *core_;
  auto publish = [&] {
    const auto t0 = Clock::now();
    auto s = std::make_shared<Snapshot>();
    {
      std::lock_guard<std::mutex> lock(latestMutex_);
      s->version = std::max(++c.version, latest_ ? latest_->version + 1 : 1);
      c.version = s->version;
    }
    s->device = c.backend->name();
    s->epoch = c.epoch();
    s->step = c.step();
    s->samplesSeen = c.samplesSeen();
    s->running = c.running;
    s->diverged = c.diverged;
    s->earlyStopped = c.earlyStopped;
    s->learningRate = c.trainer->currentLearningRate();
    s->bestEpoch = c.config.training.earlyStopping.enabled ? c.stopper.bestEpoch() : -1;
    s->message = c.message;
    s->error = c.error;
    s->data = c.dataSpec;
    s->network = c.network->spec();
    s->training = c.config.training;
    s->table = c.network->parameterTable();
    s->parameters = c.network->parameters();
    s->state = c.network->state();
    s->history = c.history.view();
    s->points = c.points;
    s->transform = c.transform;
    if (c.config.gridResolution > 0 && c.transform->rawInputs <= 2 && c.points) {
      try {
        s->grid =
            c.grid.evaluate(*c.network, c.transform, c.config.gridResolution, c.points->extent);
      } catch (const std::exception& e) {
        s->message = e.what();
        s->error = true;
      }
    }
    try {
      s->testSample = c.testSample();
    } catch (const std::exception& e) {
      s->message = e.what();
    }
    try {
      s->trace = c.followedTrace();
      s->followed = c.followed;
      s->units = c.unitInspection();
    } catch (const std::exception& e) {
      s->message = e.what();
      s->error = true;
    }
    s->lastStep = c.lastStep;
    s->landscape = c.landscape;
    s->trainRows = c.data.train.rows();
    s->testRows = c.data.test.rows();
    s->samplesPerSecond = c.samplesPerSecond;
    s->epochsPerSecond = c.epochsPerSecond;
    std::shared_ptr<const Snapshot> next(std::move(s));
    {
      std::lock_guard<std::mutex> lock(latestMutex_);
      latest_.swap(next);
    }  // the previous snapshot is released outside the lock
    c.lastPublish = Clock::now();
    c.local.publishSeconds += seconds(t0, c.lastPublish);
    c.mark = c.lastPublish;
    ++c.local.publishes;
    c.dirty = false;
  };

  const auto interval =
      std::chrono::duration<double>(1.0 / std::max(1.0, c.config.publishPerSecond));
  long speedSamplesAt = c.samplesSeen();
  long speedEpochsAt = c.epoch();
  publish();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.notify_all();
  }
  while (!stop_.load(std::memory_order_relaxed)) {
    std::deque<std::function<void(Core&)>> commands;
    if (!c.running || c.dirty || queued_.load(std::memory_order_acquire)) {
      std::unique_lock<std::mutex> lock(mutex_);
      if (queue_.empty() && !c.running && !c.dirty) {
        stats_ = c.local;
        idle_.notify_all();
        const auto woken = [&] { return !queue_.empty() || stop_.load(); };
        if (c.unitsPending) {
          // Publish once more when the held-back unit measurement is due.
          if (!wake_.wait_until(lock, c.lastUnits + std::chrono::seconds(1), woken)) {
            c.dirty = true;
          }
        } else {
          wake_.wait(lock, woken);
        }
      }
      commands.swap(queue_);
      queued_.store(false, std::memory_order_relaxed);
    }
    // A command sees the history complete (and may change the weights).
    if (!commands.empty() && c.pending) c.continueRecord(Clock::time_point::max());
    for (auto& cmd : commands) {
      c.error = false;
      cmd(c);
      c.dirty = true;
      c.sample.reset();
      c.trace.reset();
      c.unitsStale = true;
    }
    if (!commands.empty()) c.mark = Clock::now();  // command time is not training time
    if (c.pending) {
      // The last epoch's history point, up to the next snapshot's time.
      c.continueRecord(c.publishDue);
    } else if (c.running && c.speedLimit > 0 && Clock::now() < c.nextBatch) {
      // Ahead of the speed limit: wait for the next batch's time or a command.
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_until(lock, c.nextBatch, [&] { return !queue_.empty() || stop_.load(); });
      c.mark = Clock::now();
    } else if (c.running && c.speedLimit > 0) {
      c.trainOneBatch();
      c.scheduleNextBatch();
    } else if (c.running) {
      // Flat out: batches in bursts of up to 0.2 ms between this loop's checks
      // (commands, the publishing schedule, the speed window), which cost
      // about a tenth of a playground batch; a command ends the burst.
      const auto until = c.mark + std::chrono::microseconds(200);
      do {
        c.trainOneBatch(true);
      } while (c.running && !c.pending && c.mark < until && c.mark < c.publishDue &&
               !queued_.load(std::memory_order_relaxed) && !stop_.load(std::memory_order_relaxed));
    } else {
      c.mark = Clock::now();
    }
    const auto now = c.mark;
    const double window = seconds(c.speedStart, now);
    if (window >= 0.5) {
      c.samplesPerSecond = std::max(0L, c.samplesSeen() - speedSamplesAt) / window;
      c.epochsPerSecond = std::max(0L, c.epoch() - speedEpochsAt) / window;
      speedSamplesAt = c.samplesSeen();
      speedEpochsAt = c.epoch();
      c.speedStart = now;
    }
    // Throttled while training; at once when paused (e.g. training just
    // stopped on divergence), so the loop never spins waiting to publish.
    if (!commands.empty() || (c.dirty && !c.running) ||
        ((c.dirty || c.running) && now >= c.publishDue)) {
      publish();
      const auto step = std::chrono::duration_cast<Clock::duration>(interval);
      c.publishDue += step;
      if (c.publishDue <= c.lastPublish) c.publishDue = c.lastPublish + step;  // no catching up
    }
    if (!commands.empty()) {
      std::lock_guard<std::mutex> lock(mutex_);
      completed_ += commands.size();
      stats_ = c.local;
      idle_.notify_all();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  stats_ = c.local;
  completed_ = posted_;
  idle_.notify_all();
}

}  // namespace nnplay
