#include "plot_axes.hpp"
#include "presentation_scale.hpp"

#include <algorithm>
#include <cmath>

namespace nnplay::gui {

double niceStep(double lo, double hi, int target) {
  const double span = hi - lo;
  if (!std::isfinite(span) || span <= 0.0) return 1.0;
  const double raw = span / std::max(1, target);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / p;
  // The 1-2-5 ladder, rounding to the nearest rung on a log scale (as d3
  // does), so the tick count stays near the target instead of halving.
  const double m = f >= 7.0710678 ? 10.0 : f >= 3.1622777 ? 5.0 : f >= 1.4142136 ? 2.0 : 1.0;
  return m * p;
}

std::vector<double> niceTicks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    ticks.push_back(lo);
    return ticks;
  }
  const double step = niceStep(lo, hi, target);
  const double eps = step * 1e-6;
  // Counting in integers avoids the drift of repeated additions (0.30000004).
  const long first = static_cast<long>(std::ceil((lo - eps) / step));
  const long last = static_cast<long>(std::floor((hi + eps) / step));
  for (long i = first; i <= last && ticks.size() < 64; ++i) {
    const double v = static_cast<double>(i) * step;
    ticks.push_back(std::abs(v) < eps ? 0.0 : v);
  }
  return ticks;
}

QString tickLabel(double v, double step) {
  const double a = std::abs(v);
  if (a < step * 1e-6) return QStringLiteral("0");
  if (step >= 1e6 || a >= 1e7) return QString::number(v / 1e6, 'g', 3) + QStringLiteral("M");
  if (step >= 1e3 || a >= 1e5) return QString::number(v / 1e3, 'g', 4) + QStringLiteral("k");
  const int decimals =
      step >= 1.0 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  return QString::number(v, 'f', decimals);
}

QString shortNumber(double v) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  const double a = std::abs(v);
  if (a == 0.0) return QStringLiteral("0");
  if (a >= 1e6 || a < 1e-3) return QString::number(v, 'e', 2);
  if (a >= 100.0) return QString::number(v, 'f', 0);
  const int decimals = a >= 10.0 ? 1 : a >= 1.0 ? 2 : 3;
  return QString::number(v, 'f', decimals);
}

QFont plotFont(const QFont& base) {
  QFont f = base;
  if (f.pointSizeF() > 0) f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.85));
  return readable(f);
}

}  // namespace nnplay::gui
