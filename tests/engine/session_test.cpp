// The training session: commands, snapshots, throttling, divergence, prompt
// stop. Also run under ThreadSanitizer by scripts/test (Session* tests).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/session.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

SessionConfig spiralConfig() {
  SessionConfig c;
  c.data.generator = "spiral";
  c.data.params = {200, 0.0, 1, 0};
  c.network = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  c.training.loss = LossId::Bce;
  c.training.optimizer.id = OptimizerId::Adam;
  c.training.optimizer.learningRate = 0.02f;
  c.training.batchSize = 10;
  c.gridResolution = 20;
  return c;
}

std::unique_ptr<Session> makeSession(SessionConfig c = spiralConfig()) {
  return std::make_unique<Session>(std::move(c), std::make_unique<CpuBackend>());
}

// Waits (up to 20 s) until pred(snapshot) holds.
template <typename Pred>
std::shared_ptr<const Snapshot> waitFor(const Session& s, Pred pred) {
  const auto end = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < end) {
    auto snap = s.snapshot();
    if (snap && pred(*snap)) return snap;
    std::this_thread::sleep_for(1ms);
  }
  return nullptr;
}

TEST(Session, StartsPausedWithASnapshotAndAGrid) {
  auto s = makeSession();
  auto snap = s->snapshot();
  ASSERT_TRUE(snap);
  EXPECT_FALSE(snap->running);
  EXPECT_EQ(snap->epoch, 0);
  ASSERT_TRUE(snap->grid);
  EXPECT_EQ(snap->grid->resolution, 20);
  ASSERT_EQ(snap->grid->layers.size(), 4u);  // inputs, two hidden layers, output
  EXPECT_EQ(snap->grid->layers[1].rows(), 8);
  EXPECT_EQ(snap->grid->layers[1].cols(), 400);
  ASSERT_TRUE(snap->points);
  EXPECT_EQ(snap->points->train.rows(), 100);
  EXPECT_EQ(snap->history.size(), 1u);
}

TEST(Session, PlayLearnsPauseStopsAndStepsAreExact) {
  auto s = makeSession();
  const auto before = s->snapshot();
  s->play();
  auto trained = waitFor(*s, [](const Snapshot& x) { return x.epoch >= 150; });
  ASSERT_TRUE(trained) << "training did not progress";
  s->pause();
  s->sync();
  const auto paused = s->snapshot();
  EXPECT_FALSE(paused->running);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(s->snapshot()->step, paused->step) << "paused sessions do not train";
  EXPECT_LT(paused->history.back().trainLoss, before->history.back().trainLoss);
  EXPECT_NE(paused->grid->outputs, before->grid->outputs) << "the boundary moved";

  s->stepBatch();
  s->sync();
  const auto afterBatch = s->snapshot();
  EXPECT_EQ(afterBatch->step, paused->step + 1);
  s->stepEpoch();  // finishes the current epoch
  s->sync();
  EXPECT_EQ(s->snapshot()->epoch, afterBatch->epoch + 1);
  EXPECT_EQ(s->snapshot()->samplesSeen % 100, 0) << "an epoch boundary";
}

TEST(Session, LearningRateChangeKeepsTheWeights) {
  auto s = makeSession();
  s->stepEpoch();
  s->sync();
  const auto a = s->snapshot();
  TrainingSettings t = a->training;
  t.optimizer.learningRate = 0.001f;
  t.l2 = 0.01f;
  s->setTraining(t);
  s->sync();
  const auto b = s->snapshot();
  EXPECT_EQ(b->parameters, a->parameters);
  EXPECT_EQ(b->training.optimizer.learningRate, 0.001f);
  EXPECT_EQ(b->training.l2, 0.01f);
}

