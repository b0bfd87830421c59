// libFuzzer target: any bytes through the project-file loader. Bad files must
// end in DataError, never a crash, a hang or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nnplay/csv_table.hpp"
#include "nnplay/project_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)nnplay::projectFromJson(std::string_view(reinterpret_cast<const char*>(data), size),
                                  "fuzz.nnplay.json");
  } catch (const nnplay::DataError&) {
  }
  return 0;
}
