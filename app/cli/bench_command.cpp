#include "bench_command.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <ostream>
#include <thread>
#include <vector>

#include "nnplay/augment.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/grid.hpp"
#include "nnplay/network.hpp"
#include "nnplay/random.hpp"
#include "nnplay/session.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::cli {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void print(const nlohmann::json& j, bool json, std::ostream& out) {
  if (json) {
    out << j.dump() << "\n";
    return;
  }
  for (const auto& [k, v] : j.items()) out << k << ": " << v.dump() << "\n";
}

// 60,000 synthetic 28x28 "images" in [0, 1) with labels from a fixed random
// linear teacher, so the task is learnable and the loss means something.
Dataset syntheticImages(int rows, std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.task = Task::Classification;
  d.classes = 10;
  d.x.resize(rows, 784);
  for (Eigen::Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = static_cast<float>(rng.uniform());
  RowMatrix teacher(784, 10);
  for (Eigen::Index i = 0; i < teacher.size(); ++i) {
    teacher.data()[i] = static_cast<float>(rng.normal());
  }
  const RowMatrix scores = d.x * teacher;
  d.y.resize(rows, 1);
  for (int r = 0; r < rows; ++r) {
    Eigen::Index best = 0;
    scores.row(r).maxCoeff(&best);
    d.y(r, 0) = static_cast<float>(best);
  }
  return d;
}

// TF Playground's default-size task: spiral, 500 points, noise 0, 50 % train,
// 2-8-8-1 tanh with a tanh output, half squared error, SGD 0.03, batch 10.
struct PlaygroundTask {
  Split split;
  NetworkSpec spec;
  TrainingSettings training;
};

PlaygroundTask playgroundTask(std::uint64_t seed) {
  PlaygroundTask t;
  t.split = splitByRatio(generatorByName("spiral").generate({500, 0.0, seed}), 0.5);
  t.spec = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Tanh);
  t.spec.init = InitId::Playground;
  t.spec.biasInit = 0.1f;
  t.training.loss = LossId::HalfMse;
  t.training.optimizer.id = OptimizerId::Sgd;
  t.training.optimizer.learningRate = 0.03f;
  t.training.batchSize = 10;
  t.training.seed = seed;
  return t;
}

}  // namespace

int runBenchPlayground(const BenchOptions& o, std::ostream& out) {
  const PlaygroundTask task = playgroundTask(o.seed);
  const Split& split = task.split;
  const NetworkSpec& spec = task.spec;
  const TrainingSettings& s = task.training;

  std::vector<double> rates;
  std::vector<double> accuracies;
  Evaluation last;
  // Runs r < 0 warm up (caches, branch predictors, the CPU clock, which on
  // this machine takes a few hundred milliseconds to ramp up); they are not
  // counted. At least 0.3 s of them.
  const auto warmupEnd = Clock::now() + std::chrono::milliseconds(300);
  for (int r = -1; r < o.repeat; ++r) {
    std::unique_ptr<Backend> backend = createBackend(o.device);
    Network net(spec, *backend);
    net.initialize(s.seed + static_cast<std::uint64_t>(std::max(r, 0)));
    Trainer trainer(net, s, split.train);
    const auto t0 = Clock::now();
    for (int e = 0; e < o.epochs; ++e) trainer.trainEpoch();
    const double sec = std::chrono::duration<double>(Clock::now() - t0).count();
    if (r < 0) {
      if (Clock::now() < warmupEnd) --r;
      continue;
    }
    rates.push_back(static_cast<double>(trainer.samplesSeen()) / sec);
    last = trainer.evaluate(split.test);
    accuracies.push_back(last.accuracy);
  }
  nlohmann::json j;
  j["bench"] = "playground";
  j["network"] = "2-8-8-1 tanh, half_mse, sgd 0.03, batch 10";
  j["epochs"] = o.epochs;
  j["repeats"] = o.repeat;
  j["samples_per_second"] = median(rates);
  j["samples_per_second_all"] = rates;
  j["test_accuracy"] = median(accuracies);
  j["test_accuracy_all"] = accuracies;
  print(j, o.json, out);
  return 0;
}

