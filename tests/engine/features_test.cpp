// Feature crosses, scaling, drawn points, and the generators beyond TF
// Playground's four.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numbers>

#include "nnplay/data_source.hpp"
#include "nnplay/drawn_points.hpp"
#include "nnplay/error.hpp"
#include "nnplay/features.hpp"
#include "nnplay/scaler.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

TEST(Features, TableValues) {
  RowMatrix raw(1, 2);
  raw << 0.5f, -2.0f;
  FeatureMap all;
  for (const FeatureInfo& f : features()) all.ids.push_back(f.id);
  const RowMatrix x = all.apply(raw);
  ASSERT_EQ(x.cols(), 10);
  const float expected[10] = {
      0.5f,           -2.0f,           0.25f, 4.0f, -1.0f, std::sin(0.5f), std::sin(-2.0f),
      std::cos(0.5f), std::cos(-2.0f), 1.0f};
  for (int j = 0; j < 10; ++j)
    EXPECT_FLOAT_EQ(x(0, j), expected[j]) << features()[static_cast<std::size_t>(j)].name;
}

TEST(Features, ParseSortsDeduplicatesAndRejects) {
  const FeatureMap m = FeatureMap::parse("sinx1,x1,x1,x2sq");
  EXPECT_EQ(m.ids, (std::vector<FeatureId>{FeatureId::X1, FeatureId::X2Squared, FeatureId::SinX1}));
  EXPECT_EQ(m.width(2), 3);
  EXPECT_EQ(m.names({"x1", "x2"}), (std::vector<std::string>{"x1", "x2sq", "sinx1"}));
  EXPECT_THROW(FeatureMap::parse("x3"), SpecError);
  EXPECT_THROW(FeatureMap::parse(","), SpecError);
  RowMatrix oneD(2, 1);
  oneD << 1, 2;
  EXPECT_THAT(
      [&] {
        try {
          FeatureMap::parse("x1,x2").apply(oneD);
        } catch (const SpecError& e) {
          return std::string(e.what());
        }
        return std::string();
      }(),
      HasSubstr("feature x2 needs a second input"));
}

TEST(Features, TogglingFeaturesChangesTheInputWidth) {
  DataSpec s;
  s.generator = "circle";
  s.features = FeatureMap::parse("x1sq,x2sq");
  const PreparedData p = prepareData(s);
  EXPECT_EQ(p.train.features(), 2);
  EXPECT_FLOAT_EQ(p.train.x(0, 0), p.train.x(0, 0));
  s.features = FeatureMap::parse("x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2");
  EXPECT_EQ(prepareData(s).train.features(), 7);
}

TEST(Scaling, StandardAndMinMaxFittedOnTrainOnly) {
  RowMatrix train(4, 2);
  train << 1, 10, 2, 10, 3, 10, 4, 10;  // second column constant
  RowMatrix test(1, 2);
  test << 5, 12;
  Scaler s;
  s.id = ScalingId::Standard;
  s.fit(train);
  RowMatrix a = train;
  s.apply(a);
  EXPECT_NEAR(a.col(0).mean(), 0.0f, 1e-6);
  EXPECT_NEAR(std::sqrt(a.col(0).squaredNorm() / 4), 1.0f, 1e-5);
  EXPECT_FLOAT_EQ(s.factor[1], 1.0f) << "a constant column is only centred";
  RowMatrix b = test;
  s.apply(b);
  EXPECT_NEAR(b(0, 0), (5 - 2.5) / std::sqrt(1.25), 1e-5);  // training statistics
  s.id = ScalingId::MinMax;
  s.fit(train);
  a = train;
  s.apply(a);
  EXPECT_FLOAT_EQ(a.col(0).minCoeff(), 0.0f);
  EXPECT_FLOAT_EQ(a.col(0).maxCoeff(), 1.0f);
  s.id = ScalingId::MinMaxSymmetric;
  s.fit(train);
  a = train;
  s.apply(a);
  EXPECT_FLOAT_EQ(a.col(0).minCoeff(), -1.0f);
  EXPECT_FLOAT_EQ(a.col(0).maxCoeff(), 1.0f);
}

TEST(DrawnPoints, EditAndTrainOn) {
  DrawnPoints d(Task::Classification, 2);
  EXPECT_EQ(d.add(1, 1, 1), 0);
  d.add(-1, -1, 0);
  d.add(2, 2, 1);
  d.add(-2, -1.5f, 0);
  d.move(0, 1.5f, 1.0f);
  EXPECT_EQ(d.points()[0].x, 1.5f);
  EXPECT_EQ(d.nearest(-1.9f, -1.4f, 0.5f), 3);
  EXPECT_EQ(d.nearest(5, 5, 0.5f), -1);
  EXPECT_TRUE(d.removeNearest(2.1f, 2.0f, 0.5f));
  EXPECT_EQ(d.size(), 3);
  EXPECT_THROW(d.add(0, 0, 2), SpecError);
  EXPECT_THROW(d.move(7, 0, 0), std::out_of_range);
  d.add(3, 0, 1);
  const Dataset ds = d.toDataset();
  EXPECT_EQ(ds.rows(), 4);
  EXPECT_EQ(ds.y(3, 0), 1.0f);
  DataSpec s;
  s.kind = DataSourceKind::Drawn;
  s.drawn = d;
  const PreparedData p = prepareData(s);
  EXPECT_EQ(p.train.rows() + p.test.rows(), 4);
  d.clear();
  EXPECT_EQ(d.size(), 0);
}

