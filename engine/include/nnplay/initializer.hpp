#pragma once
// Weight initializers as one table. Biases get a separate constant
// (NetworkSpec::biasInit). "playground" is TF Playground's choice: weights
// uniform in [-0.5, 0.5) and biases 0.1.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "nnplay/random.hpp"

namespace nnplay {

enum class InitId { Playground, Uniform, GlorotUniform, GlorotNormal, HeUniform, HeNormal, Zeros };

struct InitializerInfo {
  InitId id;
  std::string_view name;
  std::string_view label;
  // Fills a kernel of fanIn x fanOut values. scale is the "a" of uniform(±a)
  // and is ignored by the others.
  void (*fill)(float* w, std::size_t fanIn, std::size_t fanOut, float scale, Rng& rng);
  float defaultBias;  // the bias this initializer is usually paired with
};

std::span<const InitializerInfo> initializers();
const InitializerInfo& initializer(InitId id);
const InitializerInfo& initializerByName(std::string_view name);  // throws SpecError
std::string initializerNames();

}  // namespace nnplay
