// The data rules: the shape a source gives a network, the output layer and
// loss that follow it (what the CLI's `auto` and the window both use), and
// the checks that refuse what does not fit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "nnplay/data_rules.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"

#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

DataSpec generated(const std::string& name, int classes = 0) {
  DataSpec d;
  d.generator = name;
  d.params.samples = 100;
  d.params.classes = classes;
  return d;
}

// The default playground network: 2-8-8-1 tanh with a sigmoid output and bce.
struct Model {
  NetworkSpec network = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  TrainingSettings training = [] {
    TrainingSettings t;
    t.loss = LossId::Bce;
    return t;
  }();
};

TEST(DataRules, ShapeOfGeneratedData) {
  DataShape s = shapeOf(generated("spiral"));
  EXPECT_EQ(s.task, Task::Classification);
  EXPECT_EQ(s.classes, 2);
  EXPECT_EQ(s.inputs, 2);
  EXPECT_TRUE(s.plane);
  EXPECT_FALSE(s.images);

  DataSpec k = generated("spiral_k", 4);
  k.features = FeatureMap::parse("x1,x2,x1sq");
  s = shapeOf(k);
  EXPECT_EQ(s.classes, 4);
  EXPECT_EQ(s.rawInputs, 2);
  EXPECT_EQ(s.inputs, 3);

  s = shapeOf(generated("plane"));
  EXPECT_EQ(s.task, Task::Regression);
  EXPECT_EQ(s.classes, 0);
  EXPECT_EQ(s.targets, 1);
}

TEST(DataRules, AFeatureThatNeedsX2IsRefusedOnOneDimensionalData) {
  DataSpec d = generated("sine");
  ASSERT_EQ(generatorByName("sine").inputs, 1);
  d.features = FeatureMap::parse("x1,x2");
  EXPECT_THAT(test::errorOf<SpecError>([&] { shapeOf(d); }), HasSubstr("needs two inputs"));
}

TEST(DataRules, ShapeOfDrawnPoints) {
  DataSpec d;
  d.kind = DataSourceKind::Drawn;
  d.drawn = DrawnPoints(Task::Classification, 3);
  const DataShape s = shapeOf(d);
  EXPECT_EQ(s.classes, 3);
  EXPECT_EQ(s.inputs, 2);
}

TEST(DataRules, PreparedDataGivesTheSameShape) {
  for (const char* name : {"spiral", "plane", "sine", "blobs"}) {
    const DataSpec d = generated(name);
    const DataShape a = shapeOf(d);
    const DataShape b = shapeOf(d, prepareData(d));
    EXPECT_EQ(a.task, b.task) << name;
    EXPECT_EQ(a.classes, b.classes) << name;
    EXPECT_EQ(a.inputs, b.inputs) << name;
    EXPECT_EQ(a.rawInputs, b.rawInputs) << name;
    EXPECT_EQ(a.targets, b.targets) << name;
    EXPECT_EQ(a.plane, b.plane) << name;
  }
}

TEST(DataRules, ShapeCacheReadsAFileOnceAndForgetsOnClear) {
  const auto dir = std::filesystem::temp_directory_path() / "nnplay_data_rules_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "table.csv";
  {
    std::ofstream out(path);
    out << "a,b,kind\n";
    for (int i = 0; i < 20; ++i) out << i << ',' << i * 2 << ',' << (i % 3 ? "x" : "y") << '\n';
  }
  DataSpec d;
  d.kind = DataSourceKind::Csv;
  d.path = path.string();
  ShapeCache cache;
  const DataShape s = cache.shapeOf(d);
  EXPECT_EQ(s.task, Task::Classification);
  EXPECT_EQ(s.classes, 2);
  EXPECT_EQ(s.inputs, 2);
  EXPECT_FALSE(s.plane);
  EXPECT_EQ(s.columns, (std::vector<std::string>{"a", "b", "kind"}));
  EXPECT_EQ(s.target, "kind");
  EXPECT_EQ(cache.size(), 1u);
  // Another split or scaling is the same file shape: no second read.
  std::filesystem::remove(path);
  d.trainRatio = 0.7;
  d.scaling = ScalingId::Standard;
  EXPECT_EQ(cache.shapeOf(d), s);
  cache.clear();
  EXPECT_THROW(cache.shapeOf(d), DataError);
  std::filesystem::remove_all(dir);
}

TEST(DataRules, WhatAutoPicks) {
  DataShape two;
  DataShape three;
  three.classes = 3;
  DataShape reg;
  reg.task = Task::Regression;
  reg.classes = 0;
  reg.targets = 2;
  EXPECT_EQ(defaultOutputActivation(two), ActivationId::Sigmoid);
  EXPECT_EQ(defaultOutputActivation(three), ActivationId::Softmax);
  EXPECT_EQ(defaultOutputActivation(reg), ActivationId::Linear);
  EXPECT_EQ(outputUnits(ActivationId::Sigmoid, two), 1);
  EXPECT_EQ(outputUnits(ActivationId::Softmax, two), 2);
  EXPECT_EQ(outputUnits(ActivationId::Tanh, three), 3);
  EXPECT_EQ(outputUnits(ActivationId::Linear, reg), 2);
  EXPECT_EQ(defaultLoss(ActivationId::Sigmoid, two), LossId::Bce);
  EXPECT_EQ(defaultLoss(ActivationId::Softmax, three), LossId::Ce);
  EXPECT_EQ(defaultLoss(ActivationId::Tanh, two), LossId::Mse);
  EXPECT_EQ(defaultLoss(ActivationId::Sigmoid, reg), LossId::Mse);
}

