// What the course teaches, as tests: a perceptron learns AND and OR, a hidden
// layer with a non-linearity learns XOR, and a deep network of linear layers
// collapses to one linear map and cannot.
#include <gtest/gtest.h>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/network.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {
namespace {

Dataset truthTable(int a00, int a01, int a10, int a11) {
  Dataset d;
  d.task = Task::Classification;
  d.classes = 2;
  d.x.resize(4, 2);
  d.x << 0, 0, 0, 1, 1, 0, 1, 1;
  d.y.resize(4, 1);
  d.y << a00, a01, a10, a11;
  return d;
}

// A single binary-step neuron trained with SGD and batch size 1 on ½ squared
// error: with the straight-through f' = 1 the update is the perceptron rule.
void expectPerceptronLearns(const Dataset& gate) {
  NetworkSpec spec;
  spec.inputs = 2;
  spec.layers = {{1, ActivationId::BinaryStep, 0.0f, false}};
  spec.init = InitId::Uniform;
  spec.initScale = 0.5f;
  CpuBackend backend;
  Network net(spec, backend);
  net.initialize(5);
  TrainingSettings s;
  s.loss = LossId::HalfMse;
  s.optimizer.id = OptimizerId::Sgd;
  s.optimizer.learningRate = 0.1f;
  s.batchSize = 1;
  Trainer trainer(net, s, gate);
  for (int e = 0; e < 100; ++e) trainer.trainEpoch();
  const Network::Prediction p = net.predict(gate.x);
  for (int r = 0; r < 4; ++r) {
    EXPECT_EQ(p.outputs(r, 0), gate.y(r, 0)) << "row " << r;  // exactly 0 or 1
  }
  EXPECT_EQ(trainer.evaluate(gate).accuracy, 1.0);
}

TEST(Learning, BinaryStepNeuronLearnsAnd) {
  expectPerceptronLearns(truthTable(0, 0, 0, 1));
}
TEST(Learning, BinaryStepNeuronLearnsOr) {
  expectPerceptronLearns(truthTable(0, 1, 1, 1));
}

TEST(Learning, BinaryStepUpdateIsThePerceptronRule) {
  NetworkSpec spec;
  spec.inputs = 2;
  spec.layers = {{1, ActivationId::BinaryStep, 0.0f, false}};
  CpuBackend backend;
  Network net(spec, backend);
  net.setParameters({0.3f, -0.2f, -0.5f});  // w1, w2, b: output 0 for (1, 1)
  Dataset one;
  one.task = Task::Classification;
  one.x.resize(1, 2);
  one.x << 1, 1;
  one.y.resize(1, 1);
  one.y << 1;  // target 1, output 0: error +1
  TrainingSettings s;
  s.loss = LossId::HalfMse;
  s.optimizer.id = OptimizerId::Sgd;
  s.optimizer.learningRate = 0.25f;
  s.batchSize = 1;
  Trainer trainer(net, s, one);
  trainer.trainBatch();
  // w += lr * (t - y) * x, b += lr * (t - y)
  const std::vector<float> p = net.parameters();
  EXPECT_FLOAT_EQ(p[0], 0.3f + 0.25f);
  EXPECT_FLOAT_EQ(p[1], -0.2f + 0.25f);
  EXPECT_FLOAT_EQ(p[2], -0.5f + 0.25f);
}

Dataset xorTable() {
  return truthTable(0, 1, 1, 0);
}

TEST(Learning, TanhHiddenLayerLearnsXor) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    NetworkSpec spec = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Tanh);
    CpuBackend backend;
    Network net(spec, backend);
    net.initialize(seed);
    TrainingSettings s;
    s.loss = LossId::HalfMse;
    s.optimizer.id = OptimizerId::Adam;
    s.optimizer.learningRate = 0.05f;
    s.batchSize = 4;
    s.seed = seed;
    const Dataset d = xorTable();
    Trainer trainer(net, s, d);
    for (int e = 0; e < 500; ++e) trainer.trainEpoch();
    const Evaluation ev = trainer.evaluate(d);
    EXPECT_EQ(ev.accuracy, 1.0) << "seed " << seed;
    EXPECT_LT(ev.loss, 0.05) << "seed " << seed;
  }
}

TEST(Learning, LinearOnlyDeepNetworkCollapsesAndCannotLearnXor) {
  NetworkSpec spec = makeSpec(2, {8, 8, 8}, ActivationId::Linear, 1, ActivationId::Linear);
  CpuBackend backend;
  Network net(spec, backend);
  net.initialize(3);
  TrainingSettings s;
  s.loss = LossId::HalfMse;
  s.optimizer.id = OptimizerId::Adam;
  s.optimizer.learningRate = 0.01f;
  s.batchSize = 4;
  const Dataset d = xorTable();
  Trainer trainer(net, s, d);
  for (int e = 0; e < 2000; ++e) trainer.trainEpoch();

  // The collapse: four linear layers are one linear map x W + b with
  // W = W0 W1 W2 W3 and b = ((b0 W1 + b1) W2 + b2) W3 + b3.
  RowMatrix W = net.array("dense_0/kernel");
  RowMatrix b = net.array("dense_0/bias");
  for (int i = 1; i < 4; ++i) {
    const RowMatrix Wi = net.array("dense_" + std::to_string(i) + "/kernel");
    W = W * Wi;
    b = b * Wi + net.array("dense_" + std::to_string(i) + "/bias");
  }
  const Network::Prediction p = net.predict(d.x);
  for (int r = 0; r < 4; ++r) {
    const float single = (d.x.row(r) * W)(0, 0) + b(0, 0);
    EXPECT_NEAR(p.outputs(r, 0), single, 1e-4) << "row " << r;
  }
  // A line cannot separate XOR: at most 3 of 4 right, and the best linear
  // least-squares fit predicts 0.5 everywhere (targets -1/+1 -> 0).
  const Evaluation ev = trainer.evaluate(d);
  EXPECT_LE(ev.accuracy, 0.75);
  EXPECT_NEAR(ev.loss, 0.5, 0.02);  // ½ (±1 - 0)^2
}

}  // namespace
}  // namespace nnplay
