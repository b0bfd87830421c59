// The four TF Playground generators reproduce its geometry (dataset.ts).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "nnplay/generators.hpp"

namespace nnplay {
namespace {

Dataset make(const char* name, double noise = 0.0, std::uint64_t seed = 1, int n = 500) {
  return generatorByName(name).generate({n, noise, seed});
}

int countClass(const Dataset& d, int c) {
  int k = 0;
  for (int r = 0; r < d.rows(); ++r) k += d.y(r, 0) == static_cast<float>(c);
  return k;
}

TEST(Generators, CircleRadiiAndLabels) {
  const Dataset d = make("circle");
  ASSERT_EQ(d.rows(), 500);
  EXPECT_EQ(countClass(d, 1), 250);
  for (int r = 0; r < d.rows(); ++r) {
    const double radius = std::hypot(d.x(r, 0), d.x(r, 1));
    if (d.y(r, 0) == 1.0f) {
      EXPECT_LT(radius, 2.5 + 1e-5);  // inside radius * 0.5
    } else {
      EXPECT_GE(radius, 3.5 - 1e-5);  // between radius * 0.7 and radius
      EXPECT_LT(radius, 5.0 + 1e-5);
    }
  }
}

TEST(Generators, XorPaddingAndQuadrantLabels) {
  const Dataset d = make("xor");
  ASSERT_EQ(d.rows(), 500);
  for (int r = 0; r < d.rows(); ++r) {
    const float x = d.x(r, 0);
    const float y = d.x(r, 1);
    EXPECT_GE(std::abs(x), 0.3f - 1e-6f);
    EXPECT_LE(std::abs(x), 5.3f + 1e-6f);
    EXPECT_GE(std::abs(y), 0.3f - 1e-6f);
    EXPECT_EQ(d.y(r, 0), x * y >= 0 ? 1.0f : 0.0f);
  }
}

TEST(Generators, GaussCentresAndSpread) {
  for (const auto& [noise, stddev] :
       std::vector<std::pair<double, double>>{{0.0, 0.5}, {0.5, 4.0}}) {
    const Dataset d = make("gauss", noise, 3, 4000);
    for (int c : {0, 1}) {
      double sx = 0, sy = 0, sxx = 0;
      int k = 0;
      for (int r = 0; r < d.rows(); ++r) {
        if (d.y(r, 0) != static_cast<float>(c)) continue;
        sx += d.x(r, 0);
        sy += d.x(r, 1);
        sxx += d.x(r, 0) * d.x(r, 0);
        ++k;
      }
      EXPECT_EQ(k, 2000);
      const double centre = c == 1 ? 2.0 : -2.0;
      EXPECT_NEAR(sx / k, centre, 0.25);
      EXPECT_NEAR(sy / k, centre, 0.25);
      EXPECT_NEAR(std::sqrt(sxx / k - (sx / k) * (sx / k)), stddev, 0.1 * stddev);
    }
  }
}

TEST(Generators, SpiralPointsLieOnTheirArms) {
  const Dataset d = make("spiral");
  ASSERT_EQ(d.rows(), 500);
  EXPECT_EQ(countClass(d, 1), 250);
  for (int r = 0; r < d.rows(); ++r) {
    const double x = d.x(r, 0);
    const double y = d.x(r, 1);
    const double radius = std::hypot(x, y);
    EXPECT_LT(radius, 5.0);
    // r = 5 i / n and t = 1.75 * 2 pi * i / n (+ pi for class 0): t = 0.7 pi r.
    const double t = 0.7 * std::numbers::pi * radius + (d.y(r, 0) == 1.0f ? 0.0 : std::numbers::pi);
    EXPECT_NEAR(x, radius * std::sin(t), 1e-4);
    EXPECT_NEAR(y, radius * std::cos(t), 1e-4);
  }
}

TEST(Generators, DeterministicPerSeed) {
  for (const GeneratorInfo& g : generators()) {
    const Dataset a = g.generate({200, 0.2, 7});
    const Dataset b = g.generate({200, 0.2, 7});
    const Dataset c = g.generate({200, 0.2, 8});
    EXPECT_EQ(a.x, b.x) << g.name;
    EXPECT_EQ(a.y, b.y) << g.name;
    EXPECT_NE(a.x, c.x) << g.name;
  }
}

TEST(Generators, TrainTestSplitSizes) {
  const Dataset d = make("spiral");
  EXPECT_EQ(splitByRatio(d, 0.5).train.rows(), 250);
  EXPECT_EQ(splitByRatio(d, 0.5).test.rows(), 250);
  EXPECT_EQ(splitByRatio(d, 0.3).train.rows(), 150);
  EXPECT_EQ(splitByRatio(d, 0.9).test.rows(), 50);
}

TEST(Generators, NoiseMovesSpiralPointsOffTheArm) {
  const Dataset clean = make("spiral", 0.0, 5);
  const Dataset noisy = make("spiral", 0.5, 5);
  EXPECT_EQ(clean.y, noisy.y) << "same draws for labels and order";
  const double moved = (clean.x - noisy.x).cwiseAbs().maxCoeff();
  EXPECT_GT(moved, 0.1);
  EXPECT_LE(moved, 0.5 + 1e-5);  // uniform(-1, 1) * noise
}

// The perceptron lesson's truth tables (COURSE.md c02).
struct Gate {
  const char* name;
  int out[4];  // for (0,0), (0,1), (1,0), (1,1)
};
constexpr Gate kGates[] = {{"and", {0, 0, 0, 1}},
                           {"or", {0, 1, 1, 1}},
                           {"nand", {1, 1, 1, 0}},
                           {"xor_gate", {0, 1, 1, 0}}};

int cornerOf(const Dataset& d, int r) {
  const float x = d.x(r, 0), y = d.x(r, 1);
  EXPECT_TRUE((x == 0.0f || x == 1.0f) && (y == 0.0f || y == 1.0f)) << x << ", " << y;
  return static_cast<int>(x) * 2 + static_cast<int>(y);
}

TEST(TruthTables, FourSamplesAreExactlyTheTable) {
  for (const Gate& g : kGates) {
    const GeneratorInfo& info = generatorByName(g.name);
    EXPECT_EQ(info.task, Task::Classification);
    EXPECT_EQ(info.defaultClasses, 2);
    EXPECT_EQ(info.inputs, 2);
    const Dataset d = info.generate({4, 0.0, 1, 0});
    ASSERT_EQ(d.rows(), 4) << g.name;
    EXPECT_EQ(d.classes, 2);
    int seen[4] = {0, 0, 0, 0};
    for (int r = 0; r < 4; ++r) {
      const int c = cornerOf(d, r);
      ++seen[c];
      EXPECT_EQ(d.y(r, 0), static_cast<float>(g.out[c])) << g.name << " corner " << c;
    }
    for (int c = 0; c < 4; ++c) EXPECT_EQ(seen[c], 1) << g.name << " corner " << c;
  }
}

TEST(TruthTables, EveryBlockOfFourHoldsTheWholeTable) {
  for (const Gate& g : kGates) {
    const GeneratorInfo& info = generatorByName(g.name);
    const Dataset d = info.generate({info.defaultSamples, 0.0, 3, 0});
    ASSERT_EQ(d.rows(), 40) << g.name;
    for (int start = 0; start + 4 <= d.rows(); start += 4) {
      int seen[4] = {0, 0, 0, 0};
      for (int r = start; r < start + 4; ++r) {
        const int c = cornerOf(d, r);
        ++seen[c];
        EXPECT_EQ(d.y(r, 0), static_cast<float>(g.out[c])) << g.name;
      }
      for (int c = 0; c < 4; ++c) EXPECT_EQ(seen[c], 1) << g.name << " block at " << start;
    }
    // So both halves of the default 50 % split hold every corner five times.
    const Split s = splitByRatio(d, 0.5);
    EXPECT_EQ(s.train.rows(), 20);
    EXPECT_EQ(s.test.rows(), 20);
  }
}

TEST(TruthTables, JitterIsSeededGaussianAndKeepsTheLabels) {
  const GeneratorInfo& info = generatorByName("xor_gate");
  const Dataset clean = info.generate({4000, 0.0, 9, 0});
  const Dataset a = info.generate({4000, 0.1, 9, 0});
  const Dataset b = info.generate({4000, 0.1, 9, 0});
  const Dataset c = info.generate({4000, 0.1, 10, 0});
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  EXPECT_NE(a.x, c.x);
  EXPECT_EQ(clean.y, a.y) << "same corners in the same order; noise moves points only";
  const RowMatrix jitter = a.x - clean.x;
  const double mean = jitter.mean();
  const double sd = std::sqrt((jitter.array() - mean).square().mean());
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(sd, 0.1, 0.01);
}

}  // namespace
}  // namespace nnplay
