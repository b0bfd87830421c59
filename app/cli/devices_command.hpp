#pragma once
// `nnplay-cli devices`: every backend and device, with its details and advice.
#include <iosfwd>

namespace nnplay::cli {

int runDevices(std::ostream& out);

}  // namespace nnplay::cli