int runBenchMlp(const BenchOptions& o, std::ostream& out) {
  constexpr int kRows = 60000;
  AugmentSettings augment;
  try {
    augment = parseAugment(o.augment);
  } catch (const SpecError& e) {
    throw SpecError(std::string("--augment: ") + e.what());
  }
  const Dataset data = syntheticImages(kRows, o.seed);
  NetworkSpec spec = makeSpec(784, {256, 128}, ActivationId::Relu, 10, ActivationId::Softmax);
  spec.init = InitId::HeUniform;
  TrainingSettings s;
  s.loss = LossId::Ce;
  s.optimizer.id = OptimizerId::Adam;
  s.optimizer.learningRate = 1e-3f;
  s.batchSize = o.batch;
  s.seed = o.seed;
  const auto t0 = Clock::now();
  std::unique_ptr<Backend> backendPtr = createBackend(o.device);
  const double setupSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Backend& backend = *backendPtr;
  Network net(spec, backend);
  net.initialize(s.seed);
  Trainer trainer(net, s, data);
  // The augmented twin: the same network and data as 28x28 images.
  std::unique_ptr<Network> augNet;
  std::unique_ptr<Trainer> augTrainer;
  if (augment.any()) {
    TrainingSettings a = s;
    a.augment = augment;
    augNet = std::make_unique<Network>(spec, backend);
    augNet->initialize(a.seed);
    augTrainer = std::make_unique<Trainer>(*augNet, a, data, ImageShape{28, 28});
  }
  struct Epochs {
    std::vector<double> seconds, cpuSeconds, losses;
  } plain, augmented;
  // Processor time too: on a machine shared with other work it varies less
  // than the wall clock (all threads counted, so it is comparable between
  // the two runs, not to the wall clock).
  auto timed = [](Trainer& t, Epochs& e) {
    const auto start = Clock::now();
    const std::clock_t cpuStart = std::clock();
    e.losses.push_back(t.trainEpoch());
    e.cpuSeconds.push_back(static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC);
    e.seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  };
  for (int r = 0; r < o.repeat; ++r) {
    // Alternating which goes first, so that neither always meets a cold cache.
    if (augTrainer && r % 2 == 1) timed(*augTrainer, augmented);
    timed(trainer, plain);
    if (augTrainer && r % 2 == 0) timed(*augTrainer, augmented);
  }
  const std::vector<double>& seconds = plain.seconds;
  nlohmann::json j;
  j["bench"] = "mlp";
  j["network"] = "784-256-128-10 relu, softmax ce, adam 1e-3, batch " + std::to_string(o.batch);
  j["device"] = backend.name();
  j["device_setup_seconds"] = setupSeconds;  // OpenCL: context and kernel build
  j["samples"] = kRows;
  j["threads"] = CpuBackend::threads();
  j["repeats"] = o.repeat;
  j["epoch_seconds"] = median(seconds);
  j["epoch_seconds_all"] = seconds;
  j["samples_per_second"] = kRows / median(seconds);
  j["train_loss_per_epoch"] = plain.losses;
  if (augTrainer) {
    j["epoch_cpu_seconds"] = median(plain.cpuSeconds);
    j["augment"] = formatAugment(augment);
    j["augmented_epoch_seconds"] = median(augmented.seconds);
    j["augmented_epoch_seconds_all"] = augmented.seconds;
    j["augmented_epoch_cpu_seconds"] = median(augmented.cpuSeconds);
    // The synthetic labels come from a teacher on the raw pixels, so
    // augmented samples hardly fit them: this loss stays high.
    j["augmented_train_loss_per_epoch"] = augmented.losses;
    // The goal: at most 1.25.
    j["augment_cost_ratio"] = median(augmented.seconds) / median(seconds);
    j["augment_cpu_ratio"] = median(augmented.cpuSeconds) / median(plain.cpuSeconds);
  }
  print(j, o.json, out);
  return 0;
}

}  // namespace nnplay::cli

