#include "nnplay/generators.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <numeric>

#include "nnplay/error.hpp"
#include "nnplay/random.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

constexpr double kPi = std::numbers::pi;

struct Point {
  double x;
  double y;
  double label;  // class index (1 = TF Playground's +1, 0 = its -1) or target value
};

// Packs the points as they are ordered. inputs == 1 keeps only x.
Dataset pack(const std::vector<Point>& pts, int classes, int inputs = 2) {
  Dataset d;
  d.task = classes > 0 ? Task::Classification : Task::Regression;
  d.classes = classes;
  d.featureNames =
      inputs == 1 ? std::vector<std::string>{"x1"} : std::vector<std::string>{"x1", "x2"};
  d.targetName = classes > 0 ? std::string("class") : std::string("y");
  for (int c = 0; c < classes; ++c) d.classNames.push_back("class " + std::to_string(c));
  d.x.resize(static_cast<Eigen::Index>(pts.size()), inputs);
  d.y.resize(static_cast<Eigen::Index>(pts.size()), 1);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    d.x(r, 0) = static_cast<float>(pts[i].x);
    if (inputs == 2) d.x(r, 1) = static_cast<float>(pts[i].y);
    d.y(r, 0) = static_cast<float>(pts[i].label);
  }
  return d;
}

// Shuffles (TF Playground shuffles before it splits) and packs the points.
Dataset toDataset(std::vector<Point>& pts, Rng& rng, int classes, int inputs = 2) {
  for (std::size_t i = pts.size(); i > 1; --i) std::swap(pts[i - 1], pts[rng.below(i)]);
  return pack(pts, classes, inputs);
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
    pts.push_back({x, y, static_cast<double>(label)});
  };
  for (int i = 0; i < p.samples / 2; ++i) add(0.0, radius * 0.5);
  for (int i = p.samples / 2; i < p.samples; ++i) add(radius * 0.7, radius);
  return toDataset(pts, rng, 2);
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
    pts.push_back({x, y, (x + nx) * (y + ny) >= 0 ? 1.0 : 0.0});
  }
  return toDataset(pts, rng, 2);
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
  return toDataset(pts, rng, 2);
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
      pts.push_back({x, y, static_cast<double>(label)});
    }
  };
  arm(n, 0.0, 1);
  arm(p.samples - n, kPi, 0);
  return toDataset(pts, rng, 2);
}

// Picks the class count for a k-class generator: the default when 0, else
// checked against the generator's range.
int classCount(const GeneratorParams& p, int lo, int hi, int dflt, const char* name) {
  const int k = p.classes == 0 ? dflt : p.classes;
  if (k < lo || k > hi) {
    throw SpecError(std::string(name) + " needs between " + std::to_string(lo) + " and " +
                    std::to_string(hi) + " classes, got " + std::to_string(k));
  }
  return k;
}

constexpr double kRegressRadius = 6.0;

// TF Playground's regression sampling: x and y uniform in [-6, 6], the
// label taken at the noisy point.
template <typename Label>
Dataset regressionPlane(const GeneratorParams& p, Label label) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  std::vector<Point> pts;
  for (int i = 0; i < p.samples; ++i) {
    const double x = rng.uniform(-kRegressRadius, kRegressRadius);
    const double y = rng.uniform(-kRegressRadius, kRegressRadius);
    const double nx = rng.uniform(-kRegressRadius, kRegressRadius) * p.noise;
    const double ny = rng.uniform(-kRegressRadius, kRegressRadius) * p.noise;
    pts.push_back({x, y, label(x + nx, y + ny)});
  }
  return toDataset(pts, rng, 0);
}

Dataset plane(const GeneratorParams& p) {
  // d3's scale from [-10, 10] to [-1, 1]
  return regressionPlane(p, [](double x, double y) { return (x + y) / 10.0; });
}

