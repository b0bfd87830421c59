// The gradient-descent lab's own promises (engine/include/nnplay/descent.hpp):
// the surfaces' gradients and minima, the errors a person sees, divergence
// without NaN, which well a path reached, and linear regression on one column
// (the least-squares optimum, the full-batch gradient, stochastic paths being
// noisier than full-batch ones on the houses table).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "nnplay/descent.hpp"
#include "nnplay/error.hpp"
#include "nnplay/optimizer.hpp"

namespace nnplay {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

OptimizerSettings sgd(float lr) {
  OptimizerSettings s;
  s.id = OptimizerId::Sgd;
  s.learningRate = lr;
  return s;
}

// Points spread over the surface's range (a 6×6 grid off the edges), its
// start and its minima.
std::vector<Point2> samplePoints(const SurfaceInfo& s) {
  std::vector<Point2> points;
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) {
      points.push_back(
          {s.xmin + (s.xmax - s.xmin) * (i + 0.5) / 6, s.ymin + (s.ymax - s.ymin) * (j + 0.3) / 6});
    }
  }
  points.push_back(s.start);
  for (const Point2& m : s.minima) points.push_back(m);
  return points;
}

TEST(DescentSurfaces, GradientMatchesCentralDifferences) {
  // Central differences with h = 1e-5: the truncation error h²/6·|f‴| is at
  // most 8e-8 (Rosenbrock at |x| = 2), the rounding error 1e-16·|f|/h at most
  // 3e-8 (|f| ≤ 2,509 on Rosenbrock's range).
  const double h = 1e-5;
  for (const SurfaceInfo& s : surfaces()) {
    SCOPED_TRACE(std::string(s.name));
    for (const Point2& p : samplePoints(s)) {
      double gx = 0, gy = 0;
      s.gradient(p.x, p.y, &gx, &gy);
      const double fx = (s.f(p.x + h, p.y) - s.f(p.x - h, p.y)) / (2 * h);
      const double fy = (s.f(p.x, p.y + h) - s.f(p.x, p.y - h)) / (2 * h);
      EXPECT_NEAR(gx, fx, 1e-6 * std::max(1.0, std::abs(fx)))
          << "at (" << p.x << ", " << p.y << ")";
      EXPECT_NEAR(gy, fy, 1e-6 * std::max(1.0, std::abs(fy)))
          << "at (" << p.x << ", " << p.y << ")";
    }
  }
}

TEST(DescentSurfaces, ListedMinimaAreStationaryAndMinimal) {
  int listed = 0;
  for (const SurfaceInfo& s : surfaces()) {
    SCOPED_TRACE(std::string(s.name));
    EXPECT_EQ(s.minima.empty(), s.id == SurfaceId::Saddle);  // the saddle has none
    for (const Point2& m : s.minima) {
      ++listed;
      double gx = 0, gy = 0;
      s.gradient(m.x, m.y, &gx, &gy);
      EXPECT_LT(std::hypot(gx, gy), 1e-4) << "at (" << m.x << ", " << m.y << ")";
      EXPECT_TRUE(m.x >= s.xmin && m.x <= s.xmax && m.y >= s.ymin && m.y <= s.ymax);
      // A minimum, not a saddle or a maximum: lower than its neighbours at 0.01.
      const double f = s.f(m.x, m.y);
      for (int k = 0; k < 8; ++k) {
        const double a = k * std::numbers::pi / 4;
        EXPECT_LT(f, s.f(m.x + 0.01 * std::cos(a), m.y + 0.01 * std::sin(a)))
            << "at (" << m.x << ", " << m.y << "), direction " << k;
      }
    }
  }
  EXPECT_EQ(listed, 7);  // bowl, valley, rosenbrock, three wells, cliff
}

TEST(DescentSurfaces, StartsLieInsideTheirRanges) {
  for (const SurfaceInfo& s : surfaces()) {
    SCOPED_TRACE(std::string(s.name));
    EXPECT_TRUE(s.start.x >= s.xmin && s.start.x <= s.xmax && s.start.y >= s.ymin &&
                s.start.y <= s.ymax);
    EXPECT_LT(s.xmin, s.xmax);
    EXPECT_LT(s.ymin, s.ymax);
    EXPECT_GT(s.learningRate, 0.0);
    EXPECT_EQ(&surfaceByName(s.name), &s);
    EXPECT_EQ(&surface(s.id), &s);
  }
}