namespace nnplay::cli {

namespace {

struct SessionRun {
  double samplesPerSecond = 0.0;
  double publishShare = 0.0;  // of the session thread's busy time
  long publishes = 0;
  long reads = 0;
};

SessionRun sessionRun(double hz, int grid, bool reader, double seconds, std::uint64_t seed) {
  SessionConfig c;
  c.data.generator = "spiral";
  c.data.params = {500, 0.0, seed, 0};
  const PlaygroundTask task = playgroundTask(seed);  // its network and training
  c.network = task.spec;
  c.training = task.training;
  c.gridResolution = grid;
  c.publishPerSecond = hz;
  Session s(c, std::make_unique<CpuBackend>());
  std::atomic<bool> done{false};
  std::atomic<long> reads{0};
  std::thread poller;
  if (reader) {
    poller = std::thread([&] {
      double sink = 0.0;
      while (!done.load()) {
        const auto snap = s.snapshot();
        if (snap->grid) sink += snap->grid->outputs.sum();  // touch what a painter reads
        ++reads;
        std::this_thread::sleep_for(std::chrono::microseconds(16667));
      }
      static_cast<void>(sink);
    });
  }
  const SessionStats before = s.stats();
  const long samples0 = s.snapshot()->samplesSeen;
  const auto t0 = Clock::now();
  s.play();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  s.pause();
  s.sync();
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  done = true;
  if (poller.joinable()) poller.join();
  const SessionStats st = s.stats();
  SessionRun r;
  r.samplesPerSecond = static_cast<double>(s.snapshot()->samplesSeen - samples0) / wall;
  const double busy = (st.trainSeconds - before.trainSeconds) +
                      (st.publishSeconds - before.publishSeconds) +
                      (st.evaluateSeconds - before.evaluateSeconds);
  r.publishShare = busy > 0 ? (st.publishSeconds - before.publishSeconds) / busy : 0.0;
  r.publishes = st.publishes - before.publishes;
  r.reads = reads.load();
  return r;
}

// The same task trained by a bare Trainer for about `seconds` (what `bench
// playground` measures): the ceiling for the session.
double trainerOnlyRate(double seconds, std::uint64_t seed) {
  const PlaygroundTask task = playgroundTask(seed);
  CpuBackend backend;
  Network net(task.spec, backend);
  net.initialize(seed);
  Trainer trainer(net, task.training, task.split.train);
  const auto t0 = Clock::now();
  double elapsed = 0.0;
  while (elapsed < seconds) {
    for (int e = 0; e < 100; ++e) trainer.trainEpoch();
    elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  return static_cast<double>(trainer.samplesSeen()) / elapsed;
}

}  // namespace

int runBenchSession(const BenchOptions& o, double seconds, std::ostream& out) {
  // Grid evaluation cost, separately (2-8-8-1, median of repeats).
  CpuBackend backend;
  NetworkSpec spec = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Tanh);
  Network net(spec, backend);
  net.initialize(1);
  net.reserve(4096);
  auto t = std::make_shared<InputTransform>();
  t->features = FeatureMap::plain(2);
  nlohmann::json grids;
  for (int res : {100, 256}) {
    std::vector<double> ms;
    GridEvaluator evaluator;  // as the session evaluates it
    for (int i = 0; i < 21; ++i) {
      const auto t0 = Clock::now();
      const auto g = evaluator.evaluate(net, t, res, 6.0f);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    grids[std::to_string(res)] = median(ms);
  }
  // The three configurations interleaved, round after round, so that the
  // machine's slow and fast moments fall on all of them; medians reported.
  std::vector<double> trainerRates, quietRates, publishedRates, readRates, shares;
  SessionRun read;
  for (int r = 0; r < o.repeat; ++r) {
    trainerRates.push_back(trainerOnlyRate(seconds, o.seed));
    quietRates.push_back(sessionRun(1.0, 0, false, seconds, o.seed).samplesPerSecond);
    publishedRates.push_back(sessionRun(60.0, 100, false, seconds, o.seed).samplesPerSecond);
    read = sessionRun(60.0, 100, true, seconds, o.seed);
    readRates.push_back(read.samplesPerSecond);
    shares.push_back(read.publishShare);
  }
  nlohmann::json j;
  j["bench"] = "session";
  j["network"] = "2-8-8-1 tanh on the spiral, sgd 0.03, batch 10";
  j["seconds_each"] = seconds;
  j["grid_ms_median"] = grids;
  j["rounds"] = o.repeat;
  j["samples_per_second_trainer_only"] = median(trainerRates);
  j["samples_per_second_publishing_off"] = median(quietRates);
  j["samples_per_second_60hz_no_reader"] = median(publishedRates);
  j["samples_per_second_60hz_reader"] = median(readRates);
  j["samples_per_second_60hz_reader_all"] = readRates;
  // The goal: at least 0.9 (the session with a 60 Hz reader vs the bare trainer).
  j["session_vs_trainer"] = median(readRates) / median(trainerRates);
  j["publish_share_60hz"] = median(shares);
  j["publishes_60hz"] = read.publishes;
  j["reader_polls"] = read.reads;
  print(j, o.json, out);
  return 0;
}

}  // namespace nnplay::cli
