#pragma once
// Seeded random numbers that are the same on every platform and standard
// library: xoshiro256** for streams, and a stateless counter hash for values
// that must be reproducible from coordinates alone (dropout masks), so that a
// GPU kernel can draw the very same mask as the CPU.
#include <cstdint>

namespace nnplay {

// splitmix64 finalizer: a good 64-bit mix of one word.
constexpr uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Uniform in [0, 1) from (seed, a, b): depends only on its arguments.
inline float counterUniform(uint64_t seed, uint64_t a, uint64_t b) {
  const uint64_t h = mix64(seed ^ mix64(a ^ mix64(b)));
  return static_cast<float>(h >> 40) * (1.0f / 16777216.0f);
}

// Named sub-streams of one run seed, so that e.g. changing the batch size does
// not change the initial weights.
enum class Stream : uint64_t {
  Data = 1,
  Init = 2,
  Shuffle = 3,
  Dropout = 4,
  Split = 5,
  Augment = 6,  // augmentation of training batches, one generator per step
};
constexpr uint64_t streamSeed(uint64_t seed, Stream s) {
  return mix64(seed * 0x100000001B3ull + static_cast<uint64_t>(s));
}

// Requires: nothing. Guarantees: the same seed gives the same sequence on any
// platform (no std:: distributions, whose output is implementation-defined).
class Rng {
 public:
  // Everything that determines the rest of the sequence (saved with a
  // project so that a resumed run continues exactly).
  struct State {
    uint64_t s[4] = {0, 0, 0, 0};
    bool haveSpare = false;
    double spare = 0.0;
    bool haveHalf = false;
    uint64_t half = 0;
  };

  explicit Rng(uint64_t seed = 0);
  State state() const;
  void setState(const State& st);
  uint64_t next();
  double uniform();                                       // [0, 1)
  double uniform(double lo, double hi);                   // [lo, hi)
  double normal(double mean = 0.0, double stddev = 1.0);  // Box-Muller
  uint64_t below(uint64_t n);                             // [0, n), n > 0, unbiased

 private:
  uint64_t next32();  // 32 random bits

  uint64_t s_[4];
  bool haveHalf_ = false;
  uint64_t half_ = 0;
  bool haveSpare_ = false;
  double spare_ = 0.0;
};

}  // namespace nnplay