TEST(DescentSurfaces, UnknownNameListsTheChoices) {
  try {
    surfaceByName("nope");
    FAIL() << "no exception";
  } catch (const SpecError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'nope'"), std::string::npos) << what;
    for (const SurfaceInfo& s : surfaces()) {
      EXPECT_NE(what.find(std::string(s.name)), std::string::npos) << what;
    }
    EXPECT_NE(what.find(surfaceNames()), std::string::npos) << what;
  }
  EXPECT_EQ(surfaceNames(), "bowl, valley, rosenbrock, saddle, minima, cliff");
}

TEST(DescentPaths, StartOutsideTheRangeIsRefusedNamingTheRange) {
  for (const SurfaceInfo& s : surfaces()) {
    SCOPED_TRACE(std::string(s.name));
    const std::string range = std::string(s.name) + "'s range: x from " + number(s.xmin) + " to " +
                              number(s.xmax) + ", y from " + number(s.ymin) + " to " +
                              number(s.ymax);
    for (const Point2 p : {Point2{s.xmax + 0.5, s.start.y}, Point2{s.xmin - 0.5, s.start.y},
                           Point2{s.start.x, s.ymax + 0.5}, Point2{s.start.x, s.ymin - 0.5},
                           Point2{NAN, s.start.y}}) {
      try {
        descend(s, sgd(0.01f), p, 10);
        ADD_FAILURE() << "no exception for (" << p.x << ", " << p.y << ")";
      } catch (const SpecError& e) {
        EXPECT_NE(std::string(e.what()).find(range), std::string::npos) << e.what();
      }
    }
    // The corners are inside.
    EXPECT_NO_THROW(descend(s, sgd(0.01f), {s.xmin, s.ymax}, 1));
    EXPECT_NO_THROW(descend(s, sgd(0.01f), {s.xmax, s.ymin}, 1));
  }
}

TEST(DescentPaths, SettingsTrainingRefusesAreRefused) {
  const SurfaceInfo& bowl = surface(SurfaceId::Bowl);
  EXPECT_THROW(descend(bowl, sgd(0.0f), bowl.start, 10), SpecError);
  EXPECT_THROW(descend(bowl, sgd(-0.1f), bowl.start, 10), SpecError);
  OptimizerSettings m = sgd(0.1f);
  m.id = OptimizerId::Momentum;
  m.momentum = 1.0f;
  EXPECT_THROW(descend(bowl, m, bowl.start, 10), SpecError);
  EXPECT_THROW(descend(bowl, sgd(0.1f), bowl.start, -1), SpecError);
  const DescentPath none = descend(bowl, sgd(0.1f), bowl.start, 0);
  ASSERT_EQ(none.points.size(), 1u);
  EXPECT_EQ(none.points[0].x, static_cast<double>(static_cast<float>(bowl.start.x)));
  EXPECT_EQ(none.points[0].loss, bowl.f(none.points[0].x, none.points[0].y));
}

bool allFinite(const DescentPath& path) {
  for (const PathPoint& p : path.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.loss) ||
        !std::isfinite(p.gx) || !std::isfinite(p.gy)) {
      return false;
    }
  }
  return true;
}

