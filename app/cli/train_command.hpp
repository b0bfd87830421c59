#pragma once
// `nnplay-cli train`: trains one experiment, printing a line per reported
// epoch and, with --json, one JSON object as the last line.
#include <iosfwd>

#include "cli_options.hpp"

namespace nnplay::cli {

// Returns the process exit code: 0, or 1 when training diverged.
int runTrain(const TrainOptions& options, std::ostream& out, std::ostream& err);

}  // namespace nnplay::cli
