#include "regression_descent_panel.hpp"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "data_panel.hpp"
#include "plot_axes.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

constexpr int kGap = 4;
constexpr int kBar = 8;
constexpr int kSurfaceGrid = 121;   // MSE samples per side of the surface
constexpr double kHalfRange = 2.5;  // the surface: optimum ± this, in standardized units

const QColor kPathColors[3] = {QColor(0x22, 0x22, 0x22), QColor(0xe6, 0x61, 0x01),
                               QColor(0xc5, 0x1b, 0x7d)};

// A learning rate that shows each optimizer well on this (round) bowl.
double defaultRate(OptimizerId id) {
  switch (id) {
    case OptimizerId::Sgd:
      return 0.1;
    case OptimizerId::Momentum:
    case OptimizerId::Nesterov:
      return 0.03;
    case OptimizerId::Rmsprop:
      return 0.01;
    case OptimizerId::Adam:
      return 0.05;
  }
  return 0.1;
}

void drawAxes(QPainter& p, const QRectF& plot, double xlo, double xhi, double ylo, double yhi,
              const QString& xName, const QString& yName, const QColor& text) {
  const QFontMetrics fm = p.fontMetrics();
  const double xs = niceStep(xlo, xhi, 5), ys = niceStep(ylo, yhi, 5);
  p.setPen(text);
  for (double t : niceTicks(xlo, xhi, 5)) {
    const double x = plot.left() + (t - xlo) / (xhi - xlo) * plot.width();
    p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3));
    p.drawText(QRectF(x - 30, plot.bottom() + 3, 60, fm.height()), Qt::AlignCenter,
               tickLabel(t, xs));
  }
  int labelW = 0;
  for (double t : niceTicks(ylo, yhi, 5)) {
    const double y = plot.bottom() - (t - ylo) / (yhi - ylo) * plot.height();
    const QString l = tickLabel(t, ys);
    labelW = std::max(labelW, fm.horizontalAdvance(l));
    p.drawLine(QPointF(plot.left() - 3, y), QPointF(plot.left(), y));
    p.drawText(QRectF(plot.left() - 60 - 3 - kGap, y - fm.height() / 2.0, 60, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, l);
  }
  p.drawText(QRectF(plot.left(), plot.bottom() + 3 + fm.height() + kGap, plot.width(), fm.height()),
             Qt::AlignCenter, xName);
  p.save();
  p.translate(plot.left() - 3 - 2 * kGap - labelW - fm.height(), plot.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height()), Qt::AlignCenter, yName);
  p.restore();
}

}  // namespace

class RegressionDescentPanel::Canvas : public QWidget {
 public:
  explicit Canvas(RegressionDescentPanel* panel) : QWidget(panel), panel_(panel) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::CrossCursor);
  }
  QSize sizeHint() const override { return {820, 440}; }
  QSize minimumSizeHint() const override { return {420, 240}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setFont(plotFont(font()));
    panel_->paintPicture(p, size(), palette().color(QPalette::Window),
                         palette().color(QPalette::WindowText), palette().color(QPalette::Mid));
  }
  void mousePressEvent(QMouseEvent* e) override {
    const QFontMetrics fm(plotFont(font()));
    if (e->button() != Qt::LeftButton ||
        !panel_->layoutFor(size(), fm).surface.contains(e->position())) {
      QWidget::mousePressEvent(e);
      return;
    }
    panel_->dragging_ = true;
    panel_->setStart(panel_->fromSurface(e->position()));
    e->accept();
  }
  void mouseMoveEvent(QMouseEvent* e) override {
    if (!panel_->dragging_) return QWidget::mouseMoveEvent(e);
    panel_->setStart(panel_->fromSurface(e->position()));
    e->accept();
  }
  void mouseReleaseEvent(QMouseEvent* e) override {
    panel_->dragging_ = false;
    QWidget::mouseReleaseEvent(e);
  }

 private:
  RegressionDescentPanel* panel_;
};

