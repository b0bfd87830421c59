// A slice of a network's loss landscape (issue 12): the centre is the
// network's own loss, the weights come back exactly, directions are
// filter-normalized, a trained network sits in a (local) minimum of its
// slice, and the session computes slices without disturbing training.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/landscape.hpp"
#include "nnplay/metrics.hpp"
#include "nnplay/session.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

struct Spiral {
  CpuBackend backend;
  Dataset data = generatorByName("spiral").generate({200, 0.0, 1});
  Network net{makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid), backend};
  TrainingSettings settings;
  Spiral() {
    settings.loss = LossId::Bce;
    settings.optimizer.learningRate = 0.03f;
    net.initialize(1);
  }
};

TEST(Landscape, TheCentreIsTheNetworksLossAndTheWeightsComeBack) {
  Spiral s;
  const std::vector<float> before = s.net.parameters();
  const LandscapeSlice slice =
      lossSlice(s.net, s.data, s.settings, randomDirections(s.net, 3), 11, 0.5);
  EXPECT_EQ(s.net.parameters(), before);
  Trainer t(s.net, s.settings, s.data);
  EXPECT_NEAR(slice.centreLoss, t.evaluate(s.data).loss, 1e-5);
  EXPECT_EQ(slice.loss.rows(), 11);
  EXPECT_DOUBLE_EQ(slice.coordinate(0), -0.5);
  EXPECT_DOUBLE_EQ(slice.coordinate(10), 0.5);
  const Point2 c = slice.project(before);
  EXPECT_NEAR(c.x, 0.0, 1e-9);
  EXPECT_NEAR(c.y, 0.0, 1e-9);
  std::vector<float> moved = before;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    moved[i] += 0.3f * slice.directions.d1[i] - 0.2f * slice.directions.d2[i];
  }
  const Point2 p = slice.project(moved);
  EXPECT_NEAR(p.x, 0.3, 1e-5);
  EXPECT_NEAR(p.y, -0.2, 1e-5);
}

TEST(Landscape, DirectionsAreFilterNormalized) {
  Spiral s;
  const LandscapeDirections d = randomDirections(s.net, 5);
  const std::vector<float> w = s.net.parameters();
  for (const ParameterEntry& e : s.net.parameterTable()) {
    for (int c = 0; c < e.cols; ++c) {
      double nw = 0, nd = 0;
      for (int r = 0; r < e.rows; ++r) {
        nw += std::pow(w[e.offset + r * e.cols + c], 2);
        nd += std::pow(d.d1[e.offset + r * e.cols + c], 2);
      }
      if (e.offset < s.net.weightCount()) {
        EXPECT_NEAR(std::sqrt(nd), std::sqrt(nw), 1e-5) << e.name << " neuron " << c;
      } else {
        EXPECT_EQ(nd, 0.0) << e.name << ": biases stay";
      }
    }
  }
  EXPECT_NE(randomDirections(s.net, 5).d1, randomDirections(s.net, 6).d1);
  EXPECT_EQ(randomDirections(s.net, 5).d2, d.d2) << "the seed decides";
}

TEST(Landscape, ATrainedNetworkSitsInAMinimumOfItsSlice) {
  Spiral s;
  Trainer t(s.net, s.settings, s.data);
  for (int e = 0; e < 400; ++e) t.trainEpoch();
  const LandscapeSlice slice =
      lossSlice(s.net, s.data, s.settings, randomDirections(s.net, 1), 41, 1.0);
  const int c = 20;
  for (int i = c - 1; i <= c + 1; ++i) {
    for (int j = c - 1; j <= c + 1; ++j) {
      EXPECT_LE(slice.loss(c, c), slice.loss(i, j)) << "neighbour " << i << ", " << j;
    }
  }
  EXPECT_GT(slice.loss.maxCoeff(), 2 * slice.centreLoss) << "the slice climbs away from it";
}

TEST(Landscape, RefusesWhatDoesNotFit) {
  Spiral s;
  const LandscapeDirections d = randomDirections(s.net, 1);
  EXPECT_THROW(lossSlice(s.net, s.data, s.settings, d, 40, 1.0), SpecError) << "even";
  EXPECT_THROW(lossSlice(s.net, s.data, s.settings, d, 41, 0.0), SpecError);
  try {
    weightDirections(s.net, "dense_0/kernel", 99, "dense_1/bias", 0);
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'dense_0/kernel' has 16 values; index 99 is out of range"));
  }
  EXPECT_THROW(weightDirections(s.net, "nope", 0, "dense_1/bias", 0), SpecError);
  const LandscapeDirections w = weightDirections(s.net, "dense_0/kernel", 1, "dense_2/bias", 0);
  EXPECT_EQ(w.label1, "dense_0/kernel[1]");
  const LandscapeSlice slice = lossSlice(s.net, s.data, s.settings, w, 5, 1.0);
  EXPECT_EQ(slice.loss.rows(), 5);
}

TEST(Landscape, TheSessionComputesASliceWithoutDisturbingTraining) {
  SessionConfig c;
  c.data.generator = "spiral";
  c.data.params = {200, 0.0, 1, 0};
  c.network = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  c.training.loss = LossId::Bce;
  c.gridResolution = 0;
  Session a(c, std::make_unique<CpuBackend>());
  Session b(c, std::make_unique<CpuBackend>());
  for (int i = 0; i < 5; ++i) {
    a.stepBatch();
    b.stepBatch();
  }
  LandscapeRequest r;
  r.resolution = 21;
  a.requestLandscape(r);
  a.sync();
  for (int i = 0; i < 5; ++i) {
    a.stepBatch();
    b.stepBatch();
  }
  a.sync();
  b.sync();
  const auto sa = a.snapshot();
  ASSERT_TRUE(sa->landscape);
  EXPECT_EQ(sa->landscape->resolution, 21);
  EXPECT_EQ(sa->landscape->step, 5);
  EXPECT_EQ(sa->parameters, b.snapshot()->parameters) << "training went on exactly as without it";
  r.resolution = 4;
  a.requestLandscape(r);
  a.sync();
  EXPECT_TRUE(a.snapshot()->error);
  EXPECT_THAT(a.snapshot()->message, HasSubstr("odd number"));
  a.setNetwork(makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid));
  a.sync();
  EXPECT_FALSE(a.snapshot()->landscape) << "a slice of another network is dropped";
}

}  // namespace
}  // namespace nnplay
