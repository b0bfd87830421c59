#include "nnplay/descent.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/random.hpp"
#include "nnplay/table_dataset.hpp"
#include "nnplay/trainer.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

double sq(double v) {
  return v * v;
}

// ---- The surfaces. Each gradient is the exact derivative of its f.
double bowl(double x, double y) {
  return x * x + y * y;
}
void bowlGrad(double x, double y, double* gx, double* gy) {
  *gx = 2 * x;
  *gy = 2 * y;
}

// Badly scaled features: 50 times steeper across the valley than along it.
double valley(double x, double y) {
  return 0.1 * x * x + 5 * y * y;
}
void valleyGrad(double x, double y, double* gx, double* gy) {
  *gx = 0.2 * x;
  *gy = 10 * y;
}

double rosenbrock(double x, double y) {
  return sq(1 - x) + 100 * sq(y - x * x);
}
void rosenbrockGrad(double x, double y, double* gx, double* gy) {
  *gx = -2 * (1 - x) - 400 * x * (y - x * x);
  *gy = 200 * (y - x * x);
}

double saddle(double x, double y) {
  return x * x - y * y;
}
void saddleGrad(double x, double y, double* gx, double* gy) {
  *gx = 2 * x;
  *gy = -2 * y;
}

// Three Gaussian wells of different depth in a shallow bowl.
struct Well {
  double x, y, depth, width;
};
constexpr std::array kWells = {Well{-1.5, -1.0, 1.6, 0.8}, Well{1.6, 1.2, 1.0, 0.7},
                               Well{1.4, -1.8, 0.6, 0.6}};
constexpr double kBowl = 0.03;
double minima(double x, double y) {
  double f = kBowl * (x * x + y * y);
  for (const Well& w : kWells) {
    f -= w.depth * std::exp(-(sq(x - w.x) + sq(y - w.y)) / (2 * w.width * w.width));
  }
  return f;
}
void minimaGrad(double x, double y, double* gx, double* gy) {
  *gx = 2 * kBowl * x;
  *gy = 2 * kBowl * y;
  for (const Well& w : kWells) {
    const double s2 = w.width * w.width;
    const double e = w.depth * std::exp(-(sq(x - w.x) + sq(y - w.y)) / (2 * s2));
    *gx += e * (x - w.x) / s2;
    *gy += e * (y - w.y) / s2;
  }
}

// A plateau (x < 0) that ends in a cliff down to a shallow basin at (2, 0).
double sigmoid(double v) {
  return 1 / (1 + std::exp(-v));
}
constexpr double kCliff = 8.0;
double cliff(double x, double y) {
  return 2 * sigmoid(-kCliff * (x - 0.5)) + 0.05 * (sq(x - 2) + y * y);
}
void cliffGrad(double x, double y, double* gx, double* gy) {
  const double s = sigmoid(-kCliff * (x - 0.5));
  *gx = -2 * kCliff * s * (1 - s) + 0.1 * (x - 2);
  *gy = 0.1 * y;
}

constexpr std::array kBowlMinima = {Point2{0, 0}};
constexpr std::array kRosenbrockMinima = {Point2{1, 1}};
// Where the basin's pull balances the cliff's last slope (bisection on ∂f/∂x).
constexpr std::array kCliffMinima = {Point2{2.000975, 0}};
// Found by descending each well in double precision (descent_test checks
// they are stationary); listed here so the table stays constexpr.
constexpr std::array kWellMinima = {Point2{-1.464786, -0.976532}, Point2{1.554089, 1.165559},
                                    Point2{1.346058, -1.735095}};

const std::array kSurfaces = {
    SurfaceInfo{SurfaceId::Bowl,
                "bowl",
                "Round bowl",
                "x² + y²",
                -2,
                2,
                -2,
                2,
                bowl,
                bowlGrad,
                -1e300,
                kBowlMinima,
                {-1.6, 1.2},
                0.1},
    SurfaceInfo{SurfaceId::Valley,
                "valley",
                "Long narrow valley (badly scaled)",
                "0.1·x² + 5·y²",
                -5,
                5,
                -5,
                5,
                valley,
                valleyGrad,
                -1e300,
                kBowlMinima,
                {-4.5, 2.0},
                0.15},
    SurfaceInfo{SurfaceId::Rosenbrock,
                "rosenbrock",
                "Rosenbrock's banana",
                "(1 − x)² + 100·(y − x²)²",
                -2,
                2,
                -1,
                3,
                rosenbrock,
                rosenbrockGrad,
                -1e300,
                kRosenbrockMinima,
                {-1.5, 2.0},
                0.001},
    SurfaceInfo{SurfaceId::Saddle,
                "saddle",
                "Saddle",
                "x² − y²",
                -2,
                2,
                -2,
                2,
                saddle,
                saddleGrad,
                -4.0,
                {},
                {-1.8, 0.05},
                0.05},
    SurfaceInfo{SurfaceId::Minima,
                "minima",
                "Several minima of different depth",
                "0.03·(x² + y²) − Σ depthᵢ·exp(−|p − cᵢ|² / 2wᵢ²)",
                -3,
                3,
                -3,
                3,
                minima,
                minimaGrad,
                -1e300,
                kWellMinima,
                {0.0, 0.5},
                0.1},
    SurfaceInfo{SurfaceId::Cliff,
                "cliff",
                "Plateau with a cliff",
                "2·σ(−8·(x − 0.5)) + 0.05·((x − 2)² + y²)",
                -3,
                3,
                -3,
                3,
                cliff,
                cliffGrad,
                -1e300,
                kCliffMinima,
                {-2.5, 1.5},
                0.5},
};

