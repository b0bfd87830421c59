#include "colors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace nnplay::gui {
namespace {

QRgb mix(const QColor& a, const QColor& b, float t) {
  const auto lerp = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
  return qRgb(lerp(a.red(), b.red()), lerp(a.green(), b.green()), lerp(a.blue(), b.blue()));
}

// A qualitative palette (Tableau 10 order, starting with blue and orange so
// that two classes look like TF Playground's).
constexpr std::array<QRgb, 10> kPalette = {0x0877bd, 0xf59322, 0x2ca02c, 0x9467bd, 0xd62728,
                                           0x17becf, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22};

}  // namespace

QRgb divergingColor(float t) {
  if (!std::isfinite(t)) return qRgb(0, 0, 0);
  t = std::clamp(t, -1.0f, 1.0f);
  return t < 0 ? mix(kNeutral, kNegative, -t) : mix(kNeutral, kPositive, t);
}

QColor classColor(int k, int classes) {
  if (classes <= 2) return k == 0 ? kNegative : kPositive;
  return QColor::fromRgb(kPalette[static_cast<std::size_t>(k) % kPalette.size()]);
}

QImage heatmapImage(const float* values, int width, int height, float lo, float hi,
                    bool discretize) {
  // divergingColor() per pixel costs ~50 ns (clamp, three lround); a table of
  // 1,024 steps across [-1, 1] is indistinguishable and makes a 256 x 256
  // image ~10x cheaper (it is rebuilt for every snapshot).
  constexpr int kSteps = 1024;
  static const std::array<QRgb, kSteps> table = [] {
    std::array<QRgb, kSteps> t{};
    for (int i = 0; i < kSteps; ++i)
      t[static_cast<std::size_t>(i)] = divergingColor(-1.0f + 2.0f * i / (kSteps - 1));
    return t;
  }();
  QImage img(width, height, QImage::Format_RGB32);
  const float mid = 0.5f * (lo + hi);
  const float half = hi > lo ? 0.5f * (hi - lo) : 1.0f;
  const float scale = 0.5f * (kSteps - 1) / half;
  const QRgb lowEnd = table.front(), highEnd = table.back();
  for (int y = 0; y < height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
    const float* row = values + static_cast<std::ptrdiff_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      const float v = row[x];
      if (!std::isfinite(v)) {
        line[x] = qRgb(0, 0, 0);
      } else if (discretize) {
        line[x] = v < mid ? lowEnd : highEnd;
      } else {
        const float f =
            std::clamp((v - mid) * scale + 0.5f * (kSteps - 1), 0.0f, float(kSteps - 1));
        line[x] = table[static_cast<std::size_t>(f + 0.5f)];
      }
    }
  }
  return img;
}

QImage classBlendImage(const RowMatrix& probabilities, int width, int height, bool discretize) {
  QImage img(width, height, QImage::Format_RGB32);
  const int classes = static_cast<int>(probabilities.rows());
  // Plain arrays instead of QColor and strided Eigen columns in the loop:
  // this runs for 65,536 pixels per snapshot at 256 x 256.
  std::vector<float> cr, cg, cb;
  std::vector<QRgb> sureColor;
  for (int k = 0; k < classes; ++k) {
    const QColor c = classColor(k, classes);
    cr.push_back(static_cast<float>(c.red()));
    cg.push_back(static_cast<float>(c.green()));
    cb.push_back(static_cast<float>(c.blue()));
    sureColor.push_back(mix(kNeutral, c, 0.75f));
  }
  const Eigen::Index n = static_cast<Eigen::Index>(width) * height;
  const float* prob = probabilities.data();  // row-major: class k's row at k * n
  const float chance = classes > 0 ? 1.0f / classes : 1.0f;
  const int nr = kNeutral.red(), ng = kNeutral.green(), nb = kNeutral.blue();
  for (int y = 0; y < height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
    for (int x = 0; x < width; ++x) {
      const Eigen::Index p = static_cast<Eigen::Index>(y) * width + x;
      float r = 0, g = 0, b = 0;
      float sure = -std::numeric_limits<float>::infinity();
      int best = 0;
      for (int k = 0; k < classes; ++k) {
        const float w = prob[k * n + p];
        if (w > sure) sure = w, best = k;
        r += w * cr[static_cast<std::size_t>(k)];
        g += w * cg[static_cast<std::size_t>(k)];
        b += w * cb[static_cast<std::size_t>(k)];
      }
      if (discretize) {
        line[x] = sureColor[static_cast<std::size_t>(best)];
        continue;
      }
      // Pale where the network is unsure, full colour where it is sure.
      const float strength =
          classes > 1 ? std::clamp((sure - chance) / (1.0f - chance), 0.0f, 1.0f) : 1.0f;
      const float t = 0.15f + 0.6f * strength;
      const auto lerp = [t](int from, float to) {
        return static_cast<int>(
            std::lround(from + (std::clamp(static_cast<int>(to), 0, 255) - from) * t));
      };
      line[x] = qRgb(lerp(nr, r), lerp(ng, g), lerp(nb, b));
    }
  }
  return img;
}

void heatmapRange(const float* values, int n, float activationLo, float activationHi, float& lo,
                  float& hi) {
  if (std::isfinite(activationLo) && std::isfinite(activationHi)) {
    lo = activationLo;
    hi = activationHi;
    return;
  }
  float m = 0.0f;
  for (int i = 0; i < n; ++i) {
    if (std::isfinite(values[i])) m = std::max(m, std::abs(values[i]));
  }
  if (m == 0.0f) m = 1.0f;
  lo = -m;
  hi = m;
}

}  // namespace nnplay::gui
