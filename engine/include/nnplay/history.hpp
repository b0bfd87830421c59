#pragma once
// The loss and metric curves of a run. Append-only, stored in chunks of 1,024
// points; full chunks are immutable and shared, so a snapshot costs one
// pointer per chunk plus a copy of the last partial chunk, however long the
// run. At most kMaxChunks full chunks are kept: when a run outgrows them, the
// curve is thinned to every other point (the first kept) and from then on
// only every 2nd, 4th, ... appended point stays, so a run of hours at full
// speed keeps an evenly spread curve in bounded memory. The last point
// appended is always the last point of the curve.
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
  static constexpr std::size_t kMaxChunks = 64;  // 65,536 points, 3.7 MB
  void append(const HistoryPoint& p);
  void clear();
  std::size_t size() const { return full_.size() * kChunk + tail_.size(); }
  HistoryView view() const;
  void assign(const std::vector<HistoryPoint>& points);
  // 1, then 2, 4, ... once the curve has been thinned.
  std::size_t stride() const { return stride_; }

 private:
  void thin();

  std::vector<std::shared_ptr<const std::vector<HistoryPoint>>> full_;
  std::vector<HistoryPoint> tail_;
  std::size_t stride_ = 1;
  std::size_t appended_ = 0;  // since the last thinning
  bool provisional_ = false;  // the last point gives way to the next one
};

}  // namespace nnplay
