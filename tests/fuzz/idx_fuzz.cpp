// libFuzzer target: any bytes through the IDX parser and the gzip inflater.
// Bad input must end in DataError, never a crash or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <span>

#include "nnplay/idx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kLimit = 1 << 20;
  const std::span<const std::uint8_t> bytes(data, size);
  try {
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
      const auto inflated = nnplay::gunzip(bytes, "fuzz.gz", kLimit);
      (void)nnplay::parseIdx(inflated, "fuzz.gz", kLimit);
    } else {
      (void)nnplay::parseIdx(bytes, "fuzz.idx", kLimit);
    }
  } catch (const nnplay::DataError&) {
  }
  return 0;
}