RegressionDescentPanel::RegressionDescentPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("regressionDescentPanel");
  try {
    data_ = linearRegressionFromCsv((DataPanel::datasetsDir() + "/houses.csv").toStdString(),
                                    "sqft", "price");
  } catch (const std::exception& e) {
    error_ = QString::fromUtf8(e.what());
  }
  const int rows = static_cast<int>(data_.x.size());

  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  optimizer_ = new QComboBox;
  optimizer_->setObjectName("descentOptimizer");
  for (const OptimizerInfo& o : optimizers())
    optimizer_->addItem(qs(o.label), static_cast<int>(o.id));
  lr_ = new QDoubleSpinBox;
  lr_->setObjectName("descentLearningRate");
  lr_->setRange(0.0001, 5.0);
  lr_->setDecimals(4);
  lr_->setSingleStep(0.01);
  lr_->setValue(0.1);
  batch_ = new QSpinBox;
  batch_->setObjectName("descentBatchSize");
  batch_->setRange(1, std::max(1, rows));
  batch_->setValue(std::min(32, std::max(1, rows)));
  batch_->setToolTip(
      tr("Rows per step of the mini-batch path (full batch: all %1; stochastic: 1)").arg(rows));
  steps_ = new QSpinBox;
  steps_->setObjectName("descentSteps");
  steps_->setRange(1, 1000);
  steps_->setValue(100);
  auto* exportButton = new QPushButton(tr("Export PNG…"));
  exportButton->setObjectName("exportDescentButton");
  row->addWidget(new QLabel(tr("Optimizer")));
  row->addWidget(optimizer_);
  row->addWidget(new QLabel(tr("Learning rate")));
  row->addWidget(lr_);
  row->addWidget(new QLabel(tr("Mini-batch")));
  row->addWidget(batch_);
  row->addWidget(new QLabel(tr("Steps")));
  row->addWidget(steps_);
  row->addStretch(1);
  row->addWidget(exportButton);
  layout->addLayout(row);

  auto* anim = new QHBoxLayout;
  play_ = new QPushButton(tr("Play"));
  play_->setObjectName("descentPlayButton");
  play_->setCheckable(true);
  step_ = new QSlider(Qt::Horizontal);
  step_->setObjectName("descentStepSlider");
  stepLabel_ = new QLabel;
  stepLabel_->setMinimumWidth(QFontMetrics(font()).horizontalAdvance("step 1000 / 1000") + 8);
  anim->addWidget(play_);
  anim->addWidget(step_, 1);
  anim->addWidget(stepLabel_);
  layout->addLayout(anim);

  canvas_ = new Canvas(this);
  layout->addWidget(canvas_, 1);
  summary_ = new QLabel;
  summary_->setObjectName("descentSummary");
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(summary_);

  timer_ = new QTimer(this);
  timer_->setInterval(40);
  connect(timer_, &QTimer::timeout, this, &RegressionDescentPanel::advance);
  connect(play_, &QPushButton::toggled, this, &RegressionDescentPanel::setPlaying);
  connect(step_, &QSlider::valueChanged, this, [this](int v) {
    stepLabel_->setText(tr("step %1 / %2").arg(v).arg(steps()));
    canvas_->update();
  });
  connect(optimizer_, &QComboBox::currentIndexChanged, this, [this] {
    const QSignalBlocker block(lr_);
    lr_->setValue(defaultRate(optimizerSettings().id));
    recompute();
  });
  connect(lr_, &QDoubleSpinBox::valueChanged, this, &RegressionDescentPanel::recompute);
  connect(batch_, &QSpinBox::valueChanged, this, &RegressionDescentPanel::recompute);
  connect(steps_, &QSpinBox::valueChanged, this, &RegressionDescentPanel::recompute);
  connect(exportButton, &QPushButton::clicked, this, &RegressionDescentPanel::exportPng);

  if (!error_.isEmpty()) {
    for (QWidget* w : {static_cast<QWidget*>(optimizer_), static_cast<QWidget*>(lr_),
                       static_cast<QWidget*>(batch_), static_cast<QWidget*>(steps_),
                       static_cast<QWidget*>(play_), static_cast<QWidget*>(step_)})
      w->setEnabled(false);
    summary_->setText(error_);
    return;
  }
  buildSurface();
  start_ = {optimum_.x - 2.0, 1.9};
  recompute();
}