Dataset multiGauss(const GeneratorParams& p) {
  constexpr double bumps[6][3] = {{-4, 2.5, 1},   {0, 2.5, -1}, {4, 2.5, 1},
                                  {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  return regressionPlane(p, [&](double x, double y) {
    double best = 0.0;  // the bump largest in absolute value wins
    for (const auto& b : bumps) {
      const double v = b[2] * std::clamp(1.0 - std::hypot(x - b[0], y - b[1]) / 2.0, 0.0, 1.0);
      if (std::abs(v) > std::abs(best)) best = v;
    }
    return best;
  });
}

Dataset spiralK(const GeneratorParams& p) {
  checkParams(p);
  const int k = classCount(p, 3, 6, 3, "spiral_k");
  Rng rng(streamSeed(p.seed, Stream::Data));
  std::vector<Point> pts;
  for (int c = 0; c < k; ++c) {
    const int count = p.samples / k + (c < p.samples % k ? 1 : 0);
    for (int i = 0; i < count; ++i) {
      const double r = static_cast<double>(i) / count * 5.0;
      const double t = 1.75 * i / count * 2.0 * kPi + 2.0 * kPi * c / k;
      pts.push_back({r * std::sin(t) + rng.uniform(-1.0, 1.0) * p.noise,
                     r * std::cos(t) + rng.uniform(-1.0, 1.0) * p.noise, static_cast<double>(c)});
    }
  }
  return toDataset(pts, rng, k);
}

Dataset blobs(const GeneratorParams& p) {
  checkParams(p);
  const int k = classCount(p, 2, 8, 3, "blobs");
  Rng rng(streamSeed(p.seed, Stream::Data));
  const double spread = 0.5 + p.noise / 0.5 * 3.5;  // as gauss
  std::vector<Point> pts;
  for (int i = 0; i < p.samples; ++i) {
    const int c = i % k;
    const double angle = 2.0 * kPi * c / k;
    pts.push_back({rng.normal(3.5 * std::cos(angle), spread),
                   rng.normal(3.5 * std::sin(angle), spread), static_cast<double>(c)});
  }
  return toDataset(pts, rng, k);
}

Dataset checkerboard(const GeneratorParams& p) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  std::vector<Point> pts;
  for (int i = 0; i < p.samples; ++i) {
    const double x = rng.uniform(-4.5, 4.5);
    const double y = rng.uniform(-4.5, 4.5);
    const double nx = x + rng.uniform(-4.5, 4.5) * p.noise;
    const double ny = y + rng.uniform(-4.5, 4.5) * p.noise;
    const auto cell = static_cast<long>(std::floor(nx / 3.0 + 0.5) + std::floor(ny / 3.0 + 0.5));
    pts.push_back({x, y, static_cast<double>(((cell % 2) + 2) % 2)});
  }
  return toDataset(pts, rng, 2);
}

// scikit-learn's make_moons, scaled by 2.5 and centred on the plane.
Dataset moons(const GeneratorParams& p) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  std::vector<Point> pts;
  for (int i = 0; i < p.samples; ++i) {
    const int c = i % 2;
    const double t = rng.uniform(0.0, kPi);
    double x = c == 0 ? std::cos(t) : 1.0 - std::cos(t);
    double y = c == 0 ? std::sin(t) : 0.5 - std::sin(t);
    x = 2.5 * (x - 0.5) + rng.normal(0.0, 1.0) * p.noise * 2.0;
    y = 2.5 * (y - 0.25) + rng.normal(0.0, 1.0) * p.noise * 2.0;
    pts.push_back({x, y, static_cast<double>(c)});
  }
  return toDataset(pts, rng, 2);
}

template <double (*F)(double)>
Dataset curve(const GeneratorParams& p) {
  checkParams(p);
  Rng rng(streamSeed(p.seed, Stream::Data));
  std::vector<Point> pts;
  for (int i = 0; i < p.samples; ++i) {
    const double x = rng.uniform(-kRegressRadius, kRegressRadius);
    pts.push_back({x, 0.0, F(x) + rng.normal(0.0, 1.0) * p.noise});
  }
  return toDataset(pts, rng, 0, 1);
}
double sineCurve(double x) {
  return std::sin(x);
}
double stepCurve(double x) {
  return x < -2.0 ? -1.0 : (x < 2.0 ? 0.0 : 1.0);
}
double polynomialCurve(double x) {
  return 0.02 * x * x * x - 0.3 * x + 0.5;
}

