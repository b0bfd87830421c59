#pragma once
// TF Playground's 2-D datasets with its geometry (dataset.ts), as pure
// functions of (samples, noise, seed). Labels: class 1 is TF Playground's +1,
// class 0 its -1. The points come out shuffled, as the playground shuffles
// them before it splits train from test.
//   circle  positives r in [0, 2.5), negatives r in [3.5, 5); label from the
//           noisy point inside radius 2.5
//   xor     x, y uniform in [-5, 5] pushed 0.3 away from the axes; label from
//           the sign of x*y of the noisy point
//   gauss   two Gaussians at (2, 2) and (-2, -2), variance 0.5 + 7 * noise
//   spiral  two arms r = 5 i/n, t = 3.5 pi i/n (+ pi), uniform noise
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "nnplay/dataset.hpp"

namespace nnplay {

struct GeneratorParams {
  int samples = 500;
  double noise = 0.0;  // 0 .. 0.5, TF Playground's "noise" / 100
  std::uint64_t seed = 1;
};

struct GeneratorInfo {
  std::string_view name;
  std::string_view label;
  Task task;
  int classes;
  Dataset (*generate)(const GeneratorParams& p);
};

std::span<const GeneratorInfo> generators();
const GeneratorInfo& generatorByName(std::string_view name);  // throws SpecError
std::string generatorNames();

}  // namespace nnplay