TEST(DataRules, ConformFollowsTheData) {
  Model m;
  DataShape three;
  three.classes = 3;
  conformToData(m.network, m.training, three);
  EXPECT_EQ(m.network.layers.back().units, 3);
  EXPECT_EQ(m.network.layers.back().activation, ActivationId::Softmax);
  EXPECT_EQ(m.training.loss, LossId::Ce);
  EXPECT_NO_THROW(checkFits(m.network, m.training, three));

  // Back to two classes: cross-entropy stays, with two softmax units.
  DataShape two;
  conformToData(m.network, m.training, two);
  EXPECT_EQ(m.network.layers.back().units, 2);
  EXPECT_EQ(m.training.loss, LossId::Ce);
  EXPECT_NO_THROW(checkFits(m.network, m.training, two));

  DataShape reg;
  reg.task = Task::Regression;
  reg.classes = 0;
  reg.inputs = 3;
  conformToData(m.network, m.training, reg);
  EXPECT_EQ(m.network.inputs, 3);
  EXPECT_EQ(m.network.layers.back().units, 1);
  EXPECT_EQ(m.network.layers.back().activation, ActivationId::Linear);
  EXPECT_EQ(m.training.loss, LossId::Mse);
  EXPECT_EQ(m.network.layers.size(), 3u);  // the hidden layers are the person's
  EXPECT_NO_THROW(checkFits(m.network, m.training, reg));
}

TEST(DataRules, ConformKeepsWhatFits) {
  Model m;
  m.network.layers.back().activation = ActivationId::Tanh;
  m.training.loss = LossId::Mse;
  const Model before = m;
  conformToData(m.network, m.training, DataShape{});
  EXPECT_EQ(m.network, before.network);
  EXPECT_EQ(m.training, before.training);
}

TEST(DataRules, LossAndOutputFollowEachOther) {
  Model m;
  DataShape two;
  setLossConforming(m.network, m.training, LossId::Ce, two);
  EXPECT_EQ(m.network.layers.back().activation, ActivationId::Softmax);
  EXPECT_EQ(m.network.layers.back().units, 2);
  setLossConforming(m.network, m.training, LossId::Mse, two);
  EXPECT_EQ(m.network.layers.back().activation, ActivationId::Sigmoid);
  EXPECT_EQ(m.network.layers.back().units, 1);

  DataShape three;
  three.classes = 3;
  EXPECT_THAT(test::errorOf<SpecError>(
                  [&] { setLossConforming(m.network, m.training, LossId::Bce, three); }),
              HasSubstr("needs two classes"));
  DataShape reg;
  reg.task = Task::Regression;
  EXPECT_THAT(
      test::errorOf<SpecError>([&] { setLossConforming(m.network, m.training, LossId::Ce, reg); }),
      HasSubstr("regression"));

  Model k;
  setOutputActivationConforming(k.network, k.training, ActivationId::Tanh, three);
  EXPECT_EQ(k.network.layers.back().units, 3);
  EXPECT_EQ(k.training.loss, LossId::Mse);
  setOutputActivationConforming(k.network, k.training, ActivationId::Softmax, three);
  EXPECT_EQ(k.training.loss, LossId::Ce);
  k.network.inputs = three.inputs;
  EXPECT_NO_THROW(checkFits(k.network, k.training, three));
}

TEST(DataRules, CheckFitsNamesWhatDoesNotFit) {
  Model m;
  DataShape two;
  EXPECT_NO_THROW(checkFits(m.network, m.training, two));
  DataShape wide = two;
  wide.inputs = 5;
  EXPECT_THAT(test::errorOf<SpecError>([&] { checkFits(m.network, m.training, wide); }),
              HasSubstr("the data gives 5"));
  DataShape three;
  three.classes = 3;
  EXPECT_THAT(test::errorOf<SpecError>([&] { checkFits(m.network, m.training, three); }),
              HasSubstr("3 classes"));
  Model ce = m;
  ce.training.loss = LossId::Ce;
  EXPECT_THAT(test::errorOf<SpecError>([&] { checkFits(ce.network, ce.training, two); }),
              HasSubstr("softmax"));
  Model slow = m;
  slow.training.optimizer.learningRate = -1.0f;
  EXPECT_THAT(test::errorOf<SpecError>([&] { checkFits(slow.network, slow.training, two); }),
              HasSubstr("learning rate"));
  DataShape reg;
  reg.task = Task::Regression;
  reg.classes = 0;
  EXPECT_THAT(test::errorOf<SpecError>([&] { checkFits(m.network, m.training, reg); }),
              HasSubstr("classification"));
}

}  // namespace
}  // namespace nnplay