constexpr double kDiverged = 1e6;

}  // namespace

std::span<const SurfaceInfo> surfaces() {
  return kSurfaces;
}

const SurfaceInfo& surface(SurfaceId id) {
  return kSurfaces[static_cast<std::size_t>(id)];
}

const SurfaceInfo& surfaceByName(std::string_view name) {
  return detail::findByName(surfaces(), name, "surface");
}

std::string surfaceNames() {
  return detail::joinNames(surfaces());
}

DescentPath descend(const Objective& objective, const OptimizerSettings& optimizer, Point2 start,
                    int steps) {
  TrainingSettings check;
  check.optimizer = optimizer;
  NetworkSpec two = makeSpec(2, {}, ActivationId::Linear, 1, ActivationId::Linear);
  validate(check, two);
  if (steps < 0 || steps > 1'000'000) throw SpecError("steps must be from 0 to 1,000,000");
  if (!std::isfinite(start.x) || !std::isfinite(start.y)) {
    throw SpecError("the start point must be finite");
  }
  CpuBackend backend;
  const int slots = nnplay::optimizer(optimizer.id).stateSlots;
  auto params = backend.allocate(2);
  auto grads = backend.allocate(2);
  auto s1 = backend.allocate(2);
  auto s2 = backend.allocate(2);
  const View p{params.get(), 0};
  const View g{grads.get(), 0};
  const View v1 = slots > 0 ? View{s1.get(), 0} : View{};
  const View v2 = slots > 1 ? View{s2.get(), 0} : View{};
  std::array<float, 2> w{static_cast<float>(start.x), static_cast<float>(start.y)};
  backend.upload(w.data(), p, 2);
  DescentPath path;
  path.points.reserve(static_cast<std::size_t>(steps) + 1);
  path.points.push_back({0, w[0], w[1], objective.loss(w[0], w[1])});
  for (int t = 1; t <= steps; ++t) {
    double gx = 0.0, gy = 0.0;
    objective.gradient(w[0], w[1], t, &gx, &gy);
    const std::array<float, 2> gf{static_cast<float>(gx), static_cast<float>(gy)};
    backend.upload(gf.data(), g, 2);
    backend.optimizerStep(optimizer, t, p, g, v1, v2, 2);
    std::array<float, 2> next{};
    backend.download(p, next.data(), 2);
    const double loss = objective.loss(next[0], next[1]);
    if (!std::isfinite(next[0]) || !std::isfinite(next[1]) || std::abs(next[0]) > kDiverged ||
        std::abs(next[1]) > kDiverged || !std::isfinite(loss)) {
      path.divergedAt = t;
      break;
    }
    w = next;
    PathPoint q{t, w[0], w[1], loss, gf[0], gf[1], {}};
    for (int k = 0; k < slots; ++k) {
      std::array<float, 2> st{};
      backend.download(k == 0 ? v1 : v2, st.data(), 2);
      q.state[k][0] = st[0];
      q.state[k][1] = st[1];
    }
    path.points.push_back(q);
  }
  return path;
}

namespace {
struct SurfaceObjective final : Objective {
  const SurfaceInfo& s;
  explicit SurfaceObjective(const SurfaceInfo& info) : s(info) {}
  double loss(double x, double y) const override { return s.f(x, y); }
  void gradient(double x, double y, int, double* gx, double* gy) const override {
    s.gradient(x, y, gx, gy);
  }
};

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

DescentPath descend(const SurfaceInfo& surface, const OptimizerSettings& optimizer, Point2 start,
                    int steps) {
  if (!(start.x >= surface.xmin && start.x <= surface.xmax && start.y >= surface.ymin &&
        start.y <= surface.ymax)) {
    throw SpecError("the start (" + number(start.x) + ", " + number(start.y) + ") lies outside " +
                    std::string(surface.name) + "'s range: x from " + number(surface.xmin) +
                    " to " + number(surface.xmax) + ", y from " + number(surface.ymin) + " to " +
                    number(surface.ymax));
  }
  return descend(SurfaceObjective(surface), optimizer, start, steps);
}

int reachedMinimum(const SurfaceInfo& surface, const DescentPath& path, double radius) {
  if (path.divergedAt || path.points.empty()) return -1;
  const PathPoint& end = path.points.back();
  int best = -1;
  double bestD = radius;
  for (std::size_t i = 0; i < surface.minima.size(); ++i) {
    const double d = std::hypot(end.x - surface.minima[i].x, end.y - surface.minima[i].y);
    if (d <= bestD) {
      bestD = d;
      best = static_cast<int>(i);
    }
  }
  return best;
}

double LinearRegressionData::mse(double w, double b) const {
  double s = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) s += sq(w * x[i] + b - y[i]);
  return x.empty() ? 0.0 : s / static_cast<double>(x.size());
}

