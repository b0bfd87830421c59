#include "loss_charts.hpp"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "chart_style.hpp"
#include "colors.hpp"
#include "plot_axes.hpp"
#include "presentation_scale.hpp"

namespace nnplay::gui {
namespace {

constexpr std::size_t kMaxPoints = 1000;                // per series
constexpr std::size_t kBuckets = (kMaxPoints - 2) / 2;  // two rows each, plus the first and last
const QColor kTrainColor{0x9e, 0x9e, 0x9e};
const QColor kTestColor{0x20, 0x20, 0x20};
const QColor kValidationColor = kPositive;  // blue, dashed
const QColor kMarkerColor = kNegative;      // orange: the best epoch

// Series s of a history point: training, test, validation loss, then metrics.
double valueOf(const HistoryPoint& hp, std::size_t s) {
  switch (s) {
    case 0:
      return hp.trainLoss;
    case 1:
      return hp.testLoss;
    case 2:
      return hp.validationLoss;
    case 3:
      return hp.trainMetric;
    case 4:
      return hp.testMetric;
    default:
      return hp.validationMetric;
  }
}
constexpr bool isLoss(std::size_t s) {
  return s < 3;
}
constexpr bool isValidation(std::size_t s) {
  return s == 2 || s == 5;
}
// Equal, NaN equal to NaN (a history without validation values).
bool sameValue(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

QFont sized(QFont f, double points, bool bold = false) {
  f.setPointSizeF(points);
  f.setBold(bold);
  return f;
}

QChart* makeChart(const QString& title, const QFont& base) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->setTitleFont(sized(base, 8.5, true));
  chart->setMargins(QMargins(2, 0, 4, 2));
  chart->layout()->setContentsMargins(0, 0, 0, 0);
  chart->setBackgroundRoundness(0);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignTop);
  chart->legend()->setFont(sized(base, 7.5));
  chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
  return chart;
}

QLineSeries* makeSeries(QChart* chart, const QString& name, const QColor& color,
                        Qt::PenStyle style = Qt::SolidLine) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setPen(QPen(color, 1.5, style));
  s->setUseOpenGL(false);
  chart->addSeries(s);
  return s;
}

// Round tick values: a fixed spacing anchored at 0 rather than Qt's "n
// ticks across whatever range", whose labels read 0.7385. Starts sane so that
// niceAxis() can move from here.
void useDynamicTicks(QValueAxis* axis) {
  axis->setRange(0.0, 1.0);
  axis->setTickAnchor(0.0);
  axis->setTickInterval(0.5);
  axis->setTickType(QValueAxis::TicksDynamic);
}

void styleAxis(QAbstractAxis* axis, const QFont& base) {
  axis->setLabelsFont(sized(base, 7.0));
  axis->setTitleFont(sized(base, 7.5));
  axis->setGridLineColor(QColor(0xe6, 0xe6, 0xe6));
  axis->setMinorGridLineColor(QColor(0xf2, 0xf2, 0xf2));
}

// Ticks at round values for [lo, hi]; requires useDynamicTicks() first.
void niceAxis(QValueAxis* axis, double lo, double hi, int target, double minStep = 0.0) {
  if (!(hi > lo)) hi = lo + 1.0;
  const double step = std::max(minStep, niceStep(lo, hi, target));
  // Every setter re-lays the axis and its series out at once (the costly part
  // of an update), and a range under the wrong interval (0..100,000 at a
  // spacing of 1) would create 100,000 tick items. So: one call when only the
  // range moves, and when the spacing changes, first the call that lowers
  // the tick count.
  const bool sameRange = axis->min() == lo && axis->max() == hi;
  const bool sameStep = axis->tickInterval() == step;
  if (sameStep) {
    if (!sameRange) axis->setRange(lo, hi);
  } else if (step > axis->tickInterval()) {
    axis->setTickInterval(step);
    if (!sameRange) axis->setRange(lo, hi);
  } else {
    if (!sameRange) axis->setRange(lo, hi);
    axis->setTickInterval(step);
  }
}

}  // namespace

