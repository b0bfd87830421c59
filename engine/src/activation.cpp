#include "nnplay/activation.hpp"

#include <Eigen/Core>
#include <array>
#include <cmath>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

using Arr = Eigen::Map<Eigen::ArrayXf>;
using CArr = Eigen::Map<const Eigen::ArrayXf>;
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kLeakySlope = 0.01f;  // PyTorch's default negative slope

// Applies f to n floats eight at a time; the tail goes through a padded
// packet too, because Eigen's scalar fallbacks of tanh and friends cost as
// much as a whole packet each (a 10-sample batch would pay that twice).
using Packet = Eigen::Array<float, 8, 1>;
template <typename F>
void packetwise(const float* z, float* a, std::size_t n, F f) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) Eigen::Map<Packet>(a + i) = f(Eigen::Map<const Packet>(z + i));
  if (i < n) {
    Packet in = Packet::Zero();
    std::copy(z + i, z + n, in.data());
    const Packet out = f(in);
    std::copy(out.data(), out.data() + (n - i), a + i);
  }
}

// The backward twin: dz = g(z, a, da), eight at a time.
template <typename G>
void packetwise(const float* z, const float* a, const float* da, float* dz, std::size_t n, G g) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    Eigen::Map<Packet>(dz + i) = g(Eigen::Map<const Packet>(z + i), Eigen::Map<const Packet>(a + i),
                                   Eigen::Map<const Packet>(da + i));
  }
  if (i < n) {
    Packet zi = Packet::Zero(), ai = Packet::Zero(), di = Packet::Zero();
    std::copy(z + i, z + n, zi.data());
    std::copy(a + i, a + n, ai.data());
    std::copy(da + i, da + n, di.data());
    const Packet out = g(zi, ai, di);
    std::copy(out.data(), out.data() + (n - i), dz + i);
  }
}

#define NNPLAY_MAPS                        \
  CArr Z(z, static_cast<Eigen::Index>(n)); \
  Arr A(a, static_cast<Eigen::Index>(n));
#define NNPLAY_BMAPS                        \
  CArr Z(z, static_cast<Eigen::Index>(n));  \
  CArr A(a, static_cast<Eigen::Index>(n));  \
  CArr D(da, static_cast<Eigen::Index>(n)); \
  Arr G(dz, static_cast<Eigen::Index>(n));

// Each pair below is f(z) and f'(z) * da. Unused arguments stay unnamed.
void linearF(const float* z, float* a, std::size_t n, std::size_t) {
  NNPLAY_MAPS A = Z;
}
void linearB(const float*, const float*, const float* da, float* dz, std::size_t n, std::size_t) {
  std::copy(da, da + n, dz);
}

void sigmoidF(const float* z, float* a, std::size_t n, std::size_t) {
  packetwise(z, a, n, [](const Packet& x) -> Packet { return x.logistic(); });
}
void sigmoidB(const float* z, const float* a, const float* da, float* dz, std::size_t n,
              std::size_t) {
  packetwise(z, a, da, dz, n, [](const Packet&, const Packet& y, const Packet& d) -> Packet {
    return d * y * (1.0f - y);
  });
}

void tanhF(const float* z, float* a, std::size_t n, std::size_t) {
  packetwise(z, a, n, [](const Packet& x) -> Packet { return x.tanh(); });
}
void tanhB(const float* z, const float* a, const float* da, float* dz, std::size_t n, std::size_t) {
  packetwise(z, a, da, dz, n, [](const Packet&, const Packet& y, const Packet& d) -> Packet {
    return d * (1.0f - y.square());
  });
}

void reluF(const float* z, float* a, std::size_t n, std::size_t) {
  packetwise(z, a, n, [](const Packet& x) -> Packet { return x.max(0.0f); });
}
void reluB(const float* z, const float* a, const float* da, float* dz, std::size_t n, std::size_t) {
  packetwise(z, a, da, dz, n, [](const Packet& x, const Packet&, const Packet& d) -> Packet {
    return (x > 0.0f).select(d, Packet::Zero());
  });
}

void leakyF(const float* z, float* a, std::size_t n, std::size_t) {
  NNPLAY_MAPS A = (Z > 0.0f).select(Z, kLeakySlope * Z);
}
void leakyB(const float* z, const float* a, const float* da, float* dz, std::size_t n,
            std::size_t) {
  NNPLAY_BMAPS(void) A;
  G = (Z > 0.0f).select(D, kLeakySlope * D);
}

void eluF(const float* z, float* a, std::size_t n, std::size_t) {
  NNPLAY_MAPS A = (Z > 0.0f).select(Z, Z.exp() - 1.0f);
}
void eluB(const float* z, const float* a, const float* da, float* dz, std::size_t n, std::size_t) {
  NNPLAY_BMAPS G = (Z > 0.0f).select(D, D * (A + 1.0f));
}

