// Trainer behaviour: determinism, divergence, regularization on kernels only,
// batch-size flavours and hyperparameter changes that keep the weights.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/network.hpp"
#include "nnplay/trainer.hpp"
#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

struct TrainingRun {
  std::vector<float> params;
  std::vector<double> losses;
};

TrainingRun trainSpiral(std::uint64_t seed, float dropout = 0.0f, bool batchNorm = false) {
  const Split split = splitByRatio(generatorByName("spiral").generate({200, 0.1, seed}), 0.5);
  NetworkSpec spec = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  for (int i = 0; i < 2; ++i) {
    spec.layers[static_cast<std::size_t>(i)].dropout = dropout;
    spec.layers[static_cast<std::size_t>(i)].batchNorm = batchNorm;
  }
  CpuBackend backend;
  Network net(spec, backend);
  net.initialize(seed);
  TrainingSettings s;
  s.loss = LossId::Bce;
  s.optimizer.id = OptimizerId::Adam;
  s.batchSize = 10;
  s.seed = seed;
  Trainer trainer(net, s, split.train);
  TrainingRun r;
  for (int e = 0; e < 20; ++e) r.losses.push_back(trainer.trainEpoch());
  r.params = net.parameters();
  return r;
}

TEST(Determinism, SameSeedSameWeightsAndLossesBitForBit) {
  for (bool regularized : {false, true}) {
    const TrainingRun a = trainSpiral(42, regularized ? 0.2f : 0.0f, regularized);
    const TrainingRun b = trainSpiral(42, regularized ? 0.2f : 0.0f, regularized);
    ASSERT_EQ(a.params.size(), b.params.size());
    EXPECT_EQ(0, std::memcmp(a.params.data(), b.params.data(), a.params.size() * sizeof(float)));
    EXPECT_EQ(a.losses, b.losses);
    const TrainingRun c = trainSpiral(43, regularized ? 0.2f : 0.0f, regularized);
    EXPECT_NE(a.losses, c.losses) << "a different seed must give a different run";
  }
}

TEST(Divergence, NonFiniteLossStopsWithAClearMessage) {
  Dataset d;
  d.task = Task::Regression;
  d.classes = 0;
  d.x = RowMatrix::Constant(8, 2, 30.0f);
  d.y = RowMatrix::Constant(8, 1, 1000.0f);
  CpuBackend backend;
  Network net(makeSpec(2, {4}, ActivationId::Linear, 1, ActivationId::Linear), backend);
  net.initialize(1);
  TrainingSettings s;
  s.loss = LossId::Mse;
  s.optimizer.id = OptimizerId::Sgd;
  s.optimizer.learningRate = 10.0f;
  s.batchSize = 8;
  Trainer trainer(net, s, d);
  try {
    for (int e = 0; e < 1000; ++e) trainer.trainEpoch();
    FAIL() << "training should have diverged";
  } catch (const DivergenceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("loss became"));
    EXPECT_THAT(e.what(), HasSubstr("at epoch " + std::to_string(e.epoch())));
    EXPECT_THAT(e.what(), HasSubstr("lower the learning rate"));
    EXPECT_GE(e.epoch(), 1);
    EXPECT_LT(e.epoch(), 1000);
  }
}

TEST(Regularization, AppliesToKernelsOnlyNotBiases) {
  // Targets equal to the network's own outputs: the data gradient is exactly
  // zero, so one SGD step shows the penalty alone.
  for (bool l1 : {false, true}) {
    CpuBackend backend;
    NetworkSpec spec = makeSpec(2, {3}, ActivationId::Tanh, 1, ActivationId::Linear);
    spec.biasInit = 0.2f;
    Network net(spec, backend);
    net.initialize(9);
    Dataset d;
    d.task = Task::Regression;
    d.classes = 0;
    d.x.resize(4, 2);
    d.x << 0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f;
    d.y = net.predict(d.x).outputs;
    const std::vector<float> before = net.parameters();
    TrainingSettings s;
    s.loss = LossId::Mse;
    s.optimizer.id = OptimizerId::Sgd;
    s.optimizer.learningRate = 0.5f;
    (l1 ? s.l1 : s.l2) = 0.1f;
    s.batchSize = 4;
    Trainer trainer(net, s, d);
    trainer.trainBatch();
    const std::vector<float> after = net.parameters();
    for (std::size_t i = 0; i < before.size(); ++i) {
      const float w = before[i];
      const float penalty = l1 ? 0.1f * static_cast<float>((w > 0) - (w < 0)) : 0.1f * w;
      const float expected = i < net.weightCount() ? w - 0.5f * penalty : w;
      EXPECT_FLOAT_EQ(after[i], expected) << (l1 ? "L1 " : "L2 ") << "parameter " << i;
    }
  }
}

TEST(Training, BatchSizeChoosesStochasticMiniBatchOrFullBatch) {
  const Split split = splitByRatio(generatorByName("gauss").generate({100, 0.0, 1}), 0.5);
  for (const auto& [batch, stepsPerEpoch] :
       std::vector<std::pair<int, long>>{{1, 50}, {10, 5}, {16, 4}, {50, 1}, {1000, 1}}) {
    CpuBackend backend;
    Network net(makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid), backend);
    net.initialize(1);
    TrainingSettings s;
    s.loss = LossId::Bce;
    s.batchSize = batch;
    Trainer trainer(net, s, split.train);
    trainer.trainEpoch();
    EXPECT_EQ(trainer.step(), stepsPerEpoch) << "batch " << batch;
    EXPECT_EQ(trainer.samplesSeen(), 50) << "batch " << batch;
    EXPECT_EQ(trainer.epoch(), 1);
  }
}