void RegressionDescentPanel::buildSurface() {
  optimum_ = data_.optimum();
  optimumMse_ = data_.mse(optimum_.x, optimum_.y);
  wLo_ = optimum_.x - kHalfRange;
  wHi_ = optimum_.x + kHalfRange;
  bLo_ = optimum_.y - kHalfRange;
  bHi_ = optimum_.y + kHalfRange;
  map_.cols = map_.rows = kSurfaceGrid;
  map_.values.resize(static_cast<std::size_t>(kSurfaceGrid) * kSurfaceGrid);
  map_.x0 = wLo_;
  map_.x1 = wHi_;
  map_.y0 = bLo_;
  map_.y1 = bHi_;
  for (int i = 0; i < kSurfaceGrid; ++i) {
    const double b = bLo_ + (bHi_ - bLo_) * i / (kSurfaceGrid - 1);
    for (int j = 0; j < kSurfaceGrid; ++j) {
      const double w = wLo_ + (wHi_ - wLo_) * j / (kSurfaceGrid - 1);
      map_.values[static_cast<std::size_t>(i) * kSurfaceGrid + j] =
          static_cast<float>(data_.mse(w, b));
    }
  }
  map_.fitRange();
  const auto range = [](const std::vector<double>& v, double& lo, double& hi) {
    const auto [a, b] = std::minmax_element(v.begin(), v.end());
    const double pad = 0.05 * (*b - *a);
    lo = *a - pad;
    hi = *b + pad;
  };
  range(data_.x, xLo_, xHi_);
  range(data_.y, yLo_, yHi_);
}

OptimizerSettings RegressionDescentPanel::optimizerSettings() const {
  OptimizerSettings s;
  s.id = static_cast<OptimizerId>(optimizer_->currentData().toInt());
  s.learningRate = static_cast<float>(lr_->value());
  return s;
}

int RegressionDescentPanel::batchOf(Path which) const {
  switch (which) {
    case FullBatch:
      return static_cast<int>(data_.x.size());
    case MiniBatch:
      return batch_->value();
    case Stochastic:
      return 1;
  }
  return 1;
}

void RegressionDescentPanel::recompute() {
  if (!error_.isEmpty()) return;
  const OptimizerSettings s = optimizerSettings();
  QString refused;
  for (Path which : {FullBatch, MiniBatch, Stochastic}) {
    const LinearRegressionObjective objective(data_, batchOf(which), kSeed);
    try {
      paths_[which] = descend(objective, s, start_, steps());
    } catch (const std::exception& e) {
      paths_[which] = {};
      refused = QString::fromUtf8(e.what());
    }
  }
  {
    const QSignalBlocker block(step_);
    step_->setRange(0, steps());
    step_->setValue(steps());
  }
  stepLabel_->setText(tr("step %1 / %2").arg(step()).arg(steps()));
  summary_->setText(refused.isEmpty() ? summaryText() : refused);
  canvas_->update();
  emit pathsChanged();
}

void RegressionDescentPanel::setStart(Point2 start) {
  if (!error_.isEmpty()) return;
  start.x = std::clamp(start.x, wLo_, wHi_);
  start.y = std::clamp(start.y, bLo_, bHi_);
  start_ = start;
  recompute();
}

int RegressionDescentPanel::batchSize() const {
  return batch_->value();
}
void RegressionDescentPanel::setBatchSize(int batch) {
  batch_->setValue(batch);
}
double RegressionDescentPanel::learningRate() const {
  return lr_->value();
}
void RegressionDescentPanel::setLearningRate(double lr) {
  lr_->setValue(lr);
}
int RegressionDescentPanel::steps() const {
  return steps_->value();
}
void RegressionDescentPanel::setSteps(int steps) {
  steps_->setValue(steps);
}
int RegressionDescentPanel::step() const {
  return step_->value();
}
void RegressionDescentPanel::setStep(int step) {
  step_->setValue(step);
}
bool RegressionDescentPanel::isPlaying() const {
  return timer_->isActive();
}

void RegressionDescentPanel::setOptimizer(OptimizerId id) {
  optimizer_->setCurrentIndex(optimizer_->findData(static_cast<int>(id)));
}

void RegressionDescentPanel::setPlaying(bool on) {
  if (on && step() >= steps()) setStep(0);
  if (on) {
    timer_->start();
  } else {
    timer_->stop();
  }
  const QSignalBlocker block(play_);
  play_->setChecked(on);
  play_->setText(on ? tr("Pause") : tr("Play"));
}

void RegressionDescentPanel::advance() {
  const int next = std::min(steps(), step() + std::max(1, steps() / 150));
  setStep(next);
  if (next >= steps()) setPlaying(false);
}

