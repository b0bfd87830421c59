#include "nnplay/generators.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <numeric>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"
#include "nnplay/random.hpp"

namespace nnplay {

namespace {

constexpr double kPi = std::numbers::pi;

struct Point {
  double x;
  double y;
  int label;  // 1 = TF Playground's +1, 0 = its -1
};

Dataset toDataset(std::vector<Point>& pts, Rng& rng) {
  // TF Playground shuffles the points before splitting them.
  for (std::size_t i = pts.size(); i > 1; --i) std::swap(pts[i - 1], pts[rng.below(i)]);
  Dataset d;
  d.task = Task::Classification;
  d.classes = 2;
  d.featureNames = {"x1", "x2"};
  d.x.resize(static_cast<Eigen::Index>(pts.size()), 2);
  d.y.resize(static_cast<Eigen::Index>(pts.size()), 1);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    d.x(r, 0) = static_cast<float>(pts[i].x);
    d.x(r, 1) = static_cast<float>(pts[i].y);
    d.y(r, 0) = static_cast<float>(pts[i].label);
  }
  return d;
}

void checkParams(const GeneratorParams& p) {
  if (p.samples < 2 || p.samples > 1'000'000) {
    throw SpecError("sample count must be between 2 and 1000000, got " + std::to_string(p.samples));
  }
  if (!(p.noise >= 0.0 && p.noise <= 0.5)) {
    throw SpecError("noise must be between 0 and 0.5 (0-50 %)");
  }
}

Dataset circle(const GeneratorParams& p) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  constexpr double radius = 5.0;
  std::vector<Point> pts;
  auto add = [&](double rLo, double rHi) {
    const double r = rng.uniform(rLo, rHi);
    const double angle = rng.uniform(0.0, 2.0 * kPi);
    const double x = r * std::sin(angle);
    const double y = r * std::cos(angle);
    const double nx = rng.uniform(-radius, radius) * p.noise;
    const double ny = rng.uniform(-radius, radius) * p.noise;
    const int label = std::hypot(x + nx, y + ny) < radius * 0.5 ? 1 : 0;
    pts.push_back({x, y, label});
  };
  for (int i = 0; i < p.samples / 2; ++i) add(0.0, radius * 0.5);
  for (int i = p.samples / 2; i < p.samples; ++i) add(radius * 0.7, radius);
  return toDataset(pts, rng);
}

Dataset xorData(const GeneratorParams& p) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  constexpr double padding = 0.3;
  std::vector<Point> pts;
  for (int i = 0; i < p.samples; ++i) {
    double x = rng.uniform(-5.0, 5.0);
    x += x > 0 ? padding : -padding;
    double y = rng.uniform(-5.0, 5.0);
    y += y > 0 ? padding : -padding;
    const double nx = rng.uniform(-5.0, 5.0) * p.noise;
    const double ny = rng.uniform(-5.0, 5.0) * p.noise;
    pts.push_back({x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0});
  }
  return toDataset(pts, rng);
}

Dataset gauss(const GeneratorParams& p) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  // TF Playground maps noise 0..0.5 linearly to variance 0.5..4 and passes
  // it as the standard deviation of its normal draw; we keep that.
  const double variance = 0.5 + p.noise / 0.5 * 3.5;
  std::vector<Point> pts;
  for (int i = 0; i < p.samples / 2; ++i) {
    pts.push_back({rng.normal(2.0, variance), rng.normal(2.0, variance), 1});
  }
  for (int i = p.samples / 2; i < p.samples; ++i) {
    pts.push_back({rng.normal(-2.0, variance), rng.normal(-2.0, variance), 0});
  }
  return toDataset(pts, rng);
}

Dataset spiral(const GeneratorParams& p) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  std::vector<Point> pts;
  const int n = p.samples / 2;
  auto arm = [&](int count, double deltaT, int label) {
    for (int i = 0; i < count; ++i) {
      const double r = static_cast<double>(i) / n * 5.0;
      const double t = 1.75 * i / n * 2.0 * kPi + deltaT;
      const double x = r * std::sin(t) + rng.uniform(-1.0, 1.0) * p.noise;
      const double y = r * std::cos(t) + rng.uniform(-1.0, 1.0) * p.noise;
      pts.push_back({x, y, label});
    }
  };
  arm(n, 0.0, 1);
  arm(p.samples - n, kPi, 0);
  return toDataset(pts, rng);
}

constexpr std::array kTable = {
    GeneratorInfo{"circle", "Circle", Task::Classification, 2, circle},
    GeneratorInfo{"xor", "Exclusive or", Task::Classification, 2, xorData},
    GeneratorInfo{"gauss", "Gaussian", Task::Classification, 2, gauss},
    GeneratorInfo{"spiral", "Spiral", Task::Classification, 2, spiral},
};

}  // namespace

std::span<const GeneratorInfo> generators() { return kTable; }

const GeneratorInfo& generatorByName(std::string_view name) {
  return detail::findByName(generators(), name, "dataset");
}

std::string generatorNames() { return detail::joinNames(generators()); }

}  // namespace nnplay
