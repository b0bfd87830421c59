// libFuzzer target: any bytes through the lesson-file reader. Bad files must
// end in DataError, never a crash, a hang or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nnplay/csv_table.hpp"
#include "nnplay/lesson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)nnplay::lessonFromJson(std::string_view(reinterpret_cast<const char*>(data), size),
                                 "fuzz.json");
  } catch (const nnplay::DataError&) {
  }
  return 0;
}