// Two-input logic gates: out[i] is the gate's output for the corner
// (x1, x2) = (i >> 1, i & 1), i.e. for (0,0), (0,1), (1,0), (1,1).
template <int Out00, int Out01, int Out10, int Out11>
Dataset truthTable(const GeneratorParams& p) {
  checkParams(p);
  constexpr int out[4] = {Out00, Out01, Out10, Out11};
  Rng rng(streamSeed(p.seed, Stream::Data));
  std::vector<Point> pts;
  pts.reserve(static_cast<std::size_t>(p.samples));
  // Blocks of four, each the whole table in its own shuffled order (no global
  // shuffle afterwards), so every run of four consecutive points holds every
  // row: a training share of at least four points sees the whole table.
  std::array<int, 4> block = {0, 1, 2, 3};
  for (int i = 0; i < p.samples; ++i) {
    if (i % 4 == 0) {
      for (std::size_t k = block.size(); k > 1; --k) std::swap(block[k - 1], block[rng.below(k)]);
    }
    const int corner = block[static_cast<std::size_t>(i % 4)];
    const double x = (corner >> 1) + rng.normal(0.0, 1.0) * p.noise;
    const double y = (corner & 1) + rng.normal(0.0, 1.0) * p.noise;
    pts.push_back({x, y, static_cast<double>(out[corner])});
  }
  return pack(pts, 2);
}

constexpr std::array kTable = {
    GeneratorInfo{"circle", "Circle", Task::Classification, 2, 2, 2, 2, 5.0, 500, circle},
    GeneratorInfo{"xor", "Exclusive or", Task::Classification, 2, 2, 2, 2, 5.3, 500, xorData},
    GeneratorInfo{"gauss", "Gaussian", Task::Classification, 2, 2, 2, 2, 6.0, 500, gauss},
    GeneratorInfo{"spiral", "Spiral", Task::Classification, 2, 2, 2, 2, 5.0, 500, spiral},
    GeneratorInfo{"plane", "Plane (regression)", Task::Regression, 0, 0, 0, 2, 6.0, 1200, plane},
    GeneratorInfo{"multi_gauss", "Multi Gaussian (regression)", Task::Regression, 0, 0, 0, 2, 6.0,
                  1200, multiGauss},
    GeneratorInfo{"spiral_k", "Spiral, k arms", Task::Classification, 3, 3, 6, 2, 5.0, 600,
                  spiralK},
    GeneratorInfo{"blobs", "Gaussian blobs", Task::Classification, 3, 2, 8, 2, 6.0, 600, blobs},
    GeneratorInfo{"checkerboard", "Checkerboard", Task::Classification, 2, 2, 2, 2, 4.5, 800,
                  checkerboard},
    GeneratorInfo{"moons", "Two moons", Task::Classification, 2, 2, 2, 2, 4.0, 500, moons},
    GeneratorInfo{"sine", "Sine curve (regression)", Task::Regression, 0, 0, 0, 1, 6.0, 400,
                  curve<sineCurve>},
    GeneratorInfo{"step", "Step curve (regression)", Task::Regression, 0, 0, 0, 1, 6.0, 400,
                  curve<stepCurve>},
    GeneratorInfo{"polynomial", "Cubic curve (regression)", Task::Regression, 0, 0, 0, 1, 6.0, 400,
                  curve<polynomialCurve>},
    GeneratorInfo{"and", "AND gate", Task::Classification, 2, 2, 2, 2, 1.5, 40,
                  truthTable<0, 0, 0, 1>},
    GeneratorInfo{"or", "OR gate", Task::Classification, 2, 2, 2, 2, 1.5, 40,
                  truthTable<0, 1, 1, 1>},
    GeneratorInfo{"nand", "NAND gate", Task::Classification, 2, 2, 2, 2, 1.5, 40,
                  truthTable<1, 1, 1, 0>},
    GeneratorInfo{"xor_gate", "XOR gate", Task::Classification, 2, 2, 2, 2, 1.5, 40,
                  truthTable<0, 1, 1, 0>},
};

}  // namespace

std::span<const GeneratorInfo> generators() {
  return kTable;
}

const GeneratorInfo& generatorByName(std::string_view name) {
  return detail::findByName(generators(), name, "dataset");
}

std::string generatorNames() {
  return detail::joinNames(generators());
}

}  // namespace nnplay
