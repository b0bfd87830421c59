#pragma once
// `nnplay-cli bench playground|mlp`: fixed workloads whose figures are quoted
// in issues and release notes. Each runs `repeat` times and reports the median.
#include <iosfwd>
#include <string>

namespace nnplay::cli {

struct BenchOptions {
  int repeat = 5;
  bool json = false;
  unsigned long long seed = 1;
  int epochs = 2000;    // playground only
  int batch = 128;      // mlp only
  std::string augment;  // mlp only: also time epochs with this augmentation (parseAugment)
  std::string device = "cpu";
};

int runBenchPlayground(const BenchOptions& o, std::ostream& out);
// mlp with an augmentation: a second, augmented trainer on the same data,
// its epochs interleaved with the plain ones; both medians and their ratio.
int runBenchMlp(const BenchOptions& o, std::ostream& out);
// The training session on the playground task: throughput with publishing
// off, with 60 snapshots a second, and with a reader polling them at 60 Hz.
int runBenchSession(const BenchOptions& o, double seconds, std::ostream& out);

}  // namespace nnplay::cli