TEST(DescentPaths, DivergingPathStopsWithoutNaN) {
  const SurfaceInfo& bowl = surface(SurfaceId::Bowl);
  // SGD on x² + y² multiplies each coordinate by 1 − 2·lr = −1.1 per step:
  // |x| = 1.6·1.1^t passes 1e6 at t = 141 (1.6·1.1^140 = 9.98e5).
  const DescentPath path = descend(bowl, sgd(1.05f), {-1.6, 1.2}, 1000);
  ASSERT_TRUE(path.divergedAt.has_value());
  EXPECT_EQ(*path.divergedAt, 141);
  EXPECT_EQ(path.points.size(), static_cast<std::size_t>(*path.divergedAt));
  EXPECT_TRUE(allFinite(path));
  EXPECT_LE(std::abs(path.points.back().x), 1e6);
  EXPECT_GT(std::abs(path.points.back().x), 1e5);
  EXPECT_EQ(reachedMinimum(bowl, path), -1);

  // At lr 1 the same path bounces between (−1.6, 1.2) and (1.6, −1.2) for ever.
  const DescentPath bounce = descend(bowl, sgd(1.0f), {-1.6, 1.2}, 1000);
  EXPECT_FALSE(bounce.divergedAt.has_value());
  EXPECT_EQ(bounce.points.size(), 1001u);
  EXPECT_FLOAT_EQ(static_cast<float>(bounce.points.back().x), -1.6f);

  // Rosenbrock's cubic gradient overflows float32 within a few steps of
  // leaving; the path still ends at its last finite point.
  const SurfaceInfo& rosenbrock = surface(SurfaceId::Rosenbrock);
  const DescentPath wild = descend(rosenbrock, sgd(0.01f), {-1.5, 2.0}, 1000);
  ASSERT_TRUE(wild.divergedAt.has_value());
  EXPECT_LT(*wild.divergedAt, 20);
  EXPECT_EQ(wild.points.size(), static_cast<std::size_t>(*wild.divergedAt));
  EXPECT_TRUE(allFinite(wild));
  EXPECT_EQ(reachedMinimum(rosenbrock, wild), -1);
}

TEST(DescentPaths, ReachedMinimumFindsEachWell) {
  const SurfaceInfo& s = surface(SurfaceId::Minima);
  ASSERT_EQ(s.minima.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const Point2 m = s.minima[static_cast<std::size_t>(i)];
    for (const Point2 offset : {Point2{0.3, -0.2}, Point2{-0.25, 0.25}}) {
      const Point2 start{m.x + offset.x, m.y + offset.y};
      SCOPED_TRACE("well " + std::to_string(i) + " from (" + number(start.x) + ", " +
                   number(start.y) + ")");
      // Unmoved, the start is farther than 0.25 from the well ...
      EXPECT_EQ(reachedMinimum(s, descend(s, sgd(0.1f), start, 0)), -1);
      // ... and SGD or Adam takes it in.
      EXPECT_EQ(reachedMinimum(s, descend(s, sgd(0.1f), start, 300)), i);
      OptimizerSettings adam;
      adam.id = OptimizerId::Adam;
      adam.learningRate = 0.02f;
      EXPECT_EQ(reachedMinimum(s, descend(s, adam, start, 500)), i);
    }
  }
  // From the surface's own start SGD takes the deep well, and the scatter of
  // starts over the whole range reaches every well.
  EXPECT_EQ(reachedMinimum(s, descend(s, sgd(0.1f), s.start, 500)), 0);
  std::vector<int> reached(3, 0);
  for (int i = 0; i < 9; ++i) {
    for (int j = 0; j < 9; ++j) {
      const Point2 start{-2.8 + 0.7 * i, -2.8 + 0.7 * j};
      const int k = reachedMinimum(s, descend(s, sgd(0.1f), start, 1000));
      if (k >= 0) ++reached[static_cast<std::size_t>(k)];
    }
  }
  EXPECT_GT(reached[0], 0);
  EXPECT_GT(reached[1], 0);
  EXPECT_GT(reached[2], 0);
}

// y = 2.2·x + 0.7 is the least-squares line through (0, 1), (1, 3), (2, 4),
// (3, 8): the normal equations [14 6; 6 4]·(w, b) = (35, 16) give w = 44/20,
// b = 14/20, and the residuals −0.3, −0.1, 1.1, −0.7 an MSE of 1.8/4.
LinearRegressionData tinyData() {
  LinearRegressionData d;
  d.x = {0, 1, 2, 3};
  d.y = {1, 3, 4, 8};
  d.feature = "x";
  d.target = "y";
  return d;
}

TEST(DescentLinearRegression, OptimumIsTheLeastSquaresLine) {
  const LinearRegressionData d = tinyData();
  const Point2 o = d.optimum();
  EXPECT_NEAR(o.x, 2.2, 1e-12);
  EXPECT_NEAR(o.y, 0.7, 1e-12);
  EXPECT_NEAR(d.mse(o.x, o.y), 0.45, 1e-12);
  EXPECT_NEAR(d.mse(0, 0), (1 + 9 + 16 + 64) / 4.0, 1e-12);
  for (const Point2 step : {Point2{1e-3, 0}, Point2{-1e-3, 0}, Point2{0, 1e-3}, Point2{0, -1e-3}}) {
    EXPECT_GT(d.mse(o.x + step.x, o.y + step.y), d.mse(o.x, o.y));
  }
}

