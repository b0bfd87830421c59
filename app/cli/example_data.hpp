#pragma once
// Where nnplay-cli finds the example data sets that nnplay ships
// (resources/datasets in the source tree): installed beside the program in
// ../share/nnplay/datasets, else in the source tree it was built from
// (NNPLAY_RESOURCES_DIR, set by CMake). The window looks in the same two places.
#include <string>

namespace nnplay::cli {

std::string datasetsDir();

// The 1,797 8x8 handwritten digits as an MNIST-format folder (make_digits.py).
std::string digitsDir();

}  // namespace nnplay::cli