TEST(Session, NetworkChangeReinitializesOnlyWhatItMust) {
  auto s = makeSession();
  s->stepEpoch();
  s->sync();
  const auto a = s->snapshot();
  NetworkSpec n = a->network;
  n.layers[1].units = 6;
  s->setNetwork(n);
  s->sync();
  const auto b = s->snapshot();
  EXPECT_THAT(b->message, HasSubstr("resized dense_1/kernel, dense_1/bias, dense_2/kernel"));
  EXPECT_THAT(b->message, ::testing::Not(HasSubstr("dense_0")));
  // dense_0 kept: its first 16 values (the kernel) are unchanged.
  EXPECT_TRUE(std::equal(a->parameters.begin(), a->parameters.begin() + 16, b->parameters.begin()));
  EXPECT_EQ(b->network.layers[1].units, 6);
  // The remaining neurons of layer 1 keep what they learned: dense_1/kernel
  // [8 x 8] -> [8 x 6] keeps its first six columns, dense_2/kernel its first six rows.
  auto arrayOf = [](const Snapshot& s, const std::string& name) {
    for (const ParameterEntry& e : s.table) {
      if (e.name == name) {
        return std::vector<float>(
            s.parameters.begin() + static_cast<std::ptrdiff_t>(e.offset),
            s.parameters.begin() + static_cast<std::ptrdiff_t>(e.offset + e.size()));
      }
    }
    return std::vector<float>{};
  };
  const auto k1a = arrayOf(*a, "dense_1/kernel"), k1b = arrayOf(*b, "dense_1/kernel");
  ASSERT_EQ(k1b.size(), 48u);
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 6; ++c)
      EXPECT_EQ(k1b[static_cast<std::size_t>(r * 6 + c)], k1a[static_cast<std::size_t>(r * 8 + c)]);
  }
  const auto k2a = arrayOf(*a, "dense_2/kernel"), k2b = arrayOf(*b, "dense_2/kernel");
  EXPECT_TRUE(std::equal(k2b.begin(), k2b.end(), k2a.begin()));
}

TEST(Session, EditOneWeightLive) {
  auto s = makeSession();
  s->setParameter("dense_1/kernel", 5, 0.75f);
  s->sync();
  const auto snap = s->snapshot();
  EXPECT_EQ(snap->parameters[16 + 5], 0.75f);
  s->setParameter("dense_9/kernel", 0, 1.0f);
  s->sync();
  EXPECT_THAT(s->snapshot()->message, HasSubstr("no array named 'dense_9/kernel'"));
}

TEST(Session, ChangingTheDataResizesTheInputLayer) {
  auto s = makeSession();
  DataSpec d = spiralConfig().data;
  d.features = FeatureMap::parse("x1,x2,x1sq,x2sq,sinx1");
  s->setData(d);
  s->sync();
  const auto snap = s->snapshot();
  EXPECT_EQ(snap->network.inputs, 5);
  EXPECT_THAT(snap->message,
              HasSubstr("data changed; resized dense_0/kernel (new weights initialized)"));
  EXPECT_EQ(snap->grid->layers[0].rows(), 5) << "one heatmap per input feature";

  // A network given with the data must have its width (the caller's rules saw it).
  d.features = FeatureMap::parse("x1,x2,x1sq");
  s->configure(d, snap->network, std::nullopt);
  s->sync();
  EXPECT_TRUE(s->snapshot()->error);
  EXPECT_THAT(s->snapshot()->message, HasSubstr("the data gives 3 inputs; the network has 5"));
  EXPECT_EQ(s->snapshot()->network.inputs, 5);
  ASSERT_EQ(s->takeRefusals().size(), 1u);
}

TEST(Session, ConfigureChangesDataNetworkAndLossTogetherOrNotAtAll) {
  auto s = makeSession();
  s->stepEpoch();
  s->sync();
  const std::vector<float> before = s->snapshot()->parameters;

  // Two classes to three: the output layer and the loss must change with the data.
  DataSpec d = spiralConfig().data;
  d.generator = "spiral_k";
  d.params.classes = 3;
  NetworkSpec n = makeSpec(2, {8, 8}, ActivationId::Tanh, 3, ActivationId::Softmax);
  TrainingSettings t = spiralConfig().training;
  t.loss = LossId::Ce;

  // Refused as a whole: bce with a softmax output is not allowed.
  s->configure(d, n, spiralConfig().training);
  s->sync();
  auto snap = s->snapshot();
  EXPECT_THAT(snap->message, HasSubstr("sigmoid"));
  EXPECT_TRUE(snap->error);
  EXPECT_EQ(snap->network.layers.back().units, 1);
  EXPECT_EQ(snap->points->classes, 2) << "the data is unchanged too";
  EXPECT_EQ(snap->parameters, before);

  s->configure(d, n, t);
  s->sync();
  snap = s->snapshot();
  EXPECT_THAT(snap->message, HasSubstr("data changed; resized dense_2/kernel, dense_2/bias"));
  EXPECT_FALSE(snap->error);
  EXPECT_EQ(snap->network.layers.back().units, 3);
  EXPECT_EQ(snap->points->classes, 3);
  EXPECT_EQ(snap->grid->outputs.rows(), 3);
  EXPECT_EQ(snap->history.size(), 1u) << "a data change starts a new history";
  s->stepEpoch();
  s->sync();
  EXPECT_EQ(s->snapshot()->epoch, 1);
  EXPECT_FALSE(s->snapshot()->diverged);

  // A network change goes on counting: the epoch counter and the curves do not jump back.
  NetworkSpec wider = n;
  wider.layers[0].units = 9;
  s->configure(std::nullopt, wider, std::nullopt);
  s->stepEpoch();
  s->sync();
  EXPECT_EQ(s->snapshot()->epoch, 2);
  EXPECT_EQ(s->snapshot()->history.back().epoch, 2);
  EXPECT_EQ(s->snapshot()->samplesSeen, 2 * s->snapshot()->points->train.rows());

  // Only the learning rate: the optimizer keeps going (no new trainer, same step).
  const long step = s->snapshot()->step;
  t.optimizer.learningRate = 0.005f;
  s->configure(std::nullopt, std::nullopt, t);
  s->sync();
  EXPECT_EQ(s->snapshot()->step, step);
  EXPECT_FLOAT_EQ(s->snapshot()->training.optimizer.learningRate, 0.005f);
}