TEST(DescentLinearRegression, FullBatchGradientIsTheMseGradient) {
  const LinearRegressionData d = tinyData();
  // A batch larger than the data is the whole data.
  for (const int batch : {4, 100}) {
    const LinearRegressionObjective full(d, batch, 7);
    for (const Point2 p : {Point2{0, 0}, Point2{2.2, 0.7}, Point2{-1.5, 2.0}, Point2{0.3, -0.4}}) {
      double gw = 0, gb = 0;
      double sw = 0, sb = 0;
      for (std::size_t i = 0; i < d.x.size(); ++i) {
        const double e = p.x * d.x[i] + p.y - d.y[i];
        sw += 2 * e * d.x[i] / 4;
        sb += 2 * e / 4;
      }
      const double h = 1e-6;
      for (const int step : {1, 2, 3, 10}) {
        full.gradient(p.x, p.y, step, &gw, &gb);
        EXPECT_NEAR(gw, sw, 1e-12) << "batch " << batch << " step " << step;
        EXPECT_NEAR(gb, sb, 1e-12) << "batch " << batch << " step " << step;
        EXPECT_NEAR(gw, (d.mse(p.x + h, p.y) - d.mse(p.x - h, p.y)) / (2 * h), 1e-6);
        EXPECT_NEAR(gb, (d.mse(p.x, p.y + h) - d.mse(p.x, p.y - h)) / (2 * h), 1e-6);
      }
      EXPECT_EQ(full.loss(p.x, p.y), d.mse(p.x, p.y));
    }
  }
  // At the optimum the gradient vanishes.
  const LinearRegressionObjective full(d, 4, 1);
  double gw = 1, gb = 1;
  full.gradient(2.2, 0.7, 1, &gw, &gb);
  EXPECT_NEAR(gw, 0.0, 1e-12);
  EXPECT_NEAR(gb, 0.0, 1e-12);
  EXPECT_THROW(LinearRegressionObjective(d, 0, 1), SpecError);
}

TEST(DescentLinearRegression, StochasticPathIsNoisierOnHouses) {
  const LinearRegressionData d =
      linearRegressionFromCsv(std::string(NNPLAY_DATASETS_DIR) + "/houses.csv", "sqft", "price");
  ASSERT_GT(d.x.size(), 100u);
  const Point2 o = d.optimum();
  const double best = d.mse(o.x, o.y);
  const LinearRegressionObjective full(d, static_cast<int>(d.x.size()), 1);
  const LinearRegressionObjective stochastic(d, 1, 1);
  const Point2 start{-1.5, 1.5};
  const DescentPath fullPath = descend(full, sgd(0.1f), start, 200);
  const DescentPath stochasticPath = descend(stochastic, sgd(0.1f), start, 200);
  ASSERT_FALSE(fullPath.divergedAt);
  ASSERT_FALSE(stochasticPath.divergedAt);
  const double fullChange = meanStepChange(fullPath);
  const double stochasticChange = meanStepChange(stochasticPath);
  std::printf(
      "[ descent  ] houses sqft -> price (%zu rows): least-squares MSE %.6f at w = %.4f, "
      "b = %.4f; full batch after 200 steps %.6f; mean step change full batch %.3g, "
      "stochastic %.3g\n",
      d.x.size(), best, o.x, o.y, fullPath.points.back().loss, fullChange, stochasticChange);
  EXPECT_GT(stochasticChange, fullChange);
  // Full batch reaches the least-squares optimum (issue 12, acceptance 4).
  EXPECT_LE(fullPath.points.back().loss, best * 1.01);
  // Full-batch gradient descent never goes uphill at this learning rate.
  for (std::size_t i = 1; i < fullPath.points.size(); ++i) {
    EXPECT_LE(fullPath.points[i].loss, fullPath.points[i - 1].loss + 1e-9) << "step " << i;
  }
  EXPECT_EQ(meanStepChange(DescentPath{}), 0.0);
}

}  // namespace
}  // namespace nnplay
