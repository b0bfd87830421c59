#include "nnplay/dataset.hpp"

#include <algorithm>
#include <array>
#include <numeric>

#include "nnplay/error.hpp"
#include "nnplay/random.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {
constexpr std::array kTasks = {
    TaskInfo{Task::Classification, "classification"},
    TaskInfo{Task::Regression, "regression"},
};
}  // namespace

std::span<const TaskInfo> tasks() {
  return kTasks;
}

std::string_view taskName(Task t) {
  return kTasks[static_cast<std::size_t>(t)].name;
}

Task taskByName(std::string_view name) {
  return detail::findByName(tasks(), name, "task").id;
}

RowMatrix Dataset::inputs(int begin, int count) const {
  if (!hasPixels()) return x.middleRows(begin, count);
  RowMatrix m(count, pixelColumns);
  const std::uint8_t* src = pixels.data() + static_cast<std::size_t>(begin) * pixelColumns;
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = src[i] * kPixelScale;
  return m;
}

Dataset Dataset::subset(const std::vector<int>& rowIndices) const {
  Dataset d;
  d.task = task;
  d.classes = classes;
  d.pixelColumns = pixelColumns;
  if (hasPixels()) {
    const auto c = static_cast<std::size_t>(pixelColumns);
    d.pixels.resize(rowIndices.size() * c);
    for (std::size_t i = 0; i < rowIndices.size(); ++i) {
      std::copy_n(pixels.data() + static_cast<std::size_t>(rowIndices[i]) * c, c,
                  d.pixels.data() + i * c);
    }
  }
  d.featureNames = featureNames;
  d.classNames = classNames;
  d.targetName = targetName;
  d.x.resize(hasPixels() ? 0 : static_cast<Eigen::Index>(rowIndices.size()), x.cols());
  d.y.resize(static_cast<Eigen::Index>(rowIndices.size()), y.cols());
  for (std::size_t i = 0; i < rowIndices.size(); ++i) {
    if (!hasPixels()) d.x.row(static_cast<Eigen::Index>(i)) = x.row(rowIndices[i]);
    d.y.row(static_cast<Eigen::Index>(i)) = y.row(rowIndices[i]);
  }
  return d;
}

Split splitByRatio(const Dataset& d, double trainRatio) {
  if (d.rows() < 2) throw SpecError("a dataset needs at least 2 rows to split into train and test");
  if (!(trainRatio > 0.0 && trainRatio < 1.0)) {
    throw SpecError("train ratio must be between 0 and 1 (exclusive)");
  }
  int nTrain = static_cast<int>(static_cast<double>(d.rows()) * trainRatio);
  nTrain = std::clamp(nTrain, 1, d.rows() - 1);
  std::vector<int> train(static_cast<std::size_t>(nTrain));
  std::vector<int> test(static_cast<std::size_t>(d.rows() - nTrain));
  std::iota(train.begin(), train.end(), 0);
  std::iota(test.begin(), test.end(), nTrain);
  return {d.subset(train), d.subset(test)};
}

Split shuffledSplit(const Dataset& d, double trainRatio, std::uint64_t seed) {
  std::vector<int> order(static_cast<std::size_t>(d.rows()));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(streamSeed(seed, Stream::Split));
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  return splitByRatio(d.subset(order), trainRatio);
}

}  // namespace nnplay