TEST(Session, RefusalsNameTheirTicketAndTheSnapshotShowsWhatRuns) {
  auto s = makeSession();
  EXPECT_TRUE(s->takeRefusals().empty());
  ASSERT_TRUE(s->snapshot()->data);
  EXPECT_EQ(*s->snapshot()->data, spiralConfig().data);

  DataSpec d = spiralConfig().data;
  d.params.noise = 0.2;
  const std::uint64_t accepted = s->configure(d, std::nullopt, std::nullopt);
  TrainingSettings bad = spiralConfig().training;
  bad.loss = LossId::Ce;  // needs softmax
  const std::uint64_t refused = s->configure(std::nullopt, std::nullopt, bad);
  const std::uint64_t weight = s->setParameter("dense_9/kernel", 0, 1.0f);
  s->sync();
  EXPECT_LT(accepted, refused);
  EXPECT_LT(refused, weight);
  const std::vector<Refusal> r = s->takeRefusals();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].ticket, refused);
  EXPECT_THAT(r[0].why, HasSubstr("softmax"));
  EXPECT_EQ(r[1].ticket, weight);
  EXPECT_THAT(r[1].why, HasSubstr("dense_9/kernel"));
  EXPECT_TRUE(s->takeRefusals().empty()) << "taken once";
  const auto snap = s->snapshot();
  EXPECT_EQ(*snap->data, d);
  EXPECT_EQ(snap->training, spiralConfig().training);

  // Snapshot::value reads one parameter by its name.
  const ParameterEntry& bias = *findParameter(snap->table, "dense_0/bias");
  EXPECT_EQ(snap->value("dense_0/bias", 3), snap->parameters[bias.offset + 3]);
  EXPECT_FALSE(snap->value("dense_0/bias", 8));
  EXPECT_FALSE(snap->value("dense_0/bias", -1));
  EXPECT_FALSE(snap->value("nothing", 0));
}

TEST(Session, TablesAndImagesGetATestSampleInsteadOfAGrid) {
  SessionConfig c = spiralConfig();
  c.data.kind = DataSourceKind::Csv;
  c.data.path = NNPLAY_DATASETS_DIR "/iris.csv";
  c.data.scaling = ScalingId::Standard;
  c.network = makeSpec(4, {8}, ActivationId::Tanh, 3, ActivationId::Softmax);
  c.training.loss = LossId::Ce;
  auto s = makeSession(c);
  s->sync();
  auto snap = s->snapshot();
  EXPECT_EQ(snap->grid, nullptr);
  ASSERT_NE(snap->testSample, nullptr);
  EXPECT_EQ(snap->testSample->rows(), 75);
  EXPECT_EQ(snap->testSample->predicted.cols(), 3);
  EXPECT_EQ(snap->testSample->classes, 3);
  const long stepBefore = snap->testSample->step;
  for (int i = 0; i < 50; ++i) s->stepEpoch();
  s->sync();
  snap = s->snapshot();
  EXPECT_GT(snap->testSample->step, stepBefore) << "recomputed after training";
  int right = 0;
  for (int r = 0; r < snap->testSample->rows(); ++r) {
    right +=
        snap->testSample->predictedClass(r) == static_cast<int>(snap->testSample->actual(r, 0));
  }
  EXPECT_GT(right, 60) << "the sample's predictions are the trained network's";
}