// GELU in its exact form 0.5 z (1 + erf(z / sqrt 2)), PyTorch's default.
void geluF(const float* z, float* a, std::size_t n, std::size_t) {
  for (std::size_t i = 0; i < n; ++i) a[i] = 0.5f * z[i] * (1.0f + std::erf(z[i] * 0.70710678f));
}
void geluB(const float* z, const float*, const float* da, float* dz, std::size_t n, std::size_t) {
  constexpr float kInvSqrt2Pi = 0.3989422804f;
  for (std::size_t i = 0; i < n; ++i) {
    const float cdf = 0.5f * (1.0f + std::erf(z[i] * 0.70710678f));
    const float pdf = kInvSqrt2Pi * std::exp(-0.5f * z[i] * z[i]);
    dz[i] = da[i] * (cdf + z[i] * pdf);
  }
}

void swishF(const float* z, float* a, std::size_t n, std::size_t) {
  packetwise(z, a, n, [](const Packet& x) -> Packet { return x * x.logistic(); });
}
void swishB(const float* z, const float* a, const float* da, float* dz, std::size_t n,
            std::size_t) {
  NNPLAY_BMAPS const Eigen::ArrayXf s = Z.logistic();
  G = D * (s + A * (1.0f - s));
}

// softplus = max(z, 0) + log1p(exp(-|z|)): no overflow for large |z|.
void softplusF(const float* z, float* a, std::size_t n, std::size_t) {
  NNPLAY_MAPS A = Z.max(0.0f) + (-Z.abs()).exp().log1p();
}
void softplusB(const float* z, const float* a, const float* da, float* dz, std::size_t n,
               std::size_t) {
  NNPLAY_BMAPS(void) A;
  G = D * Z.logistic();
}

void stepF(const float* z, float* a, std::size_t n, std::size_t) {
  NNPLAY_MAPS A = (Z >= 0.0f).select(Eigen::ArrayXf::Ones(Z.size()), 0.0f);
}
// Straight-through estimator: f' taken as 1 (see the header).
void stepB(const float*, const float*, const float* da, float* dz, std::size_t n, std::size_t) {
  std::copy(da, da + n, dz);
}

using RowArr = Eigen::Map<Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
using CRowArr =
    Eigen::Map<const Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

void softmaxF(const float* z, float* a, std::size_t n, std::size_t cols) {
  const auto rows = static_cast<Eigen::Index>(n / cols);
  const auto c = static_cast<Eigen::Index>(cols);
  CRowArr Z(z, rows, c);
  RowArr A(a, rows, c);
  A = (Z.colwise() - Z.rowwise().maxCoeff()).exp();
  A.colwise() /= A.rowwise().sum();
}
// dz = a * (da - sum(da * a)) row by row: the Jacobian-vector product.
void softmaxB(const float*, const float* a, const float* da, float* dz, std::size_t n,
              std::size_t cols) {
  const auto rows = static_cast<Eigen::Index>(n / cols);
  const auto c = static_cast<Eigen::Index>(cols);
  CRowArr A(a, rows, c), D(da, rows, c);
  RowArr G(dz, rows, c);
  G = A * (D.colwise() - (D * A).rowwise().sum());
}

#undef NNPLAY_MAPS
#undef NNPLAY_BMAPS

constexpr std::array kTable = {
    ActivationInfo{ActivationId::Linear, "linear", "Linear", -kInf, kInf, false, false, linearF,
                   linearB},
    ActivationInfo{ActivationId::Sigmoid, "sigmoid", "Sigmoid", 0.0f, 1.0f, false, false, sigmoidF,
                   sigmoidB},
    ActivationInfo{ActivationId::Tanh, "tanh", "Tanh", -1.0f, 1.0f, false, false, tanhF, tanhB},
    ActivationInfo{ActivationId::Relu, "relu", "ReLU", 0.0f, kInf, false, false, reluF, reluB},
    ActivationInfo{ActivationId::LeakyRelu, "leaky_relu", "Leaky ReLU (0.01)", -kInf, kInf, false,
                   false, leakyF, leakyB},
    ActivationInfo{ActivationId::Elu, "elu", "ELU", -1.0f, kInf, false, false, eluF, eluB},
    ActivationInfo{ActivationId::Gelu, "gelu", "GELU", -0.17f, kInf, false, false, geluF, geluB},
    ActivationInfo{ActivationId::Swish, "swish", "Swish / SiLU", -0.28f, kInf, false, false, swishF,
                   swishB},
    ActivationInfo{ActivationId::Softplus, "softplus", "Softplus", 0.0f, kInf, false, false,
                   softplusF, softplusB},
    ActivationInfo{ActivationId::BinaryStep, "binary_step", "Binary step", 0.0f, 1.0f, false, true,
                   stepF, stepB},
    ActivationInfo{ActivationId::Softmax, "softmax", "Softmax (output only)", 0.0f, 1.0f, true,
                   false, softmaxF, softmaxB},
};

}  // namespace

std::span<const ActivationInfo> activations() {
  return kTable;
}

const ActivationInfo& activation(ActivationId id) {
  return kTable[static_cast<std::size_t>(id)];
}

const ActivationInfo& activationByName(std::string_view name) {
  if (name == "silu") return activation(ActivationId::Swish);
  if (name == "step") return activation(ActivationId::BinaryStep);
  return detail::findByName(activations(), name, "activation");
}

std::string activationNames() {
  return detail::joinNames(activations());
}

}  // namespace nnplay
