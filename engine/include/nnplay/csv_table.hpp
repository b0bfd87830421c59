#pragma once
// Reading CSV tables (RFC 4180, via Debian's libcsv): header row, comma,
// semicolon or tab detected from the header line, quoted fields, UTF-8 with or
// without a byte-order mark. Cells stay text here; table_dataset.hpp decides
// what they mean.
//
// Every error is a DataError whose message starts with "FILE:LINE:" (or
// "FILE:" for whole-file problems) and says what was expected. Limits are
// checked while reading, so a hostile file never causes a huge allocation.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nnplay {

// Bad data in a file: names the file, the line and the column where known.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CsvLimits {
  std::size_t maxBytes = std::size_t{256} << 20;
  int maxRows = 1'000'000;
  int maxColumns = 1'000;
  std::size_t maxCells = 20'000'000;
  std::size_t maxFieldBytes = 1 << 16;
};

struct CsvTable {
  std::string source;  // the file name used in messages
  char delimiter = ',';
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() cells
  std::vector<int> lines;                      // line of the file each row is on

  int columnIndex(std::string_view name) const;  // -1 when absent
};

// Requires nothing of `text`. Guarantees: a table with at least one data row
// and no ragged rows, or a DataError.
CsvTable parseCsv(std::string_view text, const std::string& source, const CsvLimits& limits = {});
CsvTable readCsvFile(const std::string& path, const CsvLimits& limits = {});

// The whole file as bytes, refusing files over maxBytes before reading them.
std::string readFileLimited(const std::string& path, std::size_t maxBytes);

}  // namespace nnplay
