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
  int epochs = 2000;  // playground only
  int batch = 128;    // mlp only
  std::string device = "cpu";
};

int runBenchPlayground(const BenchOptions& o, std::ostream& out);
int runBenchMlp(const BenchOptions& o, std::ostream& out);
// The training session on the playground task: throughput with publishing
// off, with 60 snapshots a second, and with a reader polling them at 60 Hz.
int runBenchSession(const BenchOptions& o, double seconds, std::ostream& out);

}  // namespace nnplay::cli
