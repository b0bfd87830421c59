#include "nnplay/loss.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

using std::size_t;
using CArr = Eigen::Map<const Eigen::ArrayXf>;
using Arr = Eigen::Map<Eigen::ArrayXf>;

constexpr float kHuberDelta = 1.0f;

// The regression losses share one shape: the per-element loss l(d) and its
// derivative l'(d) of d = a - t, averaged over all rows * cols elements. Plain
// loops: no temporaries on the training path.
template <typename Value, typename Deriv>
double elementwise(const float* a, const float* t, float* grad, size_t rows, size_t cols,
                   Value value, Deriv deriv) {
  const size_t n = rows * cols;
  const float scale = 1.0f / static_cast<float>(n);
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const float d = a[i] - t[i];
    sum += value(d);
    if (grad) grad[i] = deriv(d) * scale;
  }
  return sum / static_cast<double>(cols);  // summed per-sample loss
}

double mse(const float*, const float* a, const float* t, float* g, size_t r, size_t c, size_t) {
  return elementwise(
      a, t, g, r, c, [](float d) { return d * d; }, [](float d) { return 2.0f * d; });
}

double halfMse(const float*, const float* a, const float* t, float* g, size_t r, size_t c, size_t) {
  return elementwise(
      a, t, g, r, c, [](float d) { return 0.5f * d * d; }, [](float d) { return d; });
}

double mae(const float*, const float* a, const float* t, float* g, size_t r, size_t c, size_t) {
  return elementwise(
      a, t, g, r, c, [](float d) { return std::abs(d); },
      [](float d) { return static_cast<float>((d > 0.0f) - (d < 0.0f)); });
}

double huber(const float*, const float* a, const float* t, float* g, size_t r, size_t c, size_t) {
  return elementwise(
      a, t, g, r, c,
      [](float d) {
        const float ad = std::abs(d);
        return ad <= kHuberDelta ? 0.5f * d * d : kHuberDelta * (ad - 0.5f * kHuberDelta);
      },
      [](float d) { return std::clamp(d, -kHuberDelta, kHuberDelta); });
}

// Binary cross-entropy from logits: max(z,0) - z t + log1p(exp(-|z|)); the
// gradient with respect to z is sigmoid(z) - t = a - t.
double bce(const float* z, const float* a, const float* t, float* g, size_t r, size_t c, size_t) {
  const auto n = static_cast<Eigen::Index>(r * c);
  CArr Z(z, n), A(a, n), T(t, n);
  const Eigen::ArrayXf l = Z.max(0.0f) - Z * T + (-Z.abs()).exp().log1p();
  const double sum = l.cast<double>().sum() / static_cast<double>(c);
  if (g) Arr(g, n) = (A - T) * (1.0f / static_cast<float>(r * c));
  return sum;
}

// Softmax cross-entropy from logits with log-sum-exp; targets one-hot (or any
// distribution) with tcols == cols, or class indices with tcols == 1. The
// gradient with respect to the logits is (softmax - target) / rows.
double ce(const float* z, const float* a, const float* t, float* g, size_t r, size_t c, size_t tc) {
  double sum = 0.0;
  const float invRows = 1.0f / static_cast<float>(r);
  for (size_t i = 0; i < r; ++i) {
    const float* zi = z + i * c;
    float m = zi[0];
    for (size_t j = 1; j < c; ++j) m = std::max(m, zi[j]);
    double se = 0.0;
    for (size_t j = 0; j < c; ++j) se += std::exp(static_cast<double>(zi[j] - m));
    const double lse = static_cast<double>(m) + std::log(se);
    const float* ai = a + i * c;
    float* gi = g ? g + i * c : nullptr;
    if (tc == 1) {
      const auto k = static_cast<size_t>(t[i]);
      sum += lse - zi[k];
      if (gi) {
        for (size_t j = 0; j < c; ++j) gi[j] = (ai[j] - (j == k ? 1.0f : 0.0f)) * invRows;
      }
    } else {
      const float* ti = t + i * c;
      for (size_t j = 0; j < c; ++j) {
        sum += static_cast<double>(ti[j]) * (lse - zi[j]);
        if (gi) gi[j] = (ai[j] - ti[j]) * invRows;
      }
    }
  }
  return sum;
}

constexpr std::array kTable = {
    LossInfo{LossId::Mse, "mse", "Mean squared error", std::nullopt, false, mse},
    LossInfo{LossId::HalfMse, "half_mse", "½ squared error (TF Playground)", std::nullopt, false,
             halfMse},
    LossInfo{LossId::Mae, "mae", "Mean absolute error", std::nullopt, false, mae},
    LossInfo{LossId::Huber, "huber", "Huber (δ = 1)", std::nullopt, false, huber},
    LossInfo{LossId::Bce, "bce", "Binary cross-entropy (sigmoid)", ActivationId::Sigmoid, false,
             bce},
    LossInfo{LossId::Ce, "ce", "Cross-entropy (softmax)", ActivationId::Softmax, true, ce},
};

}  // namespace

std::span<const LossInfo> losses() {
  return kTable;
}

const LossInfo& loss(LossId id) {
  return kTable[static_cast<std::size_t>(id)];
}

const LossInfo& lossByName(std::string_view name) {
  if (name == "cross_entropy") return loss(LossId::Ce);
  if (name == "categorical_crossentropy") return loss(LossId::Ce);
  if (name == "binary_crossentropy") return loss(LossId::Bce);
  if (name == "squared") return loss(LossId::HalfMse);
  return detail::findByName(losses(), name, "loss");
}

std::string lossNames() {
  return detail::joinNames(losses());
}

}  // namespace nnplay