std::map<int, int> counts(const Dataset& d) {
  std::map<int, int> c;
  for (int r = 0; r < d.rows(); ++r) ++c[static_cast<int>(d.y(r, 0))];
  return c;
}

TEST(GeneratorsMore, PlaneIsTheScaledSum) {
  const Dataset d = generatorByName("plane").generate({1200, 0.0, 1, 0});
  EXPECT_EQ(d.task, Task::Regression);
  for (int r = 0; r < d.rows(); ++r) {
    EXPECT_NEAR(d.y(r, 0), (d.x(r, 0) + d.x(r, 1)) / 10.0f, 1e-5);
    EXPECT_LE(std::abs(d.x(r, 0)), 6.0f);
  }
}

TEST(GeneratorsMore, MultiGaussPeaksAtTheBumps) {
  const Dataset d = generatorByName("multi_gauss").generate({1200, 0.0, 1, 0});
  for (int r = 0; r < d.rows(); ++r) EXPECT_LE(std::abs(d.y(r, 0)), 1.0f);
  // A point near (-4, 2.5) is near +1, near (0, 2.5) near -1.
  float nearPlus = 0, nearMinus = 0;
  for (int r = 0; r < d.rows(); ++r) {
    if (std::hypot(d.x(r, 0) + 4, d.x(r, 1) - 2.5f) < 0.3f)
      nearPlus = std::max(nearPlus, d.y(r, 0));
    if (std::hypot(d.x(r, 0), d.x(r, 1) - 2.5f) < 0.3f) nearMinus = std::min(nearMinus, d.y(r, 0));
  }
  EXPECT_GT(nearPlus, 0.8f);
  EXPECT_LT(nearMinus, -0.8f);
}

TEST(GeneratorsMore, KArmSpiralAndBlobsHaveKBalancedClasses) {
  for (int k = 3; k <= 6; ++k) {
    const Dataset d = generatorByName("spiral_k").generate({600, 0.0, 1, k});
    EXPECT_EQ(d.classes, k);
    const auto c = counts(d);
    ASSERT_EQ(static_cast<int>(c.size()), k);
    for (const auto& [cls, n] : c) EXPECT_EQ(n, 600 / k) << "class " << cls;
  }
  const Dataset b = generatorByName("blobs").generate({600, 0.0, 1, 4});
  EXPECT_EQ(counts(b).size(), 4u);
  EXPECT_THROW(generatorByName("spiral_k").generate({600, 0.0, 1, 7}), SpecError);
}

TEST(GeneratorsMore, CheckerboardAndMoons) {
  const Dataset c = generatorByName("checkerboard").generate({800, 0.0, 1, 0});
  for (int r = 0; r < c.rows(); ++r) {
    const long cell =
        static_cast<long>(std::floor(c.x(r, 0) / 3.0 + 0.5) + std::floor(c.x(r, 1) / 3.0 + 0.5));
    EXPECT_EQ(c.y(r, 0), static_cast<float>(((cell % 2) + 2) % 2));
  }
  const Dataset m = generatorByName("moons").generate({500, 0.0, 1, 0});
  EXPECT_EQ(counts(m).size(), 2u);
  for (int r = 0; r < m.rows(); ++r) {
    // Upper moon: centre (0, 0) scaled; both arcs have radius 2.5.
    const double cx = m.y(r, 0) == 0 ? -1.25 : 1.25;
    const double cy = m.y(r, 0) == 0 ? -0.625 : 0.625;
    EXPECT_NEAR(std::hypot(m.x(r, 0) - cx, m.x(r, 1) - cy), 2.5, 1e-4);
  }
}

TEST(GeneratorsMore, CurvesFollowTheirFunction) {
  const Dataset s = generatorByName("sine").generate({400, 0.0, 1, 0});
  EXPECT_EQ(s.features(), 1);
  for (int r = 0; r < s.rows(); ++r) EXPECT_NEAR(s.y(r, 0), std::sin(s.x(r, 0)), 1e-5);
  const Dataset st = generatorByName("step").generate({400, 0.0, 1, 0});
  for (int r = 0; r < st.rows(); ++r) {
    const float x = st.x(r, 0);
    EXPECT_EQ(st.y(r, 0), x < -2 ? -1.0f : (x < 2 ? 0.0f : 1.0f));
  }
}

TEST(GeneratorsMore, EveryGeneratorDescribesItself) {
  for (const GeneratorInfo& g : generators()) {
    const Dataset d = g.generate({g.defaultSamples, 0.0, 2, 0});
    EXPECT_EQ(d.rows(), g.defaultSamples) << g.name;
    EXPECT_EQ(d.features(), g.inputs) << g.name;
    EXPECT_EQ(d.task, g.task) << g.name;
    EXPECT_EQ(d.classes, g.defaultClasses) << g.name;
    for (int r = 0; r < d.rows(); ++r) {
      for (int c = 0; c < d.features(); ++c)
        EXPECT_LE(std::abs(d.x(r, c)), g.domain * 1.6) << g.name;
    }
  }
}

}  // namespace
}  // namespace nnplay
