#include "nnplay/scaler.hpp"

#include <array>
#include <cmath>
#include <limits>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {
constexpr std::array kTable = {
    ScalingInfo{ScalingId::None, "none", "None"},
    ScalingInfo{ScalingId::Standard, "standard", "Standardize (z-score)"},
    ScalingInfo{ScalingId::MinMax, "minmax", "Min-max to [0, 1]"},
    ScalingInfo{ScalingId::MinMaxSymmetric, "minmax_sym", "Min-max to [-1, 1]"},
};
}  // namespace

std::span<const ScalingInfo> scalings() {
  return kTable;
}
const ScalingInfo& scalingByName(std::string_view name) {
  return detail::findByName(scalings(), name, "scaling");
}

void Scaler::fit(const RowMatrix& x) {
  const auto cols = static_cast<std::size_t>(x.cols());
  offset.assign(cols, 0.0f);
  factor.assign(cols, 1.0f);
  if (id == ScalingId::None) return;
  for (std::size_t j = 0; j < cols; ++j) {
    double sum = 0.0, sq = 0.0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    long n = 0;
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      const double v = x(r, static_cast<Eigen::Index>(j));
      if (std::isnan(v)) continue;
      sum += v;
      sq += v * v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      ++n;
    }
    if (n == 0) continue;
    if (id == ScalingId::Standard) {
      const double mean = sum / n;
      const double sd = std::sqrt(std::max(0.0, sq / n - mean * mean));
      offset[j] = static_cast<float>(mean);
      factor[j] = sd > 1e-12 ? static_cast<float>(1.0 / sd) : 1.0f;
    } else {
      const double range = hi - lo;
      const bool sym = id == ScalingId::MinMaxSymmetric;
      offset[j] = static_cast<float>(sym ? 0.5 * (lo + hi) : lo);
      factor[j] = range > 1e-12 ? static_cast<float>((sym ? 2.0 : 1.0) / range) : 1.0f;
    }
  }
}

void Scaler::apply(RowMatrix& x) const {
  if (!fitted() || id == ScalingId::None) return;
  if (static_cast<std::size_t>(x.cols()) != offset.size()) {
    throw SpecError("scaling was fitted on " + std::to_string(offset.size()) +
                    " columns; this data has " + std::to_string(x.cols()));
  }
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      x(r, j) =
          (x(r, j) - offset[static_cast<std::size_t>(j)]) * factor[static_cast<std::size_t>(j)];
    }
  }
}

}  // namespace nnplay

namespace nnplay {

RowMatrix Scaler::inverse(const RowMatrix& scaled) const {
  if (!fitted() || id == ScalingId::None) return scaled;
  if (static_cast<std::size_t>(scaled.cols()) != offset.size()) {
    throw SpecError("scaling was fitted on " + std::to_string(offset.size()) +
                    " columns; this data has " + std::to_string(scaled.cols()));
  }
  RowMatrix x = scaled;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const auto c = static_cast<std::size_t>(j);
      x(r, j) = x(r, j) / factor[c] + offset[c];
    }
  }
  return x;
}

}  // namespace nnplay
