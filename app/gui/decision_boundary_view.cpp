#include "decision_boundary_view.hpp"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <vector>

#include "colors.hpp"
#include "plot_axes.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr int kGap = 4;        // between the plot and its labels
constexpr int kBarHeight = 8;  // the colour scale
constexpr double kHeatmapOpacity = 160.0 / 255.0;

// The colour of a value on the lo..hi scale, as the heatmap draws it.
QColor valueColor(float v, float lo, float hi) {
  const float mid = 0.5f * (lo + hi);
  const float half = hi > lo ? 0.5f * (hi - lo) : 1.0f;
  return QColor::fromRgb(divergingColor((v - mid) / half));
}

// Labels may be class indices stored as floats; round rather than truncate.
int classOf(float label) {
  return static_cast<int>(std::lround(label));
}

// One pre-rendered antialiased dot per (fill, ring) colour pair: blitting
// 500 small images is ~10x cheaper than stroking 500 ellipses, and the
// picture is recomposed for every snapshot while training.
class DotSprites {
 public:
  DotSprites(double radius, qreal dpr) : radius_(radius), dpr_(dpr) {
    side_ = static_cast<int>(std::ceil(2.0 * radius + 3.0));
  }
  void draw(QPainter& p, QPointF center, QColor fill, QColor ring) {
    const quint64 key = (quint64{fill.rgb()} << 32) | ring.rgb();
    auto it = sprites_.find(key);
    if (it == sprites_.end()) it = sprites_.emplace(key, make(fill, ring)).first;
    // Whole pixels: half a pixel off is invisible in a scatter of dots.
    p.drawImage(QPointF(std::round(center.x() - side_ / 2.0), std::round(center.y() - side_ / 2.0)),
                it->second);
  }

 private:
  QImage make(const QColor& fill, const QColor& ring) const {
    const int px = static_cast<int>(std::ceil(side_ * dpr_));
    QImage img(px, px, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr_);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(ring, thick(1.0)));
    p.setBrush(fill);
    p.drawEllipse(QPointF(side_ / 2.0, side_ / 2.0), radius_, radius_);
    return img;
  }
  double radius_;
  qreal dpr_;
  int side_ = 0;
  std::unordered_map<quint64, QImage> sprites_;
};

// Regression colours vary continuously; 64 steps keep the sprite count small.
QColor quantizedValueColor(float v, float lo, float hi) {
  const float t = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f) : 0.5f;
  return valueColor(lo + (hi - lo) * std::round(t * 64.0f) / 64.0f, lo, hi);
}

// One dot and name per class, centred on centreX in a row at y.
void paintClassLegend(QPainter& p, const PointSet& ps, QRect area, int centreX, int y,
                      const QColor& text) {
  const QFontMetrics fm = p.fontMetrics();
  const int n = std::max(1, ps.classes);
  const int dot = fm.height() / 2;
  const int maxEach = std::max(30, (area.width() - 2 * kGap) / n);
  std::vector<QString> names;
  int total = 0;
  for (int k = 0; k < n; ++k) {
    const QString name = static_cast<std::size_t>(k) < ps.classNames.size()
                             ? QString::fromStdString(ps.classNames[static_cast<std::size_t>(k)])
                             : QString::number(k);
    names.push_back(fm.elidedText(name, Qt::ElideRight, maxEach - dot - 3 * kGap));
    total += dot + kGap + fm.horizontalAdvance(names.back()) + 2 * kGap;
  }
  int x = std::max(area.left() + kGap, centreX - total / 2);
  p.setRenderHint(QPainter::Antialiasing, true);
  for (int k = 0; k < n; ++k) {
    p.setPen(QPen(Qt::white, 1.0));
    p.setBrush(classColor(k, ps.classes));
    p.drawEllipse(QPointF(x + dot / 2.0, y + fm.height() / 2.0), dot / 2.0 + 1, dot / 2.0 + 1);
    x += dot + kGap;
    p.setPen(text);
    const int w = fm.horizontalAdvance(names[static_cast<std::size_t>(k)]);
    p.drawText(QRect(x, y, w + 2, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               names[static_cast<std::size_t>(k)]);
    x += w + 2 * kGap;
  }
}

}  // namespace

