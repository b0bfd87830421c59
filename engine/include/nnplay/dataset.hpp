#pragma once
// A table of samples: inputs (rows x features) and targets y. For
// classification y is one column of class indices 0..classes-1; for
// regression it holds the target values.
//
// Inputs are floats in x, or, for images, bytes in `pixels` (rows x
// pixelColumns) that are scaled to [0, 1] only when a batch is gathered, so
// Fashion-MNIST's 70,000 images take 55 MB instead of 220.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/tensor.hpp"

namespace nnplay {

enum class Task { Classification, Regression };

// How files and the command line spell a task: "classification", "regression".
struct TaskInfo {
  Task id;
  std::string_view name;
};
std::span<const TaskInfo> tasks();
std::string_view taskName(Task t);
Task taskByName(std::string_view name);  // throws SpecError

struct Dataset {
  static constexpr float kPixelScale = 1.0f / 255.0f;

  Task task = Task::Classification;
  int classes = 2;                   // 0 for regression
  RowMatrix x;                       // float inputs (empty when pixels are used)
  std::vector<std::uint8_t> pixels;  // byte inputs, row-major
  int pixelColumns = 0;
  RowMatrix y;
  std::vector<std::string> featureNames;
  std::vector<std::string> classNames;  // one per class, for display
  std::string targetName;

  bool hasPixels() const { return pixelColumns > 0; }
  int rows() const {
    return hasPixels() ? static_cast<int>(pixels.size() / static_cast<std::size_t>(pixelColumns))
                       : static_cast<int>(x.rows());
  }
  int features() const { return hasPixels() ? pixelColumns : static_cast<int>(x.cols()); }
  // Rows [begin, begin + count) of the inputs as floats (pixels scaled).
  RowMatrix inputs(int begin, int count) const;
  RowMatrix inputs() const { return inputs(0, rows()); }
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