QString RegressionDescentPanel::summaryText() const {
  if (!error_.isEmpty()) return error_;
  static const char* const kNames[3] = {"Full batch", "Mini-batch", "Stochastic"};
  QStringList lines;
  for (Path which : {FullBatch, MiniBatch, Stochastic}) {
    const DescentPath& d = paths_[which];
    QString line = tr("%1 (%2 rows/step): ").arg(tr(kNames[which])).arg(batchOf(which));
    if (d.points.empty()) {
      lines << line + tr("no path");
      continue;
    }
    const double mse = d.points.back().loss;
    const double gap = optimumMse_ > 0 ? 100.0 * (mse - optimumMse_) / optimumMse_ : 0.0;
    line += tr("final MSE %1, %2 % above the optimum's %3; mean step-to-step loss change %4")
                .arg(mse, 0, 'f', 4)
                .arg(gap, 0, 'f', 2)
                .arg(optimumMse_, 0, 'f', 4)
                .arg(meanStepChange(d), 0, 'g', 3);
    if (d.divergedAt) line += tr(" — diverged at step %1").arg(*d.divergedAt);
    lines << line;
  }
  return lines.join('\n');
}

// ---- Painting.

RegressionDescentPanel::Layout RegressionDescentPanel::layoutFor(QSize size,
                                                                 const QFontMetrics& fm) const {
  const int labelW = fm.horizontalAdvance(QStringLiteral("−0.0"));
  const int top = fm.height() + 2 * kGap;
  const int left = kGap + fm.height() + 2 * kGap + labelW + 3;
  const int bottom = 3 + 2 * (fm.height() + kGap) + 2 * kGap + kBar + fm.height();
  const int mid = 3 * kGap;
  const int side = std::max(
      20, std::min((size.width() - 2 * left - mid - kGap) / 2, size.height() - top - bottom));
  const int x0 = std::max(0, (size.width() - (2 * left + 2 * side + mid)) / 2);
  Layout l;
  l.surface = QRectF(x0 + left, top, side, side);
  l.data = QRectF(l.surface.right() + mid + left, top, side, side);
  return l;
}

QPointF RegressionDescentPanel::surfacePoint(Point2 wb) const {
  const QRectF s = layoutFor(canvas_->size(), QFontMetrics(plotFont(canvas_->font()))).surface;
  return {s.left() + (wb.x - wLo_) / (wHi_ - wLo_) * s.width(),
          s.bottom() - (wb.y - bLo_) / (bHi_ - bLo_) * s.height()};
}

Point2 RegressionDescentPanel::fromSurface(QPointF pos) const {
  const QRectF s = layoutFor(canvas_->size(), QFontMetrics(plotFont(canvas_->font()))).surface;
  return {wLo_ + (pos.x() - s.left()) / s.width() * (wHi_ - wLo_),
          bLo_ + (s.bottom() - pos.y()) / s.height() * (bHi_ - bLo_)};
}

void RegressionDescentPanel::paintPicture(QPainter& p, QSize size, const QColor& background,
                                          const QColor& text, const QColor& frame) const {
  p.fillRect(QRect(QPoint(0, 0), size), background);
  if (!error_.isEmpty()) {
    p.setPen(text);
    p.drawText(QRect(QPoint(0, 0), size).adjusted(10, 10, -10, -10),
               Qt::AlignCenter | Qt::TextWordWrap, error_);
    return;
  }
  const Layout l = layoutFor(size, p.fontMetrics());
  paintSurface(p, l.surface, text, frame);
  paintData(p, l.data, text, frame);
}