TEST(Training, LearningRateChangeKeepsWeights) {
  const Split split = splitByRatio(generatorByName("gauss").generate({100, 0.0, 1}), 0.5);
  CpuBackend backend;
  Network net(makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid), backend);
  net.initialize(1);
  TrainingSettings s;
  s.loss = LossId::Bce;
  Trainer trainer(net, s, split.train);
  trainer.trainEpoch();
  const std::vector<float> trained = net.parameters();
  s.optimizer.learningRate = 0.001f;
  trainer.setSettings(s);
  EXPECT_EQ(net.parameters(), trained);
  EXPECT_EQ(trainer.settings().optimizer.learningRate, 0.001f);
}

TEST(Training, GaussIsLearnedByEveryOptimizer) {
  const Split split = splitByRatio(generatorByName("gauss").generate({200, 0.0, 2}), 0.5);
  for (const OptimizerInfo& o : optimizers()) {
    CpuBackend backend;
    Network net(makeSpec(2, {4}, ActivationId::Relu, 1, ActivationId::Sigmoid), backend);
    net.initialize(2);
    TrainingSettings s;
    s.loss = LossId::Bce;
    s.optimizer.id = o.id;
    s.optimizer.learningRate = 0.01f;
    Trainer trainer(net, s, split.train);
    const double first = trainer.trainEpoch();
    double last = first;
    for (int e = 0; e < 30; ++e) last = trainer.trainEpoch();
    EXPECT_LT(last, first) << o.name;
    EXPECT_GE(trainer.evaluate(split.test).accuracy, 0.95) << o.name;
  }
}

TEST(OptimizerState, TheTableSaysHowManySlotsEachKeeps) {
  EXPECT_EQ(optimizer(OptimizerId::Sgd).stateSlots, 0);
  EXPECT_EQ(optimizer(OptimizerId::Momentum).stateSlots, 1);
  EXPECT_EQ(optimizer(OptimizerId::Nesterov).stateSlots, 1);
  EXPECT_EQ(optimizer(OptimizerId::Rmsprop).stateSlots, 1);
  EXPECT_EQ(optimizer(OptimizerId::Adam).stateSlots, 2);
}

struct GaussRun {
  Split split = splitByRatio(generatorByName("gauss").generate({60, 0.1, 3}), 0.5);
  CpuBackend backend;
  Network net{makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid), backend};
  TrainingSettings settings;
  explicit GaussRun(OptimizerId id) {
    net.initialize(3);
    settings.loss = LossId::Bce;
    settings.batchSize = 7;
    settings.optimizer.id = id;
  }
};

TEST(OptimizerState, TrainersKeepAndSaveExactlyTheOptimizersSlots) {
  for (const OptimizerInfo& o : optimizers()) {
    GaussRun a(o.id);
    Trainer ta(a.net, a.settings, a.split.train);
    ta.trainEpoch();
    ta.trainBatch();  // mid-epoch
    const TrainerState saved = ta.state();
    const std::size_t n = a.net.parameterCount();
    EXPECT_EQ(saved.optimizer.size(), o.stateSlots * n) << o.name;
    EXPECT_EQ(optimizerStateSize(o.id, n), o.stateSlots * n) << o.name;
    const std::vector<float> weights = a.net.parameters();
    for (int e = 0; e < 3; ++e) ta.trainEpoch();

    // Resumed on a fresh network and trainer: the same weights, bit for bit.
    GaussRun b(o.id);
    b.net.setParameters(weights);
    Trainer tb(b.net, b.settings, b.split.train);
    tb.setState(saved);
    for (int e = 0; e < 3; ++e) tb.trainEpoch();
    EXPECT_EQ(b.net.parameters(), a.net.parameters()) << o.name;

    // A state saved before it was sized per optimizer: two slots, the unused ones zero.
    TrainerState old = saved;
    old.optimizer.resize(2 * n, 0.0f);
    GaussRun c(o.id);
    c.net.setParameters(weights);
    Trainer tc(c.net, c.settings, c.split.train);
    tc.setState(old);
    EXPECT_EQ(tc.state().optimizer, saved.optimizer) << o.name;
    for (int e = 0; e < 3; ++e) tc.trainEpoch();
    EXPECT_EQ(c.net.parameters(), a.net.parameters()) << o.name;
  }
}

TEST(OptimizerState, AStateOfAnotherSizeIsRefused) {
  GaussRun a(OptimizerId::Momentum);
  Trainer t(a.net, a.settings, a.split.train);
  TrainerState s = t.state();
  s.optimizer.resize(3 * a.net.parameterCount());
  EXPECT_THAT(
      test::errorOf<SpecError>([&] { t.setState(s); }),
      HasSubstr("momentum on this network needs " + std::to_string(a.net.parameterCount())));
}

TEST(OptimizerState, AnotherOptimizerStartsFromFreshSlots) {
  GaussRun a(OptimizerId::Adam);
  Trainer t(a.net, a.settings, a.split.train);
  t.trainEpoch();
  TrainingSettings s = a.settings;
  s.optimizer.id = OptimizerId::Sgd;
  t.setSettings(s);
  EXPECT_TRUE(t.state().optimizer.empty());
  t.trainEpoch();
  s.optimizer.id = OptimizerId::Rmsprop;
  t.setSettings(s);
  const std::vector<float> fresh = t.state().optimizer;
  EXPECT_EQ(fresh, std::vector<float>(a.net.parameterCount(), 0.0f));
}

}  // namespace
}  // namespace nnplay
