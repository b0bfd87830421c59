#pragma once
// Datasets as CSV text: the one writer behind `nnplay-cli export-data` and the
// GUI's "Export data". A header row, then one line per sample: the input
// columns, the target columns and, when asked for, the split the sample is in.
// Numbers have 9 significant digits (a float reads back exactly) and a decimal
// point whatever the locale.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data_source.hpp"
#include "nnplay/dataset.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

// A header cell, quoted when it holds a comma, a quote or a line break.
std::string csvField(std::string_view text);

class DataCsv {
 public:
  // `columns` names the input and target columns; with splitColumn a last
  // column "split" says which split each row is in.
  DataCsv(const std::vector<std::string>& columns, bool splitColumn);
  // Appends the rows of x, each followed by the same row of y (and `split`).
  // Throws SpecError when x and y differ in rows or do not fill the header.
  void add(const RowMatrix& x, const RowMatrix& y, std::string_view split = {});
  // The same for a dataset's inputs (pixels scaled, a chunk at a time) and y.
  void add(const Dataset& d, std::string_view split = {});
  const std::string& text() const { return text_; }

 private:
  std::size_t columns_;
  bool splitColumn_;
  std::string text_;
};

// A generated dataset (export-data): its feature names and "label" or "y"; no split.
std::string datasetCsv(const Dataset& d);
// Points as plotted (raw 1-D/2-D coordinates): x1[,x2], "label" or "y", split
// (train, test).
std::string pointsCsv(const RowMatrix& train, const RowMatrix& trainLabels, const RowMatrix& test,
                      const RowMatrix& testLabels, Task task);
// Prepared tables and images as the network reads them: the feature names (x1,
// x2, ... when unnamed), the target name ("target" when unnamed; further target
// columns numbered), split (train, validation, test).
std::string preparedDataCsv(const PreparedData& d);

}  // namespace nnplay
