// The gradient-descent lab's paths agree with PyTorch's torch.optim (issue 12,
// acceptance 1). tests/reference/make_descent_reference.py ran torch.optim
// (SGD, momentum, Nesterov, RMSprop, Adam; non-default hyperparameters) on
// every surface of descent.cpp, written in torch and differentiated by
// autograd, from the same float32 start for 100 steps, in float64; every
// point of descend()'s path (x, y and the loss) must match within 1e-5
// relative.
//
// The tolerance, and why float32 stepping meets it. The engine keeps the two
// parameters in float32 and steps them with Backend::optimizerStep, as
// training does; the reference is float64. A point matches when
//   |p − p_ref| ≤ 1e-5 · max(|p_ref|, 0.1)
// (the Euclidean distance relative to the point's distance from the origin),
// a loss when |L − L_ref| ≤ 1e-5 · max(|L_ref|, 0.1). The floor 0.1 serves the
// paths that converge to a minimum at the origin (bowl, valley) and the losses
// that cross zero (saddle, minima): a float32 point carries an absolute error
// of the order of float32's spacing (1.2e-7 at 1) of the numbers it was
// computed from, which does not shrink with the point, and its loss an error
// of |∇f|·|δp|. The reference file keeps only cases whose float32 torch run
// (float32 parameters, the gradient rounded to float32 like the engine's)
// stays within a quarter of this allowance at every point, and records that
// share per case. Cases where float32 stepping is ill-conditioned were
// measured and left out (make_descent_reference.py lists them): RMSprop on
// Rosenbrock at lr 0.01 is chaotic from step ~60 (float32 torch gets 4.1e-2
// relative away from float64 torch, and float64 torch from a start moved by
// 1e-7 relative 2.2e-2 away), which no float32 engine could follow.
//
// Measured (GCC 12, -O3 -march=native, x86-64): the engine lies at most
// 0.195 of the allowance from float64 torch (cliff/momentum; 1.95e-6 relative
// among points and losses of at least 0.1), float32 torch at most 0.169
// (saddle/sgd); the test prints both per surface.
//
// The file also holds each float32 torch path, and the engine follows it more
// closely: SGD and RMSprop (but for the cliff) to the 9 digits stored, as the
// two round the same operations the same way; momentum, Nesterov and Adam
// within 6e-7 (cliff/nesterov), as they round the same arithmetic in another
// order (torch rounds μ·v before adding g, where the engine's compiled
// expression may fuse the two). That is checked within 2e-6, a fifth of the
// float64 allowance: the engine's distance from float64 is float32 rounding,
// of the same size as torch's own.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "nnplay/descent.hpp"
#include "nnplay/optimizer.hpp"

