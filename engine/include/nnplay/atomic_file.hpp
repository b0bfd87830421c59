#pragma once
// Writes a file so that readers see the old contents or the new, never a
// half-written file: write a temporary file in the same folder, flush it to
// disk, then rename it over the target. Throws DataError naming the path.
#include <string>
#include <string_view>

namespace nnplay {

void writeFileAtomically(const std::string& path, std::string_view contents);

}  // namespace nnplay