LossCharts::LossCharts(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  const QFont base = font();

  lossChart_ = makeChart(tr("Loss"), base);
  trainLoss_ = makeSeries(lossChart_, tr("Training"), kTrainColor);
  testLoss_ = makeSeries(lossChart_, tr("Test"), kTestColor);
  metricChart_ = makeChart(tr("Accuracy"), base);
  trainMetric_ = makeSeries(metricChart_, tr("Training"), kTrainColor);
  testMetric_ = makeSeries(metricChart_, tr("Test"), kTestColor);
  validationLoss_ = makeSeries(lossChart_, tr("Validation"), kValidationColor, Qt::DashLine);
  validationMetric_ = makeSeries(metricChart_, tr("Validation"), kValidationColor, Qt::DashLine);

  lossEpochs_ = new QValueAxis;
  metricEpochs_ = new QValueAxis;
  metricAxis_ = new QValueAxis;
  for (QValueAxis* a : {lossEpochs_, metricEpochs_, metricAxis_}) useDynamicTicks(a);
  for (QValueAxis* a : {lossEpochs_, metricEpochs_}) {
    a->setLabelFormat(QStringLiteral("%.0f"));
    styleAxis(a, base);
  }
  // Both charts share the epoch axis and the colours: one axis title and one
  // legend are enough, and leave the curves more of a narrow side panel.
  metricEpochs_->setTitleText(tr("epoch"));
  metricChart_->legend()->hide();
  metricAxis_->setLabelFormat(QStringLiteral("%.2g"));
  styleAxis(metricAxis_, base);
  lossChart_->addAxis(lossEpochs_, Qt::AlignBottom);
  metricChart_->addAxis(metricEpochs_, Qt::AlignBottom);
  metricChart_->addAxis(metricAxis_, Qt::AlignLeft);
  for (QLineSeries* s : {trainLoss_, testLoss_, validationLoss_}) s->attachAxis(lossEpochs_);
  for (QLineSeries* s : {trainMetric_, testMetric_, validationMetric_}) {
    s->attachAxis(metricEpochs_);
    s->attachAxis(metricAxis_);
  }
  setLossAxis(false);

  // The best epoch's marker: a line over the plot area and its label, drawn
  // above the curves; placed again whenever a plot area moves.
  for (std::size_t i = 0; i < 2; ++i) {
    QChart* chart = i == 0 ? lossChart_ : metricChart_;
    auto* line = new QGraphicsLineItem(chart);
    line->setPen(QPen(kMarkerColor, 1.2, Qt::DashDotLine));
    line->setZValue(1000);
    line->hide();
    auto* label = new QGraphicsSimpleTextItem(chart);
    label->setFont(sized(base, 7.0));
    label->setBrush(kMarkerColor.darker(130));
    label->setZValue(1000);
    label->hide();
    markerLines_[i] = line;
    markerLabels_[i] = label;
    connect(chart, &QChart::plotAreaChanged, this, [this] { placeMarkers(); });
  }

  const auto makeView = [this](QChart* chart, const QString& name) {
    auto* view = new QChartView(chart, this);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing, true);
    view->setMinimumHeight(120);
    view->setFrameShape(QFrame::NoFrame);
    return view;
  };
  lossView_ = makeView(lossChart_, QStringLiteral("lossChartView"));
  lossView_->setToolTip(
      tr("Loss over epochs on the training set (grey), the test set (black) and the validation "
         "set (blue, dashed); the orange line marks early stopping's best epoch"));
  metricView_ = makeView(metricChart_, QStringLiteral("metricChartView"));
  metricView_->setToolTip(tr("Accuracy (classification) or R² (regression) over epochs"));
  layout->addWidget(lossView_, 1);
  layout->addWidget(metricView_, 1);

  logCheck_ = new QCheckBox(tr("Log scale"), this);
  logCheck_->setObjectName(QStringLiteral("logScaleCheck"));
  logCheck_->setToolTip(
      tr("Show the loss on a logarithmic axis: late, small improvements stay visible"));
  auto* row = new QHBoxLayout;
  row->setContentsMargins(4, 0, 4, 0);
  row->addWidget(logCheck_);
  row->addStretch(1);
  layout->addLayout(row);
  connect(logCheck_, &QCheckBox::toggled, this, &LossCharts::setLogScale);

  styleText();
  rebuild();
}

void LossCharts::styleText() {
  for (QChart* chart : {lossChart_, metricChart_}) styleChart(chart, font(), logicalDpiY());
  for (std::size_t i = 0; i < 2; ++i) {
    markerLabels_[i]->setFont(relativeFont(font(), 7.0 / 9.0, logicalDpiY()));
    markerLines_[i]->setPen(QPen(kMarkerColor, thick(1.2), Qt::DashDotLine));
  }
  placeMarkers();
}

void LossCharts::changeEvent(QEvent* e) {
  QWidget::changeEvent(e);
  if (e->type() == QEvent::FontChange) styleText();
}