// While playing, an epoch's history point over images is computed a piece at
// a time between snapshots, training held meanwhile: its numbers are those of
// the epoch's last weights, the same as a session that steps epoch by epoch
// (which computes them at once).
TEST(Session, HistoryOfImagesWhilePlayingIsTheEpochsOwn) {
  SessionConfig c = spiralConfig();
  c.data.kind = DataSourceKind::Idx;
  c.data.path = NNPLAY_DATASETS_DIR "/digits";
  c.data.validationRatio = 0.05;
  c.network = makeSpec(64, {16}, ActivationId::Relu, 10, ActivationId::Softmax);
  c.training.loss = LossId::Ce;
  c.training.batchSize = 32;
  c.gridResolution = 0;
  auto played = makeSession(c);
  played->sync();
  ASSERT_GT(played->snapshot()->trainRows, 1024) << "more than one piece of images";
  played->play();
  ASSERT_TRUE(waitFor(*played, [](const Snapshot& x) { return x.epoch >= 6; }));
  played->pause();
  played->sync();
  const auto snap = played->snapshot();
  const long epochs = snap->epoch;

  auto stepped = makeSession(c);
  for (long e = 0; e < epochs; ++e) stepped->stepEpoch();
  stepped->sync();
  const auto reference = stepped->snapshot();
  ASSERT_EQ(reference->history.size(), static_cast<std::size_t>(epochs) + 1);
  ASSERT_GE(snap->history.size(), 2u);
  for (const HistoryPoint& h : snap->history.toVector()) {
    SCOPED_TRACE(h.epoch);
    ASSERT_LE(h.epoch, epochs);
    const HistoryPoint& want = reference->history[static_cast<std::size_t>(h.epoch)];
    ASSERT_EQ(want.epoch, h.epoch);
    EXPECT_EQ(h.trainLoss, want.trainLoss);
    EXPECT_EQ(h.testLoss, want.testLoss);
    EXPECT_EQ(h.validationLoss, want.validationLoss);
    EXPECT_EQ(h.testMetric, want.testMetric);
  }
}

TEST(Session, SpeedLimitSpreadsEpochsOverTime) {
  // Unlimited, this network does thousands of epochs a second; limited to
  // 20, a second of play gives about 20 (loose bounds: the machine is shared).
  auto s = makeSession();
  s->setSpeedLimit(20.0);
  s->play();
  std::this_thread::sleep_for(1s);
  s->pause();
  s->sync();
  const auto snap = s->snapshot();
  EXPECT_GE(snap->epoch, 5);
  EXPECT_LE(snap->epoch, 40);
  s->setSpeedLimit(0.0);
  s->play();
  EXPECT_NE(waitFor(*s, [&](const Snapshot& x) { return x.epoch > snap->epoch + 200; }), nullptr)
      << "removing the limit lets it run at full speed";
}

TEST(Session, DivergencePausesAndSaysWhy) {
  SessionConfig c;
  c.data.generator = "plane";
  c.data.params = {200, 0.0, 1, 0};
  c.network = makeSpec(2, {8}, ActivationId::Relu, 1, ActivationId::Linear);
  c.training.loss = LossId::Mse;
  c.training.optimizer.id = OptimizerId::Sgd;
  c.training.optimizer.learningRate = 50.0f;
  auto s = makeSession(c);
  s->play();
  auto snap = waitFor(*s, [](const Snapshot& x) { return x.diverged; });
  ASSERT_TRUE(snap);
  EXPECT_FALSE(snap->running);
  EXPECT_THAT(snap->message, HasSubstr("loss became"));
  EXPECT_THAT(snap->message, HasSubstr("lower the learning rate"));
}

TEST(Session, PublishingIsThrottled) {
  SessionConfig c = spiralConfig();
  c.publishPerSecond = 60;
  auto s = makeSession(c);
  const long before = s->stats().publishes;
  s->play();
  std::this_thread::sleep_for(1s);
  s->pause();
  s->sync();
  const SessionStats st = s->stats();
  EXPECT_GT(st.batches, 1000);
  EXPECT_LE(st.publishes - before, 80) << "about 60 a second, plus one per command";
  EXPECT_GE(st.publishes - before, 20);
}

TEST(Session, StopJoinsPromptlyEvenMidEpoch) {
  SessionConfig c = spiralConfig();
  c.data.generator = "blobs";
  c.data.params = {400000, 0.1, 1, 3};  // long epochs
  c.network = makeSpec(2, {16}, ActivationId::Tanh, 3, ActivationId::Softmax);
  c.training.loss = LossId::Ce;
  c.training.batchSize = 1;
  auto s = makeSession(c);
  s->play();
  ASSERT_TRUE(waitFor(*s, [](const Snapshot& x) { return x.step > 1000; }));
  EXPECT_EQ(s->snapshot()->epoch, 0) << "still inside the first epoch";
  const auto t0 = std::chrono::steady_clock::now();
  s->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 200ms);
}