namespace nnplay {
namespace {

using nlohmann::json;

const json& reference() {
  static const json j = [] {
    std::ifstream in(std::string(NNPLAY_REFERENCE_DIR) + "/descent_reference.json");
    if (!in) throw std::runtime_error("cannot open tests/reference/descent_reference.json");
    return json::parse(in);
  }();
  return j;
}

constexpr double kRel = 1e-5;
constexpr double kFloor = 0.1;
// The engine against float32 torch (see the top of the file).
constexpr double kRelFloat32 = 2e-6;

OptimizerSettings settingsOf(const json& c) {
  const json& o = c["optimizer"];
  OptimizerSettings s;
  s.id = optimizerByName(o["name"].get<std::string>()).id;
  s.learningRate = o["lr"].get<float>();
  s.momentum = o["momentum"].get<float>();
  s.rho = o["rho"].get<float>();
  s.beta1 = o["beta1"].get<float>();
  s.beta2 = o["beta2"].get<float>();
  s.epsilon = o["epsilon"].get<float>();
  return s;
}

DescentPath run(const json& c, const OptimizerSettings& s) {
  const SurfaceInfo& surface = surfaceByName(c["surface"].get<std::string>());
  const Point2 start{c["start"][0].get<double>(), c["start"][1].get<double>()};
  return descend(surface, s, start, c["steps"].get<int>());
}

// How far a path lies from a reference path.
struct Difference {
  // The worst difference as a share of the allowance (1 = at the limit).
  double pointShare = 0.0;
  double lossShare = 0.0;
  int pointStep = -1;
  int lossStep = -1;
  // The plain relative differences, where the reference value is at least
  // the floor (below it a relative difference says nothing).
  double pointRel = 0.0;
  double lossRel = 0.0;
  bool sizesDiffer = false;
  double share() const { return sizesDiffer ? INFINITY : std::max(pointShare, lossShare); }
};

// `want` rows are [x, y] or [x, y, loss].
Difference compare(const DescentPath& got, const json& want, double rel) {
  Difference d;
  if (got.divergedAt || got.points.size() != want.size()) {
    d.sizesDiffer = true;
    return d;
  }
  for (std::size_t i = 0; i < want.size(); ++i) {
    const PathPoint& p = got.points[i];
    const double wx = want[i][0].get<double>();
    const double wy = want[i][1].get<double>();
    const double dp = std::hypot(p.x - wx, p.y - wy);
    const double norm = std::hypot(wx, wy);
    const double pointShare = dp / (rel * std::max(norm, kFloor));
    if (pointShare > d.pointShare) {
      d.pointShare = pointShare;
      d.pointStep = static_cast<int>(i);
    }
    if (norm >= kFloor) d.pointRel = std::max(d.pointRel, dp / norm);
    if (want[i].size() > 2) {
      const double wl = want[i][2].get<double>();
      const double dl = std::abs(p.loss - wl);
      const double lossShare = dl / (rel * std::max(std::abs(wl), kFloor));
      if (lossShare > d.lossShare) {
        d.lossShare = lossShare;
        d.lossStep = static_cast<int>(i);
      }
      if (std::abs(wl) >= kFloor) d.lossRel = std::max(d.lossRel, dl / std::abs(wl));
    }
  }
  return d;
}

TEST(DescentReference, FileHasEverySurfaceAndOptimizer) {
  const json& cases = reference()["cases"];
  EXPECT_EQ(reference()["tolerance"]["rel"].get<double>(), kRel);
  EXPECT_EQ(reference()["tolerance"]["floor"].get<double>(), kFloor);
  for (const SurfaceInfo& s : surfaces()) {
    for (const OptimizerInfo& o : optimizers()) {
      const std::string name = std::string(s.name) + "/" + std::string(o.name);
      const auto n = std::count_if(cases.begin(), cases.end(), [&](const json& c) {
        return c["name"].get<std::string>() == name;
      });
      EXPECT_EQ(n, 1) << name;
    }
  }
  for (const json& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    EXPECT_EQ(c["steps"].get<int>(), 100);
    EXPECT_EQ(c["path"].size(), 101u);
    EXPECT_EQ(c["path_float32"].size(), 101u);
    // Hyperparameters that are not torch's (nor the engine's) defaults.
    const OptimizerSettings s = settingsOf(c);
    EXPECT_NE(s.momentum, OptimizerSettings{}.momentum);
    EXPECT_NE(s.rho, OptimizerSettings{}.rho);
    EXPECT_NE(s.beta1, OptimizerSettings{}.beta1);
    EXPECT_NE(s.beta2, OptimizerSettings{}.beta2);
    EXPECT_NE(s.epsilon, OptimizerSettings{}.epsilon);
  }
}

TEST(DescentReference, PathsMatchTorchOptim) {
  struct Figures {
    double rel64 = 0.0, share64 = 0.0, rel32 = 0.0, share32 = 0.0, torch32 = 0.0;
    std::string worst;
  };
  std::map<std::string, Figures> bySurface;
  double worstShare = 0.0;
  std::string worstCase;
  for (const json& c : reference()["cases"]) {
    const std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    const DescentPath path = run(c, settingsOf(c));
    ASSERT_FALSE(path.divergedAt) << "diverged at step " << *path.divergedAt;
    ASSERT_EQ(path.points.size(), c["path"].size());
    for (std::size_t i = 0; i < path.points.size(); ++i) {
      ASSERT_EQ(path.points[i].step, static_cast<int>(i));
    }

    const Difference d64 = compare(path, c["path"], kRel);
    EXPECT_LE(d64.pointShare, 1.0)
        << "point at step " << d64.pointStep << ": got (" << path.points[d64.pointStep].x << ", "
        << path.points[d64.pointStep].y << "), expected (" << c["path"][d64.pointStep][0] << ", "
        << c["path"][d64.pointStep][1] << ")";
    EXPECT_LE(d64.lossShare, 1.0) << "loss at step " << d64.lossStep << ": got "
                                  << path.points[d64.lossStep].loss << ", expected "
                                  << c["path"][d64.lossStep][2];

    const Difference d32 = compare(path, c["path_float32"], kRelFloat32);
    EXPECT_LE(d32.pointShare, 1.0) << "against float32 torch, point at step " << d32.pointStep;

    Figures& f = bySurface[c["surface"].get<std::string>()];
    f.rel64 = std::max({f.rel64, d64.pointRel, d64.lossRel});
    f.rel32 = std::max(f.rel32, d32.pointRel);
    f.share32 = std::max(f.share32, d32.share());
    f.torch32 = std::max({f.torch32, c["float32_vs_float64"]["point"].get<double>(),
                          c["float32_vs_float64"]["loss"].get<double>()});
    if (d64.share() >= f.share64) {
      f.share64 = d64.share();
      f.worst = name;
    }
    if (d64.share() >= worstShare) {
      worstShare = d64.share();
      worstCase = name;
    }
  }
  for (const auto& [surface, f] : bySurface) {
    std::printf(
        "[ descent  ] %-10s engine vs float64 torch: max relative difference %.2e (points and "
        "losses >= 0.1), worst %.3f of the allowance (%s; float32 torch: %.3f); engine vs "
        "float32 torch: max relative difference %.2e, worst %.3f of its allowance (2e-6)\n",
        surface.c_str(), f.rel64, f.share64, f.worst.c_str(), f.torch32, f.rel32, f.share32);
  }
  std::printf("[ descent  ] worst case %s at %.3f of the allowance\n", worstCase.c_str(),
              worstShare);
}

// The comparison has teeth: a learning rate (or another hyperparameter, or
// the start) moved by a thousandth gives a path that does not match.
TEST(DescentReference, PerturbedSettingsDoNotMatch) {
  double least = INFINITY;
  std::string leastWhere;
  for (const json& c : reference()["cases"]) {
    const std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    const OptimizerSettings base = settingsOf(c);
    std::vector<std::pair<std::string, OptimizerSettings>> variants;
    OptimizerSettings s = base;
    s.learningRate *= 1.001f;
    variants.emplace_back("learning rate", s);
    switch (base.id) {
      case OptimizerId::Sgd:
        break;
      case OptimizerId::Momentum:
      case OptimizerId::Nesterov:
        s = base;
        s.momentum *= 1.001f;
        variants.emplace_back("momentum", s);
        break;
      case OptimizerId::Rmsprop:
        s = base;
        s.rho *= 1.001f;
        variants.emplace_back("rho", s);
        break;
      case OptimizerId::Adam:
        s = base;
        s.beta1 *= 1.001f;
        variants.emplace_back("beta1", s);
        s = base;
        s.beta2 *= 1.001f;
        variants.emplace_back("beta2", s);
        break;
    }
    for (const auto& [what, v] : variants) {
      const Difference d = compare(run(c, v), c["path"], kRel);
      EXPECT_GT(d.share(), 1.0) << what << " moved by 1e-3 still matches";
      if (d.share() < least) {
        least = d.share();
        leastWhere = name + ", " + what;
      }
    }
    // The wrong optimizer with the same settings.
    s = base;
    s.id = base.id == OptimizerId::Sgd ? OptimizerId::Momentum : OptimizerId::Sgd;
    EXPECT_GT(compare(run(c, s), c["path"], kRel).share(), 1.0) << "another optimizer matches";
  }
  std::printf(
      "[ descent  ] a hyperparameter moved by 1e-3: at least %.3g times the allowance (%s)\n",
      least, leastWhere.c_str());
  // A start moved by 1e-4.
  json c = reference()["cases"][0];
  c["start"][0] = c["start"][0].get<double>() + 1e-4;
  EXPECT_GT(compare(run(c, settingsOf(c)), c["path"], kRel).share(), 1.0);
}

}  // namespace
}  // namespace nnplay