void LossCharts::resizeEvent(QResizeEvent* e) {
  QWidget::resizeEvent(e);
  // In presentation mode's large text a short chart has no room for the
  // "epoch" under its axis and Qt would show "…" there: leave it out then.
  if (metricEpochs_ && metricView_) {
    metricEpochs_->setTitleVisible(metricView_->height() >= 120 * presentationScale());
  }
}

void LossCharts::setLossAxis(bool log) {
  if (lossAxis_) {
    for (QLineSeries* s : {trainLoss_, testLoss_, validationLoss_}) s->detachAxis(lossAxis_);
    lossChart_->removeAxis(lossAxis_);  // releases ownership
    delete lossAxis_;
  }
  if (log) {
    auto* a = new QLogValueAxis;
    a->setBase(10.0);
    a->setLabelFormat(QStringLiteral("%g"));  // 0.01, 0.1, 1, 10
    a->setMinorTickCount(-1);                 // Qt picks minor ticks for each decade
    lossAxis_ = a;
  } else {
    auto* a = new QValueAxis;
    useDynamicTicks(a);
    a->setLabelFormat(QStringLiteral("%.3g"));
    lossAxis_ = a;
  }
  styleAxis(lossAxis_, font());
  lossChart_->addAxis(lossAxis_, Qt::AlignLeft);
  lossAxis_->setLabelsFont(relativeFont(font(), 7.0 / 9.0, logicalDpiY()));
  lossAxis_->setTitleFont(relativeFont(font(), 7.5 / 9.0, logicalDpiY()));
  for (QLineSeries* s : {trainLoss_, testLoss_, validationLoss_}) s->attachAxis(lossAxis_);
}

void LossCharts::setHistory(const HistoryView& h, Task task) {
  const auto same = [](const HistoryPoint& a, const HistoryPoint& b) {
    return a.epoch == b.epoch && a.trainLoss == b.trainLoss && a.testLoss == b.testLoss &&
           a.trainMetric == b.trainMetric && a.testMetric == b.testMetric &&
           sameValue(a.validationLoss, b.validationLoss) &&
           sameValue(a.validationMetric, b.validationMetric);
  };
  // Histories grow, start again (reset, new data, a loaded run) or are
  // thinned (a long run). Once thinned, the last point gives way to the next
  // one (History's provisional point); all before it stay.
  const std::size_t old = history_.size();
  const bool grew = haveHistory_ && task == task_ && h.size() >= old &&
                    (old < 2 || same(h[old - 2], history_[old - 2]));
  if (!grew) {
    buckets_.clear();
    bucketSize_ = 0;
    scanned_ = 0;
    minPositiveLoss_ = std::numeric_limits<double>::infinity();
  } else if (old > 0 && !same(h[old - 1], history_.back())) {
    // The last point was replaced: what was built from it is built again.
    scanned_ = std::min(scanned_, old - 1);
    if (bucketSize_ > 0) buckets_.resize(std::min(buckets_.size(), (old - 1) / bucketSize_));
  } else if (h.size() == old) {
    return;  // nothing new
  }
  history_ = h;
  task_ = task;
  haveHistory_ = true;
  rebuild();
}

void LossCharts::setLogScale(bool on) {
  if (on == logScale_) return;
  logScale_ = on;
  {
    const QSignalBlocker block(logCheck_);
    logCheck_->setChecked(on);
  }
  setLossAxis(on);
  rebuild();
  emit logScaleChanged(on);
}

void LossCharts::updateBuckets() {
  const std::size_t n = history_.size();
  // The smallest lowest-loss so far, where log scale puts non-positive losses.
  for (; scanned_ < n; ++scanned_) {
    const HistoryPoint& hp = history_[scanned_];
    for (double v : {hp.trainLoss, hp.testLoss, hp.validationLoss}) {
      if (v > 0.0 && std::isfinite(v)) minPositiveLoss_ = std::min(minPositiveLoss_, v);
    }
  }
  if (n <= kMaxPoints) return;
  // Power-of-two buckets, so that a bucket, once full, never changes until
  // the size doubles: a growing history costs one bucket's rows per update.
  std::size_t size = 1;
  while ((n + size - 1) / size > kBuckets) size *= 2;
  if (size != bucketSize_) {
    bucketSize_ = size;
    buckets_.clear();
  }
  const std::size_t complete = n / size;
  while (buckets_.size() < complete) {
    const std::size_t begin = buckets_.size() * size;
    buckets_.push_back(pickRows(begin, begin + size));
  }
}

