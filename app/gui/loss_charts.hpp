#pragma once
// The curves of a run: training and test loss in one chart, accuracy (or R²
// for regression) in another, over epochs, with a log-scale switch for the
// loss. A run with a validation set has a third, dashed curve in each (and a
// legend entry for it); while early stopping watches, a vertical line marks
// its best epoch on both charts ("best: epoch N").
//
// Contract:
//  - setHistory() does nothing unless the history changed (size, last point
//    or task); otherwise it decimates each curve to at most 1,000 points
//    (first and last kept, each bucket's min and max in row order, so spikes
//    survive) and hands each series its points with one replace() call.
//    Buckets are power-of-two row ranges kept while the history only grows,
//    so an update reads only the new rows: a 100,000-point history costs a
//    few milliseconds, nearly all of it Qt Charts laying out 4,000 points.
//  - The loss axis is linear from 0, or log10 spanning whole decades; in log
//    scale non-positive and non-finite losses are clamped to the smallest
//    positive one. Accuracy is plotted on 0..1; R² on [max(min, -1), 1].
//  - OpenGL stays off (it crashes on the offscreen platform).
//  - chartImage() renders both charts at any size (PNG export).
#include <QImage>
#include <QList>
#include <QPointF>
#include <QWidget>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "nnplay/dataset.hpp"
#include "nnplay/history.hpp"

class QAbstractAxis;
class QCheckBox;
class QChart;
class QGraphicsLineItem;
class QGraphicsSimpleTextItem;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace nnplay::gui {

class LossCharts : public QWidget {
  Q_OBJECT

 public:
  explicit LossCharts(QWidget* parent = nullptr);

  void setHistory(const nnplay::HistoryView& h, nnplay::Task task);
  // The epoch early stopping found best so far; -1 hides the marker.
  void setBestEpoch(long epoch);
  long markedEpoch() const { return bestEpoch_; }
  QString markerText() const;
  // The validation curves (empty without a validation set).
  const QLineSeries* validationLossSeries() const { return validationLoss_; }
  const QLineSeries* validationMetricSeries() const { return validationMetric_; }
  bool validationInLegend() const;
  void setLogScale(bool on);
  bool logScale() const { return logScale_; }
  QImage chartImage(QSize size = {800, 500}) const;

 signals:
  void logScaleChanged(bool);

 protected:
  void changeEvent(QEvent* e) override;
  void resizeEvent(QResizeEvent* e) override;

 private:
  // The curves: training, test and validation loss, then the same metrics.
  static constexpr std::size_t kSeries = 6;
  // Per series, the rows of a bucket's smallest and largest value, in row order.
  using Picks = std::array<std::uint32_t, 2 * kSeries>;

  void rebuild();        // series and axes from history_
  void updateBuckets();  // extends buckets_ over rows appended since the last call
  Picks pickRows(std::size_t begin, std::size_t end) const;
  void setLossAxis(bool log);
  void placeMarkers() const;
  void styleText();  // chart fonts and line widths from font() (chart_style.hpp)  // the best-epoch
                     // lines where the epoch axes put them

  nnplay::HistoryView history_;
  nnplay::Task task_ = nnplay::Task::Classification;
  bool haveHistory_ = false;
  bool logScale_ = false;
  // Decimation state, valid while the history only grows.
  std::size_t bucketSize_ = 0;  // rows per bucket, a power of two; 0: none yet
  std::vector<Picks> buckets_;  // the full buckets so far
  std::size_t scanned_ = 0;     // rows seen for minPositiveLoss_
  double minPositiveLoss_ = std::numeric_limits<double>::infinity();

  QChart* lossChart_ = nullptr;
  QChart* metricChart_ = nullptr;
  QChartView* lossView_ = nullptr;
  QChartView* metricView_ = nullptr;
  QLineSeries* trainLoss_ = nullptr;
  QLineSeries* testLoss_ = nullptr;
  QLineSeries* trainMetric_ = nullptr;
  QLineSeries* testMetric_ = nullptr;
  QLineSeries* validationLoss_ = nullptr;
  QLineSeries* validationMetric_ = nullptr;
  long bestEpoch_ = -1;
  // Per chart (loss, metric): the best epoch's line and its label.
  std::array<QGraphicsLineItem*, 2> markerLines_{};
  std::array<QGraphicsSimpleTextItem*, 2> markerLabels_{};
  QValueAxis* lossEpochs_ = nullptr;
  QValueAxis* metricEpochs_ = nullptr;
  QAbstractAxis* lossAxis_ = nullptr;  // QValueAxis or QLogValueAxis
  QValueAxis* metricAxis_ = nullptr;
  QCheckBox* logCheck_ = nullptr;
};

}  // namespace nnplay::gui