TEST(Session, ManyCommandsWhileAnotherThreadReadsSnapshots) {
  auto s = makeSession();
  std::atomic<bool> done{false};
  std::thread reader([&] {
    double sink = 0.0;
    while (!done.load()) {
      auto snap = s->snapshot();
      sink += snap->parameters.empty() ? 0.0 : snap->parameters[0];
      if (snap->grid) sink += snap->grid->outputs(0, 0);
      if (!snap->history.empty()) sink += snap->history.back().trainLoss;
    }
    EXPECT_TRUE(std::isfinite(sink) || std::isnan(sink));
  });
  for (int i = 0; i < 200; ++i) {
    switch (i % 7) {
      case 0:
        s->play();
        break;
      case 1:
        s->stepBatch();
        break;
      case 2: {
        TrainingSettings t = spiralConfig().training;
        t.optimizer.learningRate = 0.01f + 0.001f * static_cast<float>(i % 5);
        s->setTraining(t);
        break;
      }
      case 3:
        s->setParameter("dense_0/bias", i % 8, 0.01f * static_cast<float>(i));
        break;
      case 4:
        s->pause();
        break;
      case 5:
        s->setGridResolution(10 + i % 20);
        break;
      case 6:
        if (i % 21 == 6) s->reset();
        break;
    }
  }
  s->sync();
  done = true;
  reader.join();
  EXPECT_GE(s->snapshot()->version, 2u);
}

}  // namespace
}  // namespace nnplay

namespace nnplay {
namespace {

TEST(SessionDevice, ChosenByNameOnTheSessionThread) {
  Session s(spiralConfig(), std::string("cpu"));
  auto snap = waitFor(s, [](const Snapshot& x) { return x.ready; });
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->device, "cpu");
  s.stepEpoch();
  s.sync();
  EXPECT_EQ(s.snapshot()->epoch, 1);
}

TEST(SessionDevice, OpenClTrainsWhenADeviceExists) {
  if (listDevices().devices.size() < 2) GTEST_SKIP() << "no OpenCL device";
  Session s(spiralConfig(), std::string("opencl"));
  auto snap = waitFor(s, [](const Snapshot& x) { return x.ready; });
  ASSERT_TRUE(snap) << s.snapshot()->message;
  EXPECT_THAT(snap->device, HasSubstr("opencl:"));
  s.stepEpoch();
  s.sync();
  EXPECT_EQ(s.snapshot()->epoch, 1);
}

TEST(SessionDevice, ANetworkOfAnotherWidthThanTheDataIsRefusedWhenAsked) {
  SessionConfig c = spiralConfig();
  c.data.features = FeatureMap::parse("x1,x2,x1sq");  // 3 inputs; the network has 2
  c.inputsFromData = false;
  Session s(c, std::string("cpu"));
  const auto snap = waitFor(s, [](const Snapshot& x) { return x.error; });
  ASSERT_TRUE(snap);
  EXPECT_FALSE(snap->ready);
  EXPECT_THAT(snap->message, HasSubstr("the data gives 3 inputs; the network has 2"));
  const std::vector<Refusal> r = s.takeRefusals();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].ticket, s.startTicket());
  // By default the width follows the data.
  c.inputsFromData = true;
  EXPECT_EQ(makeSession(c)->snapshot()->network.inputs, 3);
}

TEST(SessionDevice, AMissingDeviceIsReportedNotFatal) {
  Session s(spiralConfig(), std::string("opencl:no-such-device-xyz"));
  auto snap = waitFor(s, [](const Snapshot& x) {
    return !x.ready && x.message.find("compiling") == std::string::npos && x.message != "starting";
  });
  ASSERT_TRUE(snap);
  EXPECT_FALSE(snap->ready);
  EXPECT_FALSE(snap->message.empty());
  s.play();  // answered, never hangs
  s.sync();
  const std::vector<Refusal> r = s.takeRefusals();
  ASSERT_EQ(r.size(), 1u) << "a device that cannot start refuses the start";
  EXPECT_EQ(r[0].ticket, s.startTicket());
  EXPECT_EQ(r[0].why, snap->message);
}

}  // namespace
}  // namespace nnplay
