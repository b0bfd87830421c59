#include "nnplay/data_csv.hpp"

#include <algorithm>
#include <charconv>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {

// %.9g without the C locale's say: std::to_chars never writes a decimal comma.
void appendNumber(std::string& out, float v) {
  char buf[32];
  const auto r =
      std::to_chars(buf, buf + sizeof buf, static_cast<double>(v), std::chars_format::general, 9);
  out.append(buf, r.ptr);
}

// The header name of a label column: classes or values.
const char* labelColumn(Task task) {
  return task == Task::Classification ? "label" : "y";
}

std::vector<std::string> numberedColumns(Eigen::Index count) {
  std::vector<std::string> v;
  for (Eigen::Index c = 0; c < count; ++c) {
    std::string name = "x";  // not "x" + to_string: GCC 12 warns falsely (-Wrestrict)
    name += std::to_string(c + 1);
    v.push_back(name);
  }
  return v;
}

}  // namespace

std::string csvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string q = "\"";
  for (char ch : text) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + '"';
}

DataCsv::DataCsv(const std::vector<std::string>& columns, bool splitColumn)
    : columns_(columns.size()), splitColumn_(splitColumn) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text_ += ',';
    text_ += csvField(columns[i]);
  }
  if (splitColumn_) text_ += columns.empty() ? "split" : ",split";
  text_ += '\n';
}

void DataCsv::add(const RowMatrix& x, const RowMatrix& y, std::string_view split) {
  const bool fits = static_cast<std::size_t>(x.cols() + y.cols()) == columns_;
  if (x.rows() != y.rows() || (x.rows() > 0 && !fits)) {  // an empty split may be unshaped
    throw SpecError("CSV rows of " + std::to_string(x.cols()) + " + " + std::to_string(y.cols()) +
                    " columns (" + std::to_string(x.rows()) + " and " + std::to_string(y.rows()) +
                    " rows) do not fit a header of " + std::to_string(columns_) + " columns");
  }
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    bool first = true;
    for (const RowMatrix* m : {&x, &y}) {
      for (Eigen::Index c = 0; c < m->cols(); ++c) {
        if (!first) text_ += ',';
        first = false;
        appendNumber(text_, (*m)(r, c));
      }
    }
    if (splitColumn_) {
      if (!first) text_ += ',';
      text_ += split;
    }
    text_ += '\n';
  }
}

void DataCsv::add(const Dataset& d, std::string_view split) {
  if (!d.hasPixels()) {
    add(d.x, d.y, split);
    return;
  }
  // Images as floats a chunk at a time, never all at once.
  constexpr int kChunk = 1024;
  for (int begin = 0; begin < d.rows(); begin += kChunk) {
    const int n = std::min(kChunk, d.rows() - begin);
    add(d.inputs(begin, n), d.y.middleRows(begin, n), split);
  }
}

std::string datasetCsv(const Dataset& d) {
  std::vector<std::string> columns = d.featureNames;
  columns.emplace_back(labelColumn(d.task));
  DataCsv csv(columns, false);
  csv.add(d);
  return csv.text();
}

std::string pointsCsv(const RowMatrix& train, const RowMatrix& trainLabels, const RowMatrix& test,
                      const RowMatrix& testLabels, Task task) {
  std::vector<std::string> columns = numberedColumns(train.cols());
  columns.emplace_back(labelColumn(task));
  DataCsv csv(columns, true);
  csv.add(train, trainLabels, "train");
  csv.add(test, testLabels, "test");
  return csv.text();
}

std::string preparedDataCsv(const PreparedData& d) {
  std::vector<std::string> columns = d.train.featureNames;
  if (columns.empty()) columns = numberedColumns(d.train.features());
  const std::string target = d.train.targetName.empty() ? "target" : d.train.targetName;
  for (int c = 0; c < d.train.targetColumns(); ++c) {
    columns.push_back(target + (c ? std::to_string(c) : ""));
  }
  DataCsv csv(columns, true);
  csv.add(d.train, "train");
  csv.add(d.validation, "validation");
  csv.add(d.test, "test");
  return csv.text();
}

}  // namespace nnplay