LossCharts::Picks LossCharts::pickRows(std::size_t begin, std::size_t end) const {
  std::array<double, kSeries> minV, maxV;
  minV.fill(std::numeric_limits<double>::infinity());
  maxV.fill(-std::numeric_limits<double>::infinity());
  std::array<std::size_t, kSeries> minAt, maxAt;
  minAt.fill(begin);
  maxAt.fill(begin);
  for (std::size_t i = begin; i < end; ++i) {
    const HistoryPoint& hp = history_[i];
    for (std::size_t s = 0; s < kSeries; ++s) {
      const double v = valueOf(hp, s);
      // NaN compares false both ways and is never picked over a number.
      if (v < minV[s]) minV[s] = v, minAt[s] = i;
      if (v > maxV[s]) maxV[s] = v, maxAt[s] = i;
    }
  }
  Picks picks;
  for (std::size_t s = 0; s < kSeries; ++s) {
    picks[2 * s] = static_cast<std::uint32_t>(std::min(minAt[s], maxAt[s]));
    picks[2 * s + 1] = static_cast<std::uint32_t>(std::max(minAt[s], maxAt[s]));
  }
  return picks;
}

void LossCharts::rebuild() {
  metricChart_->setTitle(task_ == Task::Classification ? tr("Accuracy") : tr("R²"));
  updateBuckets();
  const std::size_t n = history_.size();
  const double logFloor = std::isfinite(minPositiveLoss_) ? minPositiveLoss_ : 1e-6;

  std::array<QList<QPointF>, kSeries> pts;
  std::array<double, kSeries> lo, hi;
  lo.fill(std::numeric_limits<double>::infinity());
  hi.fill(-std::numeric_limits<double>::infinity());
  std::array<std::size_t, kSeries> lastRow;
  lastRow.fill(std::numeric_limits<std::size_t>::max());
  const auto add = [&](std::size_t s, std::size_t row) {
    if (row == lastRow[s]) return;  // a bucket's min and max may be one row, or the last row
    lastRow[s] = row;
    const HistoryPoint& hp = history_[row];
    double v = valueOf(hp, s);
    if (isValidation(s) && std::isnan(v)) return;  // no validation set (or an older file)
    if (isLoss(s) && logScale_ && !(v > 0.0 && std::isfinite(v))) v = logFloor;
    if (!std::isfinite(v)) return;  // a diverged loss: a gap is better than a wrecked axis
    pts[s].append(QPointF(static_cast<double>(hp.epoch), v));
    lo[s] = std::min(lo[s], v);
    hi[s] = std::max(hi[s], v);
  };

  if (n <= kMaxPoints) {
    for (auto& p : pts) p.reserve(static_cast<qsizetype>(n));
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t s = 0; s < kSeries; ++s) add(s, i);
    }
  } else {
    for (auto& p : pts) p.reserve(static_cast<qsizetype>(2 * kBuckets + 2));
    const Picks tail = pickRows(buckets_.size() * bucketSize_, n);
    for (std::size_t s = 0; s < kSeries; ++s) {
      add(s, 0);
      for (const Picks& b : buckets_) {
        add(s, b[2 * s]);
        add(s, b[2 * s + 1]);
      }
      if (buckets_.size() * bucketSize_ < n) {
        add(s, tail[2 * s]);
        add(s, tail[2 * s + 1]);
      }
      add(s, n - 1);
    }
  }

  // The axes first, on empty series: each axis change re-lays out its
  // chart's series, so doing it with the old points would pay for them twice.
  const std::array<QLineSeries*, kSeries> series = {trainLoss_,   testLoss_,   validationLoss_,
                                                    trainMetric_, testMetric_, validationMetric_};
  for (QLineSeries* s : series) {
    if (s->count() > 0) s->clear();
  }

  // Epoch axes: the run so far, ticks at whole epochs.
  const double e0 = n ? static_cast<double>(history_[0].epoch) : 0.0;
  double e1 = n ? static_cast<double>(history_[n - 1].epoch) : 1.0;
  if (e1 <= e0) e1 = e0 + 1.0;
  niceAxis(lossEpochs_, e0, e1, 4, 1.0);
  niceAxis(metricEpochs_, e0, e1, 4, 1.0);

  const double lossLo = std::min({lo[0], lo[1], lo[2]});
  const double lossHi = std::max({hi[0], hi[1], hi[2]});
  if (logScale_) {
    auto* a = static_cast<QLogValueAxis*>(lossAxis_);
    const double dlo = std::isfinite(lossLo) ? std::floor(std::log10(lossLo)) : -3.0;
    double dhi = std::isfinite(lossHi) ? std::ceil(std::log10(lossHi)) : 0.0;
    if (dhi <= dlo) dhi = dlo + 1.0;
    if (a->min() != std::pow(10.0, dlo) || a->max() != std::pow(10.0, dhi)) {
      a->setRange(std::pow(10.0, dlo), std::pow(10.0, dhi));
    }
  } else {
    const double top = std::isfinite(lossHi) && lossHi > 0.0 ? lossHi * 1.05 : 1.0;
    niceAxis(static_cast<QValueAxis*>(lossAxis_), 0.0, top, 4);
  }

  if (task_ == Task::Classification) {
    niceAxis(metricAxis_, 0.0, 1.0, 4);
  } else {
    const double mlo = std::min({lo[3], lo[4], lo[5]});
    double bottom = std::isfinite(mlo) ? std::max(mlo, -1.0) : 0.0;
    bottom = std::min(0.0, std::floor(bottom * 10.0) / 10.0);
    niceAxis(metricAxis_, bottom, 1.0, 4);
  }

  for (std::size_t s = 0; s < kSeries; ++s) series[s]->replace(pts[s]);
  // The validation curve's legend entry only when there is one.
  const bool validation = !pts[2].isEmpty();
  for (QLegendMarker* m : lossChart_->legend()->markers(validationLoss_)) {
    if (m->isVisible() != validation) m->setVisible(validation);
  }
  placeMarkers();
}