void RegressionDescentPanel::paintSurface(QPainter& p, const QRectF& plot, const QColor& text,
                                          const QColor& frame) const {
  const QFontMetrics fm = p.fontMetrics();
  const auto toPlot = [&](double w, double b) {
    return QPointF(plot.left() + (w - wLo_) / (wHi_ - wLo_) * plot.width(),
                   plot.bottom() - (b - bLo_) / (bHi_ - bLo_) * plot.height());
  };
  p.setPen(text);
  p.drawText(QRectF(plot.left(), kGap, plot.width(), fm.height()), Qt::AlignCenter,
             fm.elidedText(tr("MSE over (w, b) on all %1 rows").arg(data_.x.size()), Qt::ElideRight,
                           static_cast<int>(plot.width())));
  paintLossMap(p, map_, plot);
  p.save();
  p.setClipRect(plot);
  p.setRenderHint(QPainter::Antialiasing, true);
  const int at = step();
  // Later paths on top: the noisy ones stay visible over the straight one.
  for (Path which : {FullBatch, MiniBatch, Stochastic}) {
    const DescentPath& d = paths_[which];
    if (d.points.empty()) continue;
    QPainterPath all, done;
    const std::size_t shown =
        std::min<std::size_t>(d.points.size() - 1, static_cast<std::size_t>(at));
    for (std::size_t i = 0; i < d.points.size(); ++i) {
      const QPointF q = toPlot(d.points[i].x, d.points[i].y);
      if (i == 0) {
        all.moveTo(q);
        done.moveTo(q);
      } else {
        all.lineTo(q);
        if (i <= shown) done.lineTo(q);
      }
    }
    QColor faint = kPathColors[which];
    faint.setAlpha(70);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(faint, thick(1.0)));
    p.drawPath(all);
    p.setPen(
        QPen(QColor(255, 255, 255, 170), thick(3.5), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(done);
    p.setPen(QPen(kPathColors[which], thick(1.6), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(done);
    p.setPen(QPen(Qt::white, thick(1.2)));
    p.setBrush(kPathColors[which]);
    p.drawEllipse(toPlot(d.points[shown].x, d.points[shown].y), thick(4.0), thick(4.0));
  }
  // The least-squares optimum, and the start (a handle to drag).
  const QPointF o = toPlot(optimum_.x, optimum_.y);
  p.setPen(QPen(Qt::white, thick(1.5)));
  p.setBrush(QColor(0x2c, 0xa0, 0x2c));
  QPolygonF star;
  for (int k = 0; k < 10; ++k) {
    const double r = k % 2 ? 3.0 : 7.5, a = std::numbers::pi / 2 + k * std::numbers::pi / 5;
    star << o + QPointF(r * std::cos(a), -r * std::sin(a));
  }
  p.drawPolygon(star);
  p.setPen(QPen(QColor(0x22, 0x22, 0x22), thick(2.0)));
  p.setBrush(Qt::white);
  p.drawEllipse(toPlot(start_.x, start_.y), thick(5.5), thick(5.5));
  p.restore();
  p.setPen(frame);
  p.setBrush(Qt::NoBrush);
  p.drawRect(plot.adjusted(0, 0, -1, -1));
  drawAxes(p, plot, wLo_, wHi_, bLo_, bHi_, tr("w (slope)"), tr("b (intercept)"), text);
  // The colour scale.
  const int barY = static_cast<int>(plot.bottom()) + 3 + 2 * (fm.height() + kGap) + kGap;
  const QString mseText = tr("MSE");
  const int lw = fm.horizontalAdvance(mseText) + kGap;
  p.setPen(text);
  p.drawText(
      QRect(static_cast<int>(plot.left()), barY - fm.height() / 2 + kBar / 2, lw, fm.height()),
      Qt::AlignLeft | Qt::AlignVCenter, mseText);
  paintLossScale(p, map_,
                 QRect(static_cast<int>(plot.left()) + lw, barY,
                       static_cast<int>(plot.width()) - lw - 10, kBar),
                 text, frame);
}

void RegressionDescentPanel::paintData(QPainter& p, const QRectF& plot, const QColor& text,
                                       const QColor& frame) const {
  const QFontMetrics fm = p.fontMetrics();
  const auto toPlot = [&](double x, double y) {
    return QPointF(plot.left() + (x - xLo_) / (xHi_ - xLo_) * plot.width(),
                   plot.bottom() - (y - yLo_) / (yHi_ - yLo_) * plot.height());
  };
  const int at = step();
  p.setPen(text);
  p.drawText(QRectF(plot.left(), kGap, plot.width(), fm.height()), Qt::AlignCenter,
             fm.elidedText(tr("The data and each path's line at step %1").arg(at), Qt::ElideRight,
                           static_cast<int>(plot.width())));
  p.fillRect(plot, Qt::white);
  p.save();
  p.setClipRect(plot);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(QColor(0x1d, 0x91, 0xc0, 90), thick(3.5), Qt::SolidLine, Qt::RoundCap));
  std::vector<QPointF> dots;
  dots.reserve(data_.x.size());
  for (std::size_t i = 0; i < data_.x.size(); ++i) dots.push_back(toPlot(data_.x[i], data_.y[i]));
  p.drawPoints(dots.data(), static_cast<int>(dots.size()));
  // The least-squares line, dashed, and each path's line at the step.
  const auto line = [&](double w, double b) {
    return QLineF(toPlot(xLo_, w * xLo_ + b), toPlot(xHi_, w * xHi_ + b));
  };
  p.setPen(QPen(QColor(0x2c, 0xa0, 0x2c), thick(1.5), Qt::DashLine));
  p.drawLine(line(optimum_.x, optimum_.y));
  for (Path which : {FullBatch, MiniBatch, Stochastic}) {
    const DescentPath& d = paths_[which];
    if (d.points.empty()) continue;
    const PathPoint& q = d.points[std::min<std::size_t>(d.points.size() - 1, at)];
    p.setPen(QPen(kPathColors[which], thick(2.0)));
    p.drawLine(line(q.x, q.y));
  }
  p.restore();
  p.setPen(frame);
  p.setBrush(Qt::NoBrush);
  p.drawRect(plot.adjusted(0, 0, -1, -1));
  drawAxes(p, plot, xLo_, xHi_, yLo_, yHi_, tr("%1 (standardized)").arg(qs(data_.feature)),
           tr("%1 (standardized)").arg(qs(data_.target)), text);

  // The legend: each path's colour and its MSE at the step.
  static const char* const kShort[3] = {"full batch", "mini-batch", "stochastic"};
  const int y = static_cast<int>(plot.bottom()) + 3 + 2 * (fm.height() + kGap) + kGap - 3;
  double x = plot.left();
  for (Path which : {FullBatch, MiniBatch, Stochastic}) {
    const DescentPath& d = paths_[which];
    const double mse =
        d.points.empty() ? NAN : d.points[std::min<std::size_t>(d.points.size() - 1, at)].loss;
    const QString label = tr("%1 %2").arg(tr(kShort[which]), shortNumber(mse));
    p.setPen(QPen(kPathColors[which], thick(2.5)));
    p.drawLine(QPointF(x, y + fm.height() / 2.0), QPointF(x + 14, y + fm.height() / 2.0));
    x += 14 + kGap;
    p.setPen(text);
    const int w = fm.horizontalAdvance(label);
    p.drawText(QRectF(x, y, w + 2, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, label);
    x += w + 3 * kGap;
  }
  const QString opt = tr("optimum %1").arg(shortNumber(optimumMse_));
  p.setPen(QPen(QColor(0x2c, 0xa0, 0x2c), thick(1.5), Qt::DashLine));
  p.drawLine(QPointF(x, y + fm.height() / 2.0), QPointF(x + 14, y + fm.height() / 2.0));
  p.setPen(text);
  p.drawText(QRectF(x + 14 + kGap, y, fm.horizontalAdvance(opt) + 2, fm.height()),
             Qt::AlignLeft | Qt::AlignVCenter, opt);
}

QImage RegressionDescentPanel::renderImage(QSize size) const {
  QImage img(size, QImage::Format_ARGB32_Premultiplied);
  QPainter p(&img);
  p.setFont(plotFont(font()));
  const QFontMetrics fm = p.fontMetrics();
  const int summaryH = 3 * fm.height() + 2 * kGap;
  const QSize picture(size.width(), std::max(40, size.height() - summaryH));
  paintPicture(p, picture, Qt::white, QColor(0x22, 0x22, 0x22), QColor(0x88, 0x88, 0x88));
  p.fillRect(QRect(0, picture.height(), size.width(), size.height() - picture.height()), Qt::white);
  p.setPen(QColor(0x22, 0x22, 0x22));
  p.drawText(QRect(2 * kGap, picture.height(), size.width() - 4 * kGap, summaryH - kGap),
             Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, summaryText());
  p.end();
  return img;
}

void RegressionDescentPanel::exportPng() {
  QString path =
      QFileDialog::getSaveFileName(this, tr("Export the batch-size comparison"),
                                   QDir::homePath() + "/batch_sizes.png", tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(".png", Qt::CaseInsensitive)) path += ".png";
  if (!renderImage(QSize(1200, 640)).save(path))
    summary_->setText(tr("Could not write %1").arg(path));
}

}  // namespace nnplay::gui
