// libFuzzer target: any bytes through the CSV reader and the table-to-dataset
// conversion. Bad input must end in DataError, never a crash, a hang or a
// huge allocation (the limits are small here so the fuzzer reaches them).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/table_dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nnplay::CsvLimits limits;
  limits.maxBytes = 1 << 16;
  limits.maxRows = 2000;
  limits.maxColumns = 64;
  limits.maxCells = 20000;
  limits.maxFieldBytes = 4096;
  try {
    const nnplay::CsvTable t = nnplay::parseCsv(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv", limits);
    (void)nnplay::summarize(t);
    nnplay::TableOptions o;
    (void)nnplay::tableToDataset(t, o);
    o.target = t.header.front();
    o.missing = nnplay::MissingPolicy::Drop;
    (void)nnplay::tableToDataset(t, o);
  } catch (const nnplay::DataError&) {
  } catch (const nnplay::SpecError&) {
  }
  return 0;
}
