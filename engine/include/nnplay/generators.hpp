#pragma once
// Generated datasets, as pure functions of (samples, noise, seed, classes).
//
// TF Playground's six keep its geometry (dataset.ts). Labels: class 1 is TF
// Playground's +1, class 0 its -1. The points come out shuffled, as the
// playground shuffles them before it splits train from test.
//   circle  positives r in [0, 2.5), negatives r in [3.5, 5); label from the
//           noisy point inside radius 2.5
//   xor     x, y uniform in [-5, 5] pushed 0.3 away from the axes; label from
//           the sign of x*y of the noisy point
//   gauss   two Gaussians at (2, 2) and (-2, -2), spread 0.5 + 7 * noise
//   spiral  two arms r = 5 i/n, t = 3.5 pi i/n (+ pi), uniform noise
//   plane   regression: (x + y) / 10 of the noisy point, x, y in [-6, 6]
//   multi_gauss  regression: six signed bumps (TF Playground's "multi-gaussian")
// Beyond TF Playground:
//   spiral_k   k arms (3..6 classes)         blobs      k Gaussian blobs on a circle
//   checkerboard  2 classes, 3 x 3 cells      moons      two interleaved half circles
//   sine, step, polynomial  1-D regression curves on x in [-6, 6]
// Truth tables for the perceptron lesson (COURSE.md c02):
//   and, or, nand, xor_gate  the corners (0,0), (0,1), (1,0), (1,1) labelled
//           with the gate's output (class 1 = output 1). Points come in blocks
//           of four, each block the whole table in a seeded order, so 4
//           samples are exactly the table and any prefix of at least four
//           points (the training share) holds every row; more samples repeat
//           the corners. Noise adds Gaussian jitter of standard deviation
//           `noise` (0.1 at 10 %) to each coordinate; the label stays the
//           corner's. Default 40 points (ten copies of the table) so a 50 %
//           split trains on 20 and tests on 20, every corner in both. The
//           points stay at 0 and 1 as the course writes them, inside
//           domain 1.5, where the plots show the boundary around them.
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
  int classes = 0;  // for the k-class generators; 0 = their default

  bool operator==(const GeneratorParams&) const = default;
};

// What the GUI shows on a dataset tile and the CLI in `data`: one row per
// generator, enumerated, never switched on.
struct GeneratorInfo {
  std::string_view name;
  std::string_view label;
  Task task;
  int defaultClasses;  // 0 for regression
  int minClasses;      // equal to maxClasses when the count is fixed
  int maxClasses;
  int inputs;          // 1 or 2
  double domain;       // every input lies roughly in [-domain, domain]
  int defaultSamples;  // TF Playground: 500 to classify, 1200 to regress
  Dataset (*generate)(const GeneratorParams& p);
};

std::span<const GeneratorInfo> generators();
const GeneratorInfo& generatorByName(std::string_view name);  // throws SpecError
std::string generatorNames();

}  // namespace nnplay
