#include "nnplay/csv_table.hpp"

#include <csv.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>

namespace nnplay {

namespace {

struct ParseState {
  const CsvTable* table = nullptr;
  const CsvLimits* limits = nullptr;
  std::vector<std::vector<std::string>>* rows = nullptr;
  std::vector<int>* lines = nullptr;
  std::vector<std::string> record;
  int line = 1;        // physical line being fed
  int recordLine = 1;  // line of the current record's first field
  std::size_t cells = 0;
  std::string error;  // first problem found; stops the parse
};

void onField(void* field, std::size_t len, void* data) {
  auto* st = static_cast<ParseState*>(data);
  if (!st->error.empty()) return;
  if (st->record.empty()) st->recordLine = st->line;
  if (len > st->limits->maxFieldBytes) {
    st->error = std::to_string(st->line) + ": a field is longer than " +
                std::to_string(st->limits->maxFieldBytes) + " bytes";
    return;
  }
  if (static_cast<int>(st->record.size()) >= st->limits->maxColumns) {
    st->error = std::to_string(st->line) + ": more than " + std::to_string(st->limits->maxColumns) +
                " columns";
    return;
  }
  st->record.emplace_back(static_cast<const char*>(field), len);
}

void onRecord(int, void* data) {
  auto* st = static_cast<ParseState*>(data);
  if (!st->error.empty()) {
    st->record.clear();
    return;
  }
  if (st->record.empty()) return;
  if (static_cast<int>(st->rows->size()) > st->limits->maxRows) {
    st->error = std::to_string(st->recordLine) + ": more than " +
                std::to_string(st->limits->maxRows) + " data rows";
    return;
  }
  st->cells += st->record.size();
  if (st->cells > st->limits->maxCells) {
    st->error = std::to_string(st->recordLine) + ": more than " +
                std::to_string(st->limits->maxCells) + " cells";
    return;
  }
  st->rows->push_back(std::move(st->record));
  st->lines->push_back(st->recordLine);
  st->record.clear();
}

// The delimiter that occurs most often in the header line outside quotes.
char detectDelimiter(std::string_view text) {
  std::array<int, 3> counts{};
  constexpr std::array<char, 3> candidates{',', ';', '\t'};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) break;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!quoted && c == candidates[i]) ++counts[i];
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return candidates[best];
}

int isSpace(unsigned char c) {
  return c == ' ' ? CSV_SPACE : 0;
}

}  // namespace

int CsvTable::columnIndex(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

CsvTable parseCsv(std::string_view text, const std::string& source, const CsvLimits& limits) {
  CsvTable t;
  t.source = source;
  if (text.size() > limits.maxBytes) {
    throw DataError(source + ": file is larger than " + std::to_string(limits.maxBytes >> 20) +
                    " MiB");
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte-order mark
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw DataError(source + ": file is empty; expected a header row and data rows");
  }
  if (text.find('\0') != std::string_view::npos) {
    throw DataError(source + ": contains NUL bytes; expected a text (CSV) file");
  }
  t.delimiter = detectDelimiter(text);

  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    throw DataError(source + ": cannot initialise the CSV parser");
  }
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&parser, csv_free);
  csv_set_delim(&parser, static_cast<unsigned char>(t.delimiter));
  csv_set_space_func(&parser, isSpace);

  std::vector<std::vector<std::string>> all;
  std::vector<int> lines;
  ParseState st;
  st.table = &t;
  st.limits = &limits;
  st.rows = &all;
  st.lines = &lines;
  // Fed one physical line at a time so that errors can name the line.
  std::size_t pos = 0;
  while (pos < text.size() && st.error.empty()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::size_t n = end - pos;
    if (csv_parse(&parser, text.data() + pos, n, onField, onRecord, &st) != n) {
      throw DataError(source + ":" + std::to_string(st.line) + ": " +
                      csv_strerror(csv_error(&parser)) + " (check the quotes on this line)");
    }
    pos = end;
    ++st.line;
  }
  if (st.error.empty() && csv_fini(&parser, onField, onRecord, &st) != 0) {
    throw DataError(source + ":" + std::to_string(st.recordLine) +
                    ": a quoted field is never closed; expected a closing \"");
  }
  if (!st.error.empty()) throw DataError(source + ":" + st.error);
  if (all.empty()) throw DataError(source + ": file is empty; expected a header row");

  t.header = std::move(all.front());
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (t.header[c].empty()) t.header[c] = "column " + std::to_string(c + 1);
    for (std::size_t d = 0; d < c; ++d) {
      if (t.header[d] == t.header[c]) {
        throw DataError(source + ":" + std::to_string(lines.front()) + ": column name '" +
                        t.header[c] + "' appears twice in the header");
      }
    }
  }
  if (all.size() < 2) {
    throw DataError(source + ": has a header but no data rows");
  }
  for (std::size_t r = 1; r < all.size(); ++r) {
    if (all[r].size() != t.header.size()) {
      throw DataError(source + ":" + std::to_string(lines[r]) + ": row has " +
                      std::to_string(all[r].size()) + " fields; the header has " +
                      std::to_string(t.header.size()));
    }
  }
  t.rows.assign(std::make_move_iterator(all.begin() + 1), std::make_move_iterator(all.end()));
  t.lines.assign(lines.begin() + 1, lines.end());
  return t;
}

std::string readFileLimited(const std::string& path, std::size_t maxBytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw DataError(path + ": cannot read (" + ec.message() + ")");
  if (size > maxBytes) {
    throw DataError(path + ": file is " + std::to_string(size >> 20) + " MiB; the limit is " +
                    std::to_string(maxBytes >> 20) + " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open for reading");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) throw DataError(path + ": read failed");
  return bytes;
}

CsvTable readCsvFile(const std::string& path, const CsvLimits& limits) {
  return parseCsv(readFileLimited(path, limits.maxBytes), path, limits);
}

}  // namespace nnplay