DecisionBoundaryView::DecisionBoundaryView(QWidget* parent) : CachedPictureView(parent) {}

void DecisionBoundaryView::setSnapshot(std::shared_ptr<const Snapshot> s) {
  // A snapshot is immutable and we hold it, so the same pointer means the same picture.
  if (s == snapshot_) return;
  const bool newPoints = !snapshot_ || !s || s->points != snapshot_->points;
  snapshot_ = std::move(s);
  if (newPoints && snapshot_ && snapshot_->points) {
    const PointSet& ps = *snapshot_->points;
    float lo = kInf, hi = -kInf;
    for (const RowMatrix* m : {&ps.trainLabels, &ps.testLabels}) {
      if (m->cols() == 0) continue;
      for (Eigen::Index r = 0; r < m->rows(); ++r) {
        const float v = (*m)(r, 0);
        if (!std::isfinite(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
    if (!(lo < hi)) {
      lo = std::isfinite(lo) ? lo - 1.0f : 0.0f;
      hi = lo + 2.0f;
    }
    labelLo_ = lo;
    labelHi_ = hi;
  }
  invalidate(true);
}

void DecisionBoundaryView::setDiscretize(bool on) {
  if (on == discretize_) return;
  discretize_ = on;
  invalidate(true);
}

void DecisionBoundaryView::setShowTestData(bool on) {
  if (on == showTest_) return;
  showTest_ = on;
  invalidate(false);
}

void DecisionBoundaryView::showNeuron(int gridLayer, int unit) {
  if (gridLayer < 0 || unit < 0) gridLayer = unit = -1;
  if (gridLayer == neuronLayer_ && unit == neuronUnit_) return;
  neuronLayer_ = gridLayer;
  neuronUnit_ = unit;
  invalidate(true);
}

void DecisionBoundaryView::invalidate(bool heatmapToo) {
  if (heatmapToo) heatmap_ = QImage();
  invalidatePicture();
}

DecisionBoundaryView::Source DecisionBoundaryView::source() const {
  Source src;
  if (!snapshot_ || !snapshot_->grid || !snapshot_->points) return src;
  const Grid& g = *snapshot_->grid;
  const int n = g.resolution * g.rows;
  if (n <= 0) return src;
  if (neuronLayer_ >= 0 && static_cast<std::size_t>(neuronLayer_) < g.layers.size() &&
      neuronUnit_ < g.layers[static_cast<std::size_t>(neuronLayer_)].rows() &&
      g.layers[static_cast<std::size_t>(neuronLayer_)].cols() == n) {
    const RowMatrix& m = g.layers[static_cast<std::size_t>(neuronLayer_)];
    src.values =
        m.data() + static_cast<std::ptrdiff_t>(neuronUnit_) * n;  // row-major: one row each
    src.count = n;
    src.neuron = true;
    // Layer 0 holds the input features (unbounded); layer i + 1 spec layer i.
    float actLo = -kInf, actHi = kInf;
    const auto& layers = snapshot_->network.layers;
    if (neuronLayer_ >= 1 && static_cast<std::size_t>(neuronLayer_) <= layers.size()) {
      const ActivationInfo& a =
          activation(layers[static_cast<std::size_t>(neuronLayer_ - 1)].activation);
      actLo = a.lo;
      actHi = a.hi;
    }
    src.bounded = std::isfinite(actLo) && std::isfinite(actHi);
    heatmapRange(src.values, n, actLo, actHi, src.lo, src.hi);
    return src;
  }
  if (g.outputs.cols() != n || g.outputs.rows() == 0) return src;
  src.count = n;
  if (snapshot_->points->task == Task::Regression) {
    src.values = g.outputs.data();
    src.lo = labelLo_;
    src.hi = labelHi_;
  } else if (g.outputs.rows() == 1) {
    src.values = g.outputs.data();
    src.lo = 0.0f;
    src.hi = 1.0f;
  } else {
    src.classBlend = true;
  }
  return src;
}

const QImage& DecisionBoundaryView::heatmap() const {
  if (!heatmap_.isNull()) return heatmap_;
  const Source src = source();
  if (!snapshot_ || !snapshot_->grid || src.count == 0) return heatmap_;
  const Grid& g = *snapshot_->grid;
  if (src.classBlend) {
    heatmap_ = classBlendImage(g.outputs, g.resolution, g.rows, discretize_);
  } else if (src.values) {
    heatmap_ = heatmapImage(src.values, g.resolution, g.rows, src.lo, src.hi, discretize_);
  }
  return heatmap_;
}

QString DecisionBoundaryView::caption() const {
  const Source src = source();
  if (!src.neuron) return {};
  if (neuronLayer_ == 0) {
    QString name = QStringLiteral("X%1").arg(neuronUnit_ + 1);
    if (snapshot_->transform) {
      const InputTransform& t = *snapshot_->transform;
      const auto unit = static_cast<std::size_t>(neuronUnit_);
      if (!t.features.isIdentity() && unit < t.features.ids.size()) {
        const std::string_view label = feature(t.features.ids[unit]).label;
        name = qs(label);
      } else if (unit < t.inputNames.size()) {
        name = QString::fromStdString(t.inputNames[unit]);
      }
    }
    return tr("input %1").arg(name);
  }
  const bool output = static_cast<std::size_t>(neuronLayer_) + 1 == snapshot_->grid->layers.size();
  return output ? tr("output, neuron %1").arg(neuronUnit_ + 1)
                : tr("layer %1, neuron %2").arg(neuronLayer_).arg(neuronUnit_ + 1);
}

void DecisionBoundaryView::paintPicture(QPainter& p, QSize size,
                                        const PictureColors& colors) const {
  paintPlot(p, size, colors);
}

void DecisionBoundaryView::composePicture(QPainter& p, QSize size, const PictureColors& colors) {
  plot_ = paintPlot(p, size, colors);
}

QRect DecisionBoundaryView::paintPlot(QPainter& p, QSize size, const PictureColors& colors) const {
  p.fillRect(QRect(QPoint(0, 0), size), colors.background);
  p.setFont(plotFont(font()));
  const Source src = source();
  const QRect area(QPoint(0, 0), size);
  const bool oneD = snapshot_ && snapshot_->grid && snapshot_->grid->rows == 1;
  if (oneD) {
    paint1d(p, area, src, colors);
    return {};
  }
  return paint2d(p, area, src, colors);
}

QRect DecisionBoundaryView::paint2d(QPainter& p, QRect area, const Source& src,
                                    const PictureColors& colors) const {
  const QFontMetrics fm = p.fontMetrics();
  const PointSet* ps = snapshot_ ? snapshot_->points.get() : nullptr;
  const float extent = snapshot_ && snapshot_->grid ? snapshot_->grid->extent
                       : ps                         ? ps->extent
                                                    : 6.0f;
  const QString cap = caption();
  const bool classes = ps && ps->task == Task::Classification && !src.neuron;
  // A colour scale with numbers wherever colours stand for values; class
  // swatches where they stand for classes.
  const bool gradientLegend = src.values != nullptr && !classes;
  const bool swatchLegend = classes;
  const int legendH = gradientLegend ? kBarHeight + fm.height() + 2 * kGap
                      : swatchLegend ? fm.height() + 2 * kGap
                                     : 0;
  const double step = niceStep(-extent, extent, 6);
  const std::vector<double> ticks = niceTicks(-extent, extent, 6);
  int labelW = 0;
  for (double t : ticks) labelW = std::max(labelW, fm.horizontalAdvance(tickLabel(t, step)));

  const int top = cap.isEmpty() ? kGap : fm.height() + 2 * kGap;
  const int left = labelW + 2 * kGap;
  const int right = std::max(kGap, labelW / 2 + 2);
  const int bottom = fm.height() + 2 * kGap + legendH;
  const int side =
      std::max(10, std::min(area.width() - left - right, area.height() - top - bottom));
  const int x0 = area.left() + left + std::max(0, (area.width() - left - right - side) / 2);
  const QRect plot(x0, area.top() + top, side, side);

  if (!cap.isEmpty()) {
    p.setPen(colors.text);
    QFont bold = p.font();
    bold.setBold(true);
    p.save();
    p.setFont(bold);
    p.drawText(QRect(plot.left(), area.top() + kGap, plot.width(), fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, cap);
    p.restore();
  }

  const QImage& img = heatmap();
  if (!img.isNull()) {
    // TF Playground paints its heatmap at alpha 160 over white, so the
    // saturated dots stand out from the regions of their own class.
    // The class blend is pale by design already.
    p.fillRect(plot, Qt::white);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.setOpacity(src.classBlend ? 1.0 : kHeatmapOpacity);
    p.drawImage(plot, img);
    p.setOpacity(1.0);
  } else {
    p.fillRect(plot, kNeutral);
  }

  // Axis ticks and labels.
  p.setRenderHint(QPainter::Antialiasing, false);
  p.setPen(colors.frame);
  p.drawRect(plot.adjusted(0, 0, -1, -1));
  const auto toX = [&](double x) {
    return plot.left() + (x + extent) / (2.0 * extent) * plot.width();
  };
  const auto toY = [&](double y) {
    return plot.top() + (extent - y) / (2.0 * extent) * plot.height();
  };
  for (double t : ticks) {
    const QString label = tickLabel(t, step);
    const int x = static_cast<int>(std::lround(toX(t)));
    const int y = static_cast<int>(std::lround(toY(t)));
    p.setPen(colors.frame);
    p.drawLine(x, plot.bottom() + 1, x, plot.bottom() + 3);
    p.drawLine(plot.left() - 3, y, plot.left() - 1, y);
    p.setPen(colors.text);
    p.drawText(QRect(x - 30, plot.bottom() + kGap, 60, fm.height()),
               Qt::AlignHCenter | Qt::AlignTop, label);
    p.drawText(
        QRect(area.left(), y - fm.height() / 2, plot.left() - kGap - area.left(), fm.height()),
        Qt::AlignRight | Qt::AlignVCenter, label);
  }

  // The points: training filled with a white ring, test with a dark one (TF Playground).
  if (ps && ps->train.cols() >= 2) {
    p.setRenderHint(QPainter::Antialiasing, true);
    p.save();
    p.setClipRect(plot);
    DotSprites dots(thick(std::clamp(side / 80.0, 3.0, 5.5)), p.device()->devicePixelRatioF());
    const auto drawSet = [&](const RowMatrix& xs, const RowMatrix& labels, const QColor& ring) {
      const Eigen::Index n = std::min(xs.rows(), labels.rows());
      for (Eigen::Index i = 0; i < n; ++i) {
        const float label = labels.cols() > 0 ? labels(i, 0) : 0.0f;
        const QColor fill = ps->task == Task::Classification
                                ? classColor(classOf(label), ps->classes)
                                : quantizedValueColor(label, labelLo_, labelHi_);
        dots.draw(p, QPointF(toX(xs(i, 0)), toY(xs(i, 1))), fill, ring);
      }
    };
    drawSet(ps->train, ps->trainLabels, Qt::white);
    if (showTest_) drawSet(ps->test, ps->testLabels, QColor(0x20, 0x20, 0x20));
    // The last manual step's samples and the math view's sample, ringed.
    const double ring = thick(std::clamp(side / 80.0, 3.0, 5.5) + 3.0);
    for (const SampleRef& r : highlighted()) {
      const RowMatrix& xs = r.set == SampleRef::Set::Train ? ps->train : ps->test;
      if (r.row >= xs.rows()) continue;
      const QPointF c(toX(xs(r.row, 0)), toY(xs(r.row, 1)));
      const bool followed = snapshot_->followed && *snapshot_->followed == r;
      p.setBrush(Qt::NoBrush);
      p.setPen(
          QPen(followed ? QColor(20, 20, 20) : QColor(255, 200, 0), thick(followed ? 2.5 : 2.0)));
      p.drawEllipse(c, ring + (followed ? 2 : 0), ring + (followed ? 2 : 0));
    }
    p.restore();
  }

  // The legend under the x labels.
  const int ly = plot.bottom() + fm.height() + 2 * kGap + kGap;
  p.setRenderHint(QPainter::Antialiasing, true);
  if (gradientLegend) {
    const int w = std::min(side, 240);
    const QRect bar(plot.left() + (side - w) / 2, ly, w, kBarHeight);
    std::vector<float> ramp(256);
    for (int i = 0; i < 256; ++i)
      ramp[static_cast<std::size_t>(i)] = src.lo + (src.hi - src.lo) * i / 255.0f;
    p.fillRect(bar, Qt::white);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.setOpacity(kHeatmapOpacity);
    p.drawImage(bar, heatmapImage(ramp.data(), 256, 1, src.lo, src.hi, discretize_));
    p.setOpacity(1.0);
    p.setPen(colors.frame);
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(bar).adjusted(-0.5, -0.5, 0.5, 0.5));
    const double lstep = niceStep(src.lo, src.hi, 4);
    p.setPen(colors.text);
    for (double t : niceTicks(src.lo, src.hi, 4)) {
      const double x =
          bar.left() + (t - src.lo) / std::max(1e-30, double(src.hi - src.lo)) * bar.width();
      p.drawLine(QPointF(x, bar.bottom() + 1), QPointF(x, bar.bottom() + 3));
      p.drawText(QRectF(x - 40, bar.bottom() + 3, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                 tickLabel(t, lstep));
    }
  } else if (swatchLegend) {
    paintClassLegend(p, *ps, area, plot.center().x(), ly, colors.text);
  }
  return plot;
}

void DecisionBoundaryView::paint1d(QPainter& p, QRect area, const Source& src,
                                   const PictureColors& colors) const {
  const QFontMetrics fm = p.fontMetrics();
  const Grid& g = *snapshot_->grid;
  const PointSet* ps = snapshot_->points.get();
  const float extent = g.extent;
  const bool regression = ps && ps->task == Task::Regression;
  const QString cap = caption();

  // The curves to draw: the neuron, the prediction, or one probability per class.
  struct Curve {
    const float* v;
    QColor color;
  };
  std::vector<Curve> curves;
  double ylo = 0.0, yhi = 1.0;
  const int n = g.resolution;
  if (src.neuron) {
    curves.push_back({src.values, QColor(0x33, 0x33, 0x33)});
    ylo = src.lo;
    yhi = src.hi;
    if (!src.bounded) {
      // The heatmap's range is symmetric around 0 for unbounded activations; a curve reads better
      // fitted.
      float mn = kInf, mx = -kInf;
      for (int i = 0; i < n; ++i) {
        if (std::isfinite(src.values[i]))
          mn = std::min(mn, src.values[i]), mx = std::max(mx, src.values[i]);
      }
      if (mn < mx) ylo = mn, yhi = mx;
    }
  } else if (g.outputs.cols() == n && g.outputs.rows() > 0) {
    if (regression || g.outputs.rows() == 1) {
      curves.push_back({g.outputs.data(), QColor(0x33, 0x33, 0x33)});
    } else {
      for (Eigen::Index k = 0; k < g.outputs.rows(); ++k) {
        curves.push_back(
            {g.outputs.data() + k * n, classColor(static_cast<int>(k), ps ? ps->classes : 2)});
      }
    }
    if (regression) {
      double mn = labelLo_, mx = labelHi_;
      for (int i = 0; i < n; ++i) {
        const double v = g.outputs(0, i);
        if (std::isfinite(v)) mn = std::min(mn, v), mx = std::max(mx, v);
      }
      // Keep a wild early prediction from flattening the data.
      const double span = labelHi_ - labelLo_;
      ylo = std::max(mn, labelLo_ - span);
      yhi = std::min(mx, labelHi_ + span);
    }
  }
  if (!(ylo < yhi)) ylo -= 1.0, yhi += 1.0;
  const double pad = 0.05 * (yhi - ylo);
  ylo -= pad;
  yhi += pad;

  const double xstep = niceStep(-extent, extent, 6);
  const double ystep = niceStep(ylo, yhi, 5);
  const std::vector<double> xticks = niceTicks(-extent, extent, 6);
  const std::vector<double> yticks = niceTicks(ylo, yhi, 5);
  int labelW = 0;
  for (double t : yticks) labelW = std::max(labelW, fm.horizontalAdvance(tickLabel(t, ystep)));
  const int top = cap.isEmpty() ? kGap + fm.height() / 2 : fm.height() + 2 * kGap;
  const int left = labelW + 2 * kGap;
  const int right = kGap + fm.horizontalAdvance(tickLabel(extent, xstep)) / 2;
  const bool legend = ps && !regression;  // which colour is which class
  const int bottom = fm.height() + 2 * kGap + (legend ? fm.height() + 2 * kGap : 0);
  const int side =
      std::max(10, std::min(area.width() - left - right, area.height() - top - bottom));
  const int x0 = area.left() + left + std::max(0, (area.width() - left - right - side) / 2);
  const QRect plot(x0, area.top() + top, side, side);
  if (legend)
    paintClassLegend(p, *ps, area, plot.center().x(), plot.bottom() + fm.height() + 3 * kGap,
                     colors.text);
  // Points as (x, y) for regression and one sigmoid output; as a rug in a
  // strip of their own under the curves where y means nothing (a hidden
  // neuron, several classes).
  const bool rug = src.neuron || (!regression && g.outputs.rows() > 1);
  const double r = std::clamp(side / 90.0, 2.5, 4.5);
  const double rugH = rug ? 2.0 * r + 4.0 : 0.0;
  const auto toX = [&](double x) {
    return plot.left() + (x + extent) / (2.0 * extent) * plot.width();
  };
  const auto toY = [&](double y) {
    return plot.bottom() - rugH - (y - ylo) / (yhi - ylo) * (plot.height() - rugH);
  };

  if (!cap.isEmpty()) {
    QFont bold = p.font();
    bold.setBold(true);
    p.save();
    p.setFont(bold);
    p.setPen(colors.text);
    p.drawText(QRect(plot.left(), area.top() + kGap, plot.width(), fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, cap);
    p.restore();
  }

  p.fillRect(plot, Qt::white);
  p.setRenderHint(QPainter::Antialiasing, false);
  p.setPen(QColor(0xe4, 0xe4, 0xe4));
  for (double t : xticks) p.drawLine(QPointF(toX(t), plot.top()), QPointF(toX(t), plot.bottom()));
  for (double t : yticks) p.drawLine(QPointF(plot.left(), toY(t)), QPointF(plot.right(), toY(t)));
  p.setPen(colors.frame);
  p.setBrush(Qt::NoBrush);
  p.drawRect(plot.adjusted(0, 0, -1, -1));
  p.setPen(colors.text);
  for (double t : xticks) {
    p.drawText(QRectF(toX(t) - 30, plot.bottom() + kGap, 60, fm.height()),
               Qt::AlignHCenter | Qt::AlignTop, tickLabel(t, xstep));
  }
  for (double t : yticks) {
    p.drawText(QRectF(area.left(), toY(t) - fm.height() / 2.0, plot.left() - kGap - area.left(),
                      fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, tickLabel(t, ystep));
  }

  p.save();
  p.setClipRect(plot);
  p.setRenderHint(QPainter::Antialiasing, true);
  if (rug) {
    p.setPen(QColor(0xe4, 0xe4, 0xe4));
    p.drawLine(QPointF(plot.left(), plot.bottom() - rugH),
               QPointF(plot.right(), plot.bottom() - rugH));
  }
  if (ps && ps->train.cols() >= 1) {
    DotSprites dots(thick(r), p.device()->devicePixelRatioF());
    const auto drawSet = [&](const RowMatrix& xs, const RowMatrix& labels, const QColor& ring) {
      const Eigen::Index m = std::min(xs.rows(), labels.rows());
      for (Eigen::Index i = 0; i < m; ++i) {
        const float label = labels.cols() > 0 ? labels(i, 0) : 0.0f;
        const QColor fill = regression ? quantizedValueColor(label, labelLo_, labelHi_)
                                       : classColor(classOf(label), ps->classes);
        const double y =
            rug ? plot.bottom() - rugH / 2.0 : toY(regression ? label : classOf(label));
        dots.draw(p, QPointF(toX(xs(i, 0)), y), fill, ring);
      }
    };
    drawSet(ps->train, ps->trainLabels, Qt::white);
    if (showTest_) drawSet(ps->test, ps->testLabels, QColor(0x20, 0x20, 0x20));
  }
  for (const Curve& c : curves) {
    QPainterPath path;
    for (int i = 0; i < n; ++i) {
      const double x = -extent + 2.0 * extent * i / std::max(1, n - 1);
      const double y = std::clamp<double>(c.v[i], ylo - (yhi - ylo), yhi + (yhi - ylo));
      const QPointF pt(toX(x), toY(std::isfinite(y) ? y : ylo));
      if (i == 0) {
        path.moveTo(pt);
      } else {
        path.lineTo(pt);
      }
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(c.color, thick(2.0)));
    p.drawPath(path);
  }
  p.restore();
}

bool DecisionBoundaryView::toPlane(QPointF pos, QPointF* plane) const {
  if (!plot_.isValid() || !snapshot_ || !snapshot_->points || !hasPicture() ||
      !plot_.contains(pos.toPoint())) {
    return false;
  }
  const double extent = snapshot_->grid ? snapshot_->grid->extent : snapshot_->points->extent;
  if (plane) {
    *plane = QPointF(-extent + 2.0 * extent * (pos.x() - plot_.left()) / plot_.width(),
                     extent - 2.0 * extent * (pos.y() - plot_.top()) / plot_.height());
  }
  return true;
}

QPointF DecisionBoundaryView::toWidget(QPointF plane) const {
  if (!snapshot_ || !snapshot_->points) return {};
  const double extent = snapshot_->grid ? snapshot_->grid->extent : snapshot_->points->extent;
  return {plot_.left() + (plane.x() + extent) / (2 * extent) * plot_.width(),
          plot_.top() + (extent - plane.y()) / (2 * extent) * plot_.height()};
}

std::vector<SampleRef> DecisionBoundaryView::highlighted() const {
  std::vector<SampleRef> out;
  if (!snapshot_) return out;
  if (snapshot_->lastStep) {
    for (std::uint32_t r : snapshot_->lastStep->rows) {
      out.push_back({SampleRef::Set::Train, static_cast<int>(r)});
    }
  }
  if (snapshot_->followed) out.push_back(*snapshot_->followed);
  return out;
}

std::optional<SampleRef> DecisionBoundaryView::sampleAt(QPointF pos) const {
  QPointF plane;
  if (!toPlane(pos, &plane) || !snapshot_->points || snapshot_->points->train.cols() < 2) {
    return std::nullopt;
  }
  const PointSet& ps = *snapshot_->points;
  const double extent = snapshot_->grid ? snapshot_->grid->extent : ps.extent;
  const double perPixel = 2.0 * extent / std::max(1, plot_.width());
  double best = 10.0 * perPixel;  // within 10 pixels
  std::optional<SampleRef> found;
  const auto search = [&](const RowMatrix& xs, SampleRef::Set set) {
    for (Eigen::Index i = 0; i < xs.rows(); ++i) {
      const double d = std::hypot(xs(i, 0) - plane.x(), xs(i, 1) - plane.y());
      if (d < best) {
        best = d;
        found = SampleRef{set, static_cast<int>(i)};
      }
    }
  };
  search(ps.train, SampleRef::Set::Train);
  if (showTest_) search(ps.test, SampleRef::Set::Test);
  return found;
}

void DecisionBoundaryView::mouseDoubleClickEvent(QMouseEvent* e) {
  if (const std::optional<SampleRef> s = sampleAt(e->position())) {
    emit sampleDoubleClicked(*s);
    e->accept();
    return;
  }
  CachedPictureView::mouseDoubleClickEvent(e);
}

void DecisionBoundaryView::mousePressEvent(QMouseEvent* e) {
  QPointF plane;
  if (!toPlane(e->position(), &plane)) {
    CachedPictureView::mousePressEvent(e);
    return;
  }
  emit pointClicked(plane, e->button());
  e->accept();
}

}  // namespace nnplay::gui
