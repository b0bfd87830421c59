#pragma once
// A table of samples: inputs x (rows x features) and targets y. For
// classification y is one column of class indices 0..classes-1; for
// regression it holds the target values.
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/tensor.hpp"

namespace nnplay {

enum class Task { Classification, Regression };

struct Dataset {
  Task task = Task::Classification;
  int classes = 2;  // 0 for regression
  RowMatrix x;
  RowMatrix y;
  std::vector<std::string> featureNames;

  int rows() const { return static_cast<int>(x.rows()); }
  int features() const { return static_cast<int>(x.cols()); }
  int targetColumns() const { return static_cast<int>(y.cols()); }
  Dataset subset(const std::vector<int>& rowIndices) const;
};

struct Split {
  Dataset train;
  Dataset test;
};

// The first trainRatio of the rows (rounded down, at least one each side)
// become the training set, the rest the test set. Requires rows >= 2.
Split splitByRatio(const Dataset& d, double trainRatio);
// Shuffles the rows with the seed first.
Split shuffledSplit(const Dataset& d, double trainRatio, std::uint64_t seed);

}  // namespace nnplay