Point2 LinearRegressionData::optimum() const {
  const auto n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  const double w = sxx > 0 ? sxy / sxx : 0.0;
  return {w, my - w * mx};
}

LinearRegressionData linearRegressionFromCsv(const std::string& path, const std::string& column,
                                             const std::string& target) {
  const CsvTable t = readCsvFile(path);
  const auto find = [&](const std::string& name) {
    const int c = t.columnIndex(name);
    if (c < 0) {
      std::string names;
      for (const auto& h : t.header) names += (names.empty() ? "" : ", ") + h;
      throw DataError(t.source + ": no column '" + name + "'; the columns are " + names);
    }
    return static_cast<std::size_t>(c);
  };
  const std::size_t cx = find(column);
  const std::size_t cy = find(target);
  LinearRegressionData d;
  d.feature = column;
  d.target = target;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    double vx = 0, vy = 0;
    const std::string& a = t.rows[r][cx];
    const std::string& b = t.rows[r][cy];
    if (a.empty() || b.empty()) continue;  // missing: left out
    for (const auto& [cell, c, v] : {std::tuple{&a, cx, &vx}, std::tuple{&b, cy, &vy}}) {
      if (!parseNumber(*cell, *v)) {
        throw DataError(t.source + ":" + std::to_string(t.lines[r]) + ": column " +
                        std::to_string(c + 1) + " ('" + t.header[c] +
                        "'): expected a number, got '" + *cell + "'");
      }
    }
    d.x.push_back(vx);
    d.y.push_back(vy);
  }
  if (d.x.size() < 2) throw DataError(t.source + ": fewer than 2 rows with both values");
  // Standardize both, so w and b live on the same scale as the plot.
  for (std::vector<double>* v : {&d.x, &d.y}) {
    double m = 0, s = 0;
    for (double e : *v) m += e;
    m /= static_cast<double>(v->size());
    for (double e : *v) s += sq(e - m);
    s = std::sqrt(s / static_cast<double>(v->size()));
    if (s == 0) throw DataError(t.source + ": a column is constant; nothing to fit");
    for (double& e : *v) e = (e - m) / s;
  }
  return d;
}

LinearRegressionObjective::LinearRegressionObjective(LinearRegressionData data, int batch,
                                                     std::uint64_t seed)
    : data_(std::move(data)), batch_(batch), seed_(seed) {
  if (batch < 1) throw SpecError("batch size must be at least 1");
  batch_ = std::min<int>(batch, static_cast<int>(data_.x.size()));
}

void LinearRegressionObjective::ensureOrder(std::size_t upTo) const {
  const std::size_t n = data_.x.size();
  while (order_.size() < upTo) {
    // Each epoch its own shuffle, as the trainer does; a partial last batch
    // is not used (every step sees batch_ rows).
    Rng rng(streamSeed(seed_ + epochs_++, Stream::Shuffle));
    std::vector<std::uint32_t> e(n);
    for (std::size_t i = 0; i < n; ++i) e[i] = static_cast<std::uint32_t>(i);
    for (std::size_t i = n; i > 1; --i) std::swap(e[i - 1], e[rng.below(i)]);
    const std::size_t whole = n / static_cast<std::size_t>(batch_) * batch_;
    order_.insert(order_.end(), e.begin(), e.begin() + static_cast<std::ptrdiff_t>(whole));
  }
}

void LinearRegressionObjective::gradient(double w, double b, int step, double* gw,
                                         double* gb) const {
  const auto bs = static_cast<std::size_t>(batch_);
  const std::size_t begin = static_cast<std::size_t>(step - 1) * bs;
  ensureOrder(begin + bs);
  double sw = 0, sb = 0;
  for (std::size_t k = begin; k < begin + bs; ++k) {
    const std::uint32_t i = order_[k];
    const double e = w * data_.x[i] + b - data_.y[i];
    sw += 2 * e * data_.x[i];
    sb += 2 * e;
  }
  *gw = sw / static_cast<double>(bs);
  *gb = sb / static_cast<double>(bs);
}

double meanStepChange(const DescentPath& path) {
  if (path.points.size() < 2) return 0.0;
  double s = 0;
  for (std::size_t i = 1; i < path.points.size(); ++i) {
    s += std::abs(path.points[i].loss - path.points[i - 1].loss);
  }
  return s / static_cast<double>(path.points.size() - 1);
}

}  // namespace nnplay
