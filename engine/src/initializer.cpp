#include "nnplay/initializer.hpp"

#include <array>
#include <cmath>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

using std::size_t;

void uniformFill(float* w, size_t n, double a, Rng& rng) {
  for (size_t i = 0; i < n; ++i) w[i] = static_cast<float>(rng.uniform(-a, a));
}
void normalFill(float* w, size_t n, double stddev, Rng& rng) {
  for (size_t i = 0; i < n; ++i) w[i] = static_cast<float>(rng.normal(0.0, stddev));
}

void playground(float* w, size_t in, size_t out, float, Rng& rng) {
  uniformFill(w, in * out, 0.5, rng);
}
void uniform(float* w, size_t in, size_t out, float scale, Rng& rng) {
  uniformFill(w, in * out, scale, rng);
}
void glorotUniform(float* w, size_t in, size_t out, float, Rng& rng) {
  uniformFill(w, in * out, std::sqrt(6.0 / static_cast<double>(in + out)), rng);
}
// Plain (not truncated) normal; Keras truncates at two standard deviations.
void glorotNormal(float* w, size_t in, size_t out, float, Rng& rng) {
  normalFill(w, in * out, std::sqrt(2.0 / static_cast<double>(in + out)), rng);
}
void heUniform(float* w, size_t in, size_t out, float, Rng& rng) {
  uniformFill(w, in * out, std::sqrt(6.0 / static_cast<double>(in)), rng);
}
void heNormal(float* w, size_t in, size_t out, float, Rng& rng) {
  normalFill(w, in * out, std::sqrt(2.0 / static_cast<double>(in)), rng);
}
void zeros(float* w, size_t in, size_t out, float, Rng&) {
  std::fill(w, w + in * out, 0.0f);
}

constexpr std::array kTable = {
    InitializerInfo{InitId::Playground, "playground", "TF Playground (±0.5, bias 0.1)", playground,
                    0.1f},
    InitializerInfo{InitId::Uniform, "uniform", "Uniform ±a", uniform, 0.0f},
    InitializerInfo{InitId::GlorotUniform, "glorot_uniform", "Glorot/Xavier uniform", glorotUniform,
                    0.0f},
    InitializerInfo{InitId::GlorotNormal, "glorot_normal", "Glorot/Xavier normal", glorotNormal,
                    0.0f},
    InitializerInfo{InitId::HeUniform, "he_uniform", "He uniform", heUniform, 0.0f},
    InitializerInfo{InitId::HeNormal, "he_normal", "He normal", heNormal, 0.0f},
    InitializerInfo{InitId::Zeros, "zeros", "Zeros", zeros, 0.0f},
};

}  // namespace

std::span<const InitializerInfo> initializers() {
  return kTable;
}

const InitializerInfo& initializer(InitId id) {
  return kTable[static_cast<std::size_t>(id)];
}

const InitializerInfo& initializerByName(std::string_view name) {
  if (name == "xavier_uniform") return initializer(InitId::GlorotUniform);
  if (name == "xavier") return initializer(InitId::GlorotUniform);
  if (name == "xavier_normal") return initializer(InitId::GlorotNormal);
  return detail::findByName(initializers(), name, "initializer");
}

std::string initializerNames() {
  return detail::joinNames(initializers());
}

}  // namespace nnplay