void LossCharts::setBestEpoch(long epoch) {
  if (epoch < 0) epoch = -1;
  if (epoch == bestEpoch_) return;
  bestEpoch_ = epoch;
  placeMarkers();
}

QString LossCharts::markerText() const {
  return bestEpoch_ >= 0 ? tr("best: epoch %1").arg(bestEpoch_) : QString();
}

bool LossCharts::validationInLegend() const {
  const QList<QLegendMarker*> m = lossChart_->legend()->markers(validationLoss_);
  return !m.isEmpty() && m.front()->isVisible() && validationLoss_->count() > 0;
}

void LossCharts::placeMarkers() const {
  const std::array<QValueAxis*, 2> axes = {lossEpochs_, metricEpochs_};
  const std::array<QChart*, 2> charts = {lossChart_, metricChart_};
  const QString text = markerText();
  for (std::size_t i = 0; i < 2; ++i) {
    QGraphicsLineItem* line = markerLines_[i];
    QGraphicsSimpleTextItem* label = markerLabels_[i];
    const QRectF area = charts[i]->plotArea();
    const double lo = axes[i]->min(), hi = axes[i]->max();
    const bool shown = bestEpoch_ >= 0 && !history_.empty() && hi > lo && area.width() > 0 &&
                       bestEpoch_ >= lo && bestEpoch_ <= hi;
    line->setVisible(shown);
    label->setVisible(shown);
    if (!shown) continue;
    const double x =
        area.left() + (static_cast<double>(bestEpoch_) - lo) / (hi - lo) * area.width();
    line->setLine(QLineF(x, area.top(), x, area.bottom()));
    if (label->text() != text) label->setText(text);
    // Right of the line, or left of it near the right edge; at the plot's top.
    const QRectF box = label->boundingRect();
    const double left = x + 3 + box.width() <= area.right() ? x + 3 : x - 3 - box.width();
    label->setPos(left, area.top() + 1);
  }
}

QImage LossCharts::chartImage(QSize size) const {
  QImage img(size, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  QPainter p(&img);
  p.setRenderHint(QPainter::Antialiasing, true);
  const int half = size.height() / 2;
  const std::array<std::pair<QChart*, QRect>, 2> parts = {
      std::pair{lossChart_, QRect(0, 0, size.width(), half)},
      std::pair{metricChart_, QRect(0, half, size.width(), size.height() - half)}};
  for (const auto& [chart, target] : parts) {
    // Lay the chart out at the export size (fonts keep their size, unlike
    // scaling a screenshot), render it, and give it back its on-screen size.
    const QRectF old = chart->geometry();
    chart->setGeometry(QRectF(old.topLeft(), target.size()));
    chart->layout()->activate();
    placeMarkers();
    chart->scene()->render(&p, target, QRectF(old.topLeft(), target.size()));
    chart->setGeometry(old);
    chart->layout()->activate();
  }
  placeMarkers();
  return img;
}

}  // namespace nnplay::gui
