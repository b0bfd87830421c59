#pragma once
// The loss and metric curves of a run. Append-only, stored in chunks of 1,024
// points; full chunks are immutable and shared, so a snapshot costs one
// pointer per chunk plus a copy of the last partial chunk, however long the
// run (100,000 epochs are 98 pointers).
#include <cstddef>
#include <limits>
#include <memory>
#include <vector>

namespace nnplay {

struct HistoryPoint {
  long epoch = 0;
  double trainLoss = 0.0;
  double testLoss = 0.0;
  double trainMetric = 0.0;  // accuracy (classification) or R² (regression)
  double testMetric = 0.0;
  // NaN when the run has no validation set (or the point came from a file
  // written before validation curves were kept).
  double validationLoss = std::numeric_limits<double>::quiet_NaN();
  double validationMetric = std::numeric_limits<double>::quiet_NaN();
};

class HistoryView {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const HistoryPoint& operator[](std::size_t i) const;
  const HistoryPoint& back() const { return (*this)[size_ - 1]; }
  std::vector<HistoryPoint> toVector() const;

 private:
  friend class History;
  std::vector<std::shared_ptr<const std::vector<HistoryPoint>>> chunks_;
  std::size_t size_ = 0;
};

class History {
 public:
  static constexpr std::size_t kChunk = 1024;
  void append(const HistoryPoint& p);
  void clear();
  std::size_t size() const { return full_.size() * kChunk + tail_.size(); }
  HistoryView view() const;
  void assign(const std::vector<HistoryPoint>& points);

 private:
  std::vector<std::shared_ptr<const std::vector<HistoryPoint>>> full_;
  std::vector<HistoryPoint> tail_;
};

}  // namespace nnplay
