#include "nnplay/random.hpp"

#include <cmath>
#include <numbers>

namespace nnplay {

namespace {
__extension__ typedef unsigned __int128 u128;
constexpr uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (auto& s : s_) {
    x += 0x9E3779B97F4A7C15ull;
    s = mix64(x);
  }
}

Rng::State Rng::state() const {
  State st;
  for (int i = 0; i < 4; ++i) st.s[i] = s_[i];
  st.haveSpare = haveSpare_;
  st.spare = spare_;
  st.haveHalf = haveHalf_;
  st.half = half_;
  return st;
}

void Rng::setState(const State& st) {
  for (int i = 0; i < 4; ++i) s_[i] = st.s[i];
  haveSpare_ = st.haveSpare;
  spare_ = st.spare;
  haveHalf_ = st.haveHalf;
  half_ = st.half;
}

uint64_t Rng::next() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

uint64_t Rng::next32() {
  // Both halves of a 64-bit output, high half first.
  if (haveHalf_) {
    haveHalf_ = false;
    return half_;
  }
  const uint64_t x = next();
  half_ = x & 0xFFFFFFFFull;
  haveHalf_ = true;
  return x >> 32;
}

double Rng::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) {
  return lo + (hi - lo) * uniform();
}

double Rng::normal(double mean, double stddev) {
  if (haveSpare_) {
    haveSpare_ = false;
    return mean + stddev * spare_;
  }
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 2.0 * std::numbers::pi * u2;
  spare_ = r * std::sin(theta);
  haveSpare_ = true;
  return mean + stddev * r * std::cos(theta);
}

uint64_t Rng::below(uint64_t n) {
  // Lemire's nearly divisionless method with rejection: unbiased. Shuffles
  // call this per sample per epoch, so the common 32-bit case is kept short.
  if (n <= 0xFFFFFFFFull) {
    uint64_t m = next32() * n;
    auto low = static_cast<uint32_t>(m);
    if (low < n) {
      const auto threshold =
          static_cast<uint32_t>(-static_cast<uint32_t>(n) % static_cast<uint32_t>(n));
      while (low < threshold) {
        m = next32() * n;
        low = static_cast<uint32_t>(m);
      }
    }
    return m >> 32;
  }
  u128 m = static_cast<u128>(next()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<u128>(next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

}  // namespace nnplay
