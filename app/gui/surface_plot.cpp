#include "surface_plot.hpp"

#include <QLineF>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QTransform>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "plot_axes.hpp"
#include "presentation_scale.hpp"

namespace nnplay::gui {

// The samples of one surface, computed once per process.
struct SurfaceField {
  static constexpr int kResolution = 256;  // the heatmap
  static constexpr int kContourCells = 128;
  static constexpr int kLevels = 14;  // contour lines at t = k / kLevels
  QImage image;                       // kResolution², the top row at ymax
  double fmin = 0.0, fmax = 1.0;
  std::vector<QLineF> contours;  // in surface coordinates
};

namespace {

constexpr int kGap = 4;
constexpr int kTick = 3;
constexpr double kHandleRadius = 7.0;

// ColorBrewer's YlGnBu without its darkest step: sequential, lightness falls
// monotonically, so "darker" always reads "higher loss"; the paths' saturated
// colours stand out on the light low-loss regions where they end.
constexpr std::array<QRgb, 7> kRamp = {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb,
                                       0x41b6c4, 0x1d91c0, 0x225ea8};

QRgb rampColor(double t) {
  if (!std::isfinite(t)) t = 1.0;
  t = std::clamp(t, 0.0, 1.0) * (kRamp.size() - 1);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), kRamp.size() - 2);
  const double f = t - static_cast<double>(i);
  const QColor a = QColor::fromRgb(kRamp[i]), b = QColor::fromRgb(kRamp[i + 1]);
  const auto lerp = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
  return qRgb(lerp(a.red(), b.red()), lerp(a.green(), b.green()), lerp(a.blue(), b.blue()));
}

// Marching squares over a (n + 1)² grid of values, one level: segments in
// grid coordinates (i along x, j along rows).
void marchLevel(const std::vector<double>& v, int n, double level, std::vector<QLineF>& out) {
  const auto at = [&](int i, int j) { return v[static_cast<std::size_t>(j) * (n + 1) + i]; };
  const auto cross = [&](double a, double b) { return a == b ? 0.5 : (level - a) / (b - a); };
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      const double a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), d = at(i, j + 1);
      const int code = (a > level) | (b > level) << 1 | (c > level) << 2 | (d > level) << 3;
      if (code == 0 || code == 15) continue;
      // The crossings on the four edges: top (a-b), right (b-c), bottom (d-c), left (a-d).
      const QPointF top(i + cross(a, b), j), right(i + 1, j + cross(b, c));
      const QPointF bottom(i + cross(d, c), j + 1), left(i, j + cross(a, d));
      switch (code) {
        case 1:
        case 14:
          out.emplace_back(left, top);
          break;
        case 2:
        case 13:
          out.emplace_back(top, right);
          break;
        case 3:
        case 12:
          out.emplace_back(left, right);
          break;
        case 4:
        case 11:
          out.emplace_back(right, bottom);
          break;
        case 6:
        case 9:
          out.emplace_back(top, bottom);
          break;
        case 7:
        case 8:
          out.emplace_back(left, bottom);
          break;
        case 5:
        case 10: {
          // A saddle cell: the centre decides which corners connect.
          const bool centreHigh = (a + b + c + d) / 4 > level;
          if ((code == 5) == centreHigh) {
            out.emplace_back(left, top);
            out.emplace_back(right, bottom);
          } else {
            out.emplace_back(top, right);
            out.emplace_back(left, bottom);
          }
          break;
        }
        default:
          break;
      }
    }
  }
}

std::shared_ptr<const SurfaceField> buildField(const SurfaceInfo& s) {
  auto field = std::make_shared<SurfaceField>();
  const int n = SurfaceField::kResolution;
  const double w = s.xmax - s.xmin, h = s.ymax - s.ymin;
  const auto value = [&](double x, double y) {
    const double f = s.f(x, y);
    return std::isfinite(f) ? std::max(f, s.clipLow) : std::numeric_limits<double>::quiet_NaN();
  };
  std::vector<double> f(static_cast<std::size_t>(n) * n);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      const double v = value(s.xmin + (i + 0.5) / n * w, s.ymax - (j + 0.5) / n * h);
      f[static_cast<std::size_t>(j) * n + i] = v;
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  if (!(lo < hi)) hi = lo + 1.0;
  // The minima may lie between samples: the scale starts at the lowest of both.
  for (const Point2& m : s.minima) {
    const double v = value(m.x, m.y);
    if (std::isfinite(v)) lo = std::min(lo, v);
  }
  field->fmin = lo;
  field->fmax = hi;
  const double span = std::log1p(hi - lo);
  const auto scaled = [&](double v) {
    return std::isfinite(v) ? std::log1p(std::max(0.0, v - lo)) / span : 1.0;
  };
  field->image = QImage(n, n, QImage::Format_RGB32);
  for (int j = 0; j < n; ++j) {
    auto* line = reinterpret_cast<QRgb*>(field->image.scanLine(j));
    for (int i = 0; i < n; ++i) line[i] = rampColor(scaled(f[static_cast<std::size_t>(j) * n + i]));
  }
  // Contours on a coarser grid of corners (exact corners of the range).
  const int c = SurfaceField::kContourCells;
  std::vector<double> t(static_cast<std::size_t>(c + 1) * (c + 1));
  for (int j = 0; j <= c; ++j) {
    for (int i = 0; i <= c; ++i) {
      t[static_cast<std::size_t>(j) * (c + 1) + i] =
          scaled(value(s.xmin + w * i / c, s.ymax - h * j / c));
    }
  }
  std::vector<QLineF> grid;
  for (int k = 1; k < SurfaceField::kLevels; ++k) {
    marchLevel(t, c, static_cast<double>(k) / SurfaceField::kLevels, grid);
  }
  field->contours.reserve(grid.size());
  const auto toSurface = [&](QPointF g) {
    return QPointF(s.xmin + w * g.x() / c, s.ymax - h * g.y() / c);
  };
  for (const QLineF& l : grid) field->contours.emplace_back(toSurface(l.p1()), toSurface(l.p2()));
  return field;
}

std::shared_ptr<const SurfaceField> fieldFor(const SurfaceInfo& s) {
  static std::map<SurfaceId, std::shared_ptr<const SurfaceField>> cache;
  auto& slot = cache[s.id];
  if (!slot) slot = buildField(s);
  return slot;
}

bool finite(const PathPoint& q) {
  return std::isfinite(q.x) && std::isfinite(q.y);
}

bool inside(const SurfaceInfo& s, double x, double y) {
  return x >= s.xmin && x <= s.xmax && y >= s.ymin && y <= s.ymax;
}

// Liang–Barsky: the part of a→b inside the range, as fractions [t0, t1] of it.
bool clipSegment(const SurfaceInfo& s, QPointF a, QPointF b, double* t0, double* t1) {
  const double dx = b.x() - a.x(), dy = b.y() - a.y();
  const std::array<double, 4> pv = {-dx, dx, -dy, dy};
  const std::array<double, 4> qv = {a.x() - s.xmin, s.xmax - a.x(), a.y() - s.ymin, s.ymax - a.y()};
  *t0 = 0.0;
  *t1 = 1.0;
  for (std::size_t k = 0; k < 4; ++k) {
    if (pv[k] == 0.0) {
      if (qv[k] < 0.0) return false;
      continue;
    }
    const double r = qv[k] / pv[k];
    if (pv[k] < 0.0)
      *t0 = std::max(*t0, r);
    else
      *t1 = std::min(*t1, r);
    if (*t0 > *t1) return false;
  }
  return true;
}

// The segments from point `from` to point `to` (indices) of a path, clipped
// to the range, joined into polylines, in picture coordinates.
template <typename Map>
std::vector<QPolygonF> clippedPolylines(const SurfaceInfo& s, const std::vector<PathPoint>& pts,
                                        std::size_t from, std::size_t to, const Map& map) {
  std::vector<QPolygonF> lines;
  bool open = false;
  for (std::size_t i = from + 1; i <= to && i < pts.size(); ++i) {
    if (!finite(pts[i - 1]) || !finite(pts[i])) {
      open = false;
      continue;
    }
    const QPointF a(pts[i - 1].x, pts[i - 1].y), b(pts[i].x, pts[i].y);
    double t0 = 0.0, t1 = 1.0;
    if (!clipSegment(s, a, b, &t0, &t1)) {
      open = false;
      continue;
    }
    const QPointF p0 = a + (b - a) * t0, p1 = a + (b - a) * t1;
    if (!open || t0 > 0.0) {
      lines.emplace_back();
      lines.back() << map(p0);
    }
    // Points within half a pixel of the last one add nothing but stroking
    // time (a converged path piles hundreds onto its minimum).
    const QPointF q = map(p1);
    const QPointF d = q - lines.back().constLast();
    if (lines.back().size() < 2 || d.x() * d.x() + d.y() * d.y() >= 4.0 || i == to) {
      lines.back() << q;
    }
    open = t1 >= 1.0;
  }
  return lines;
}

QString pathMessage(const PlotPath& pp, const SurfaceInfo& s) {
  const auto& pts = pp.path.points;
  int left = -1;
  for (const PathPoint& q : pts) {
    if (!finite(q) || !inside(s, q.x, q.y)) {
      left = q.step;
      break;
    }
  }
  if (pp.path.divergedAt) {
    const QString d =
        SurfacePlot::tr("diverged at step %1 (|x| or |y| above 10⁶)").arg(*pp.path.divergedAt);
    return left >= 0 ? SurfacePlot::tr("%1 left the plot at step %2 and %3")
                           .arg(pp.label)
                           .arg(left)
                           .arg(d)
                     : SurfacePlot::tr("%1 %2").arg(pp.label, d);
  }
  if (left >= 0) return SurfacePlot::tr("%1 left the plot at step %2").arg(pp.label).arg(left);
  return {};
}

std::size_t stepIndex(const PlotPath& pp, int step) {
  if (pp.path.points.empty()) return 0;
  return std::min<std::size_t>(static_cast<std::size_t>(std::max(0, step)),
                               pp.path.points.size() - 1);
}

void drawArrowHead(QPainter& p, QPointF from, QPointF to, double size) {
  const QLineF l(to, from);
  if (l.length() < 1e-9) return;
  const QPointF u = (from - to) / l.length();
  const QPointF n(-u.y(), u.x());
  QPolygonF head;
  head << to << to + u * size + n * size * 0.45 << to + u * size - n * size * 0.45;
  p.drawPolygon(head);
}

}  // namespace

QColor minimumColor(int k) {
  // Distinct from the optimizers' colours and from the ramp's blues.
  static constexpr std::array<QRgb, 6> kColors = {0xd62728, 0xff7f0e, 0x9467bd,
                                                  0x8c564b, 0xe377c2, 0x2ca02c};
  if (k < 0) return QColor(0x9a, 0x9a, 0x9a);
  return QColor::fromRgb(kColors[static_cast<std::size_t>(k) % kColors.size()]);
}

QString minimumName(int k) {
  return k < 0 ? SurfacePlot::tr("none") : QString(QChar('A' + k % 26));
}

SurfacePlot::SurfacePlot(QWidget* parent)
    : QWidget(parent), surface_(&nnplay::surface(SurfaceId::Bowl)) {
  field_ = fieldFor(*surface_);
  start_ = surface_->start;
  setMouseTracking(true);
  setCursor(Qt::CrossCursor);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

SurfacePlot::~SurfacePlot() = default;

void SurfacePlot::setSurface(const SurfaceInfo& surface) {
  if (surface_ == &surface) return;
  surface_ = &surface;
  field_ = fieldFor(surface);
  background_ = QImage();
  update();
}

void SurfacePlot::setPaths(std::vector<PlotPath> paths) {
  paths_ = std::move(paths);
  update();
}

void SurfacePlot::setStep(int step) {
  step_ = std::max(0, step);
  update();
}

void SurfacePlot::setStart(Point2 start) {
  start_ = start;
  update();
}

void SurfacePlot::setScatter(std::vector<ScatterDot> dots) {
  scatter_ = std::move(dots);
  update();
}

void SurfacePlot::setArrows(std::vector<PlotArrow> arrows, QString note) {
  arrows_ = std::move(arrows);
  arrowNote_ = std::move(note);
  update();
}

void SurfacePlot::setCaption(QString caption) {
  if (caption == caption_) return;
  caption_ = std::move(caption);
  background_ = QImage();
  update();
}

void SurfacePlot::setLegendVisible(bool on) {
  if (on == legend_) return;
  legend_ = on;
  background_ = QImage();
  update();
}

void SurfacePlot::setInteractive(bool on) {
  interactive_ = on;
  dragging_ = dragging_ && on;
  setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

void SurfacePlot::setHeightForWidth(bool on) {
  heightForWidth_ = on;
  QSizePolicy policy = sizePolicy();
  policy.setHeightForWidth(on);
  policy.setVerticalPolicy(on ? QSizePolicy::Preferred : QSizePolicy::Expanding);
  setSizePolicy(policy);
  updateGeometry();
}

int SurfacePlot::heightForWidth(int width) const {
  const QFontMetrics fm(plotFont(font()));
  const QRect r = plotRect(QSize(width, 1 << 20));
  return r.bottom() + 1 + fm.height() + 2 * kGap + kTick + 2;
}

const QImage& SurfacePlot::heatmap() const {
  return field_->image;
}

QRect SurfacePlot::plotRect(QSize size) const {
  const QFontMetrics fm(plotFont(font()));
  const SurfaceInfo& s = *surface_;
  const double ystep = niceStep(s.ymin, s.ymax, 5);
  int labelW = 0;
  for (double t : niceTicks(s.ymin, s.ymax, 5)) {
    labelW = std::max(labelW, fm.horizontalAdvance(tickLabel(t, ystep)));
  }
  const int top = caption_.isEmpty() ? 2 * kGap : fm.height() + 2 * kGap;
  const int left = labelW + 2 * kGap + kTick + fm.horizontalAdvance(QStringLiteral("y")) + kGap;
  const int bottom = fm.height() + 2 * kGap + kTick + 2;
  const int right =
      legend_ ? std::max(150, fm.horizontalAdvance(QStringLiteral("Nesterov momentum")) + 30)
              : 2 * kGap + fm.horizontalAdvance(QStringLiteral("x")) + 3 * kGap;
  const int availW = std::max(10, size.width() - left - right);
  const int availH = std::max(10, size.height() - top - bottom);
  const double aspect = (s.xmax - s.xmin) / (s.ymax - s.ymin);
  int w = availW, h = static_cast<int>(std::lround(availW / aspect));
  if (h > availH) {
    h = availH;
    w = std::max(10, static_cast<int>(std::lround(availH * aspect)));
  }
  return {left + (availW - w) / 2, top, w, h};
}

QPointF SurfacePlot::toWidget(Point2 q) const {
  const QRectF r(plotRect());
  const SurfaceInfo& s = *surface_;
  return {r.left() + (q.x - s.xmin) / (s.xmax - s.xmin) * r.width(),
          r.top() + (s.ymax - q.y) / (s.ymax - s.ymin) * r.height()};
}

Point2 SurfacePlot::toSurface(QPointF pos) const {
  const QRectF r(plotRect());
  const SurfaceInfo& s = *surface_;
  return {s.xmin + (pos.x() - r.left()) / r.width() * (s.xmax - s.xmin),
          s.ymax - (pos.y() - r.top()) / r.height() * (s.ymax - s.ymin)};
}

QStringList SurfacePlot::messages() const {
  QStringList out;
  for (const PlotPath& pp : paths_) {
    const QString m = pathMessage(pp, *surface_);
    if (!m.isEmpty()) out << m;
  }
  return out;
}

QStringList SurfacePlot::legendLines() const {
  QStringList out;
  for (const PlotPath& pp : paths_) {
    const auto& pts = pp.path.points;
    if (pts.empty()) continue;
    const std::size_t k = stepIndex(pp, step_);
    const bool past = pp.path.divergedAt && static_cast<std::size_t>(step_) >= pts.size();
    out << (past ? tr("%1: diverged at step %2").arg(pp.label).arg(*pp.path.divergedAt)
                 : tr("%1: loss %2").arg(pp.label, shortNumber(pts[k].loss)));
  }
  return out;
}

QImage SurfacePlot::renderImage(QSize size) const {
  QImage img(size, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  QPainter p(&img);
  paintPicture(p, size);
  return img;
}

void SurfacePlot::paintEvent(QPaintEvent*) {
  QPainter p(this);
  paintPicture(p, size());
}

const QImage& SurfacePlot::background(QSize size, qreal dpr) const {
  if (background_.isNull() || backgroundSize_ != size || background_.devicePixelRatio() != dpr) {
    background_ = QImage(size * dpr, QImage::Format_RGB32);
    background_.setDevicePixelRatio(dpr);
    backgroundSize_ = size;
    QPainter p(&background_);
    paintBackground(p, size);
  }
  return background_;
}

void SurfacePlot::paintPicture(QPainter& p, QSize size) const {
  const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
  p.drawImage(QPointF(0, 0), background(size, dpr));
  p.setFont(plotFont(font()));
  const QRect plot = plotRect(size);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.save();
  p.setClipRect(plot);
  const auto map = [&](Point2 q) {
    const SurfaceInfo& s = *surface_;
    return QPointF(plot.left() + (q.x - s.xmin) / (s.xmax - s.xmin) * plot.width(),
                   plot.top() + (s.ymax - q.y) / (s.ymax - s.ymin) * plot.height());
  };
  for (const ScatterDot& d : scatter_) {
    p.setPen(QPen(Qt::white, thick(1.0)));
    p.setBrush(minimumColor(d.minimum));
    p.drawEllipse(map(d.start), thick(4.0), thick(4.0));
  }
  paintPaths(p, plot);
  paintArrows(p, plot);
  // The start: a handle to drag, or a plain ring on a static plot.
  const QPointF st = map(start_);
  p.setBrush(Qt::white);
  p.setPen(QPen(QColor(0x20, 0x20, 0x20), thick(2.0)));
  const double r = thick(interactive_ ? kHandleRadius : kHandleRadius * 0.6);
  p.drawEllipse(st, r, r);
  if (interactive_) {
    p.setBrush(QColor(0x20, 0x20, 0x20));
    p.setPen(Qt::NoPen);
    p.drawEllipse(st, thick(2.0), thick(2.0));
  }
  p.restore();
  paintMessages(p, plot);
  if (legend_) paintLegend(p, plot, size);
}

void SurfacePlot::paintBackground(QPainter& p, QSize size) const {
  const SurfaceInfo& s = *surface_;
  p.fillRect(QRect(QPoint(0, 0), size), Qt::white);
  p.setFont(plotFont(font()));
  const QFontMetrics fm = p.fontMetrics();
  const QRect plot = plotRect(size);
  const QColor text(0x30, 0x30, 0x30), frame(0x80, 0x80, 0x80);
  if (!caption_.isEmpty()) {
    p.setPen(text);
    p.drawText(QRect(plot.left(), kGap, size.width() - plot.left() - kGap, fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(caption_, Qt::ElideRight, size.width() - plot.left() - kGap));
  }
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  p.drawImage(plot, field_->image);

  // Contours: faint dark lines, in the picture's coordinates.
  const QTransform toPlot =
      QTransform::fromTranslate(-s.xmin, -s.ymax) *
      QTransform::fromScale(plot.width() / (s.xmax - s.xmin), -plot.height() / (s.ymax - s.ymin)) *
      QTransform::fromTranslate(plot.left(), plot.top());
  std::vector<QLineF> lines;
  lines.reserve(field_->contours.size());
  for (const QLineF& l : field_->contours) lines.push_back(toPlot.map(l));
  p.save();
  p.setClipRect(plot);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(QColor(0, 0, 0, 55), thick(0.8)));
  p.drawLines(lines.data(), static_cast<int>(lines.size()));

  // The minima: a ring with a cross; several get letters in the scatter's colours.
  const bool several = s.minima.size() > 1;
  for (std::size_t k = 0; k < s.minima.size(); ++k) {
    const QPointF c = toPlot.map(QPointF(s.minima[k].x, s.minima[k].y));
    const QColor ring = several ? minimumColor(static_cast<int>(k)) : QColor(0x20, 0x20, 0x20);
    p.setPen(QPen(Qt::white, thick(4.0)));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(c, thick(6.0), thick(6.0));
    p.setPen(QPen(ring, thick(2.0)));
    p.drawEllipse(c, thick(6.0), thick(6.0));
    p.drawLine(c + QPointF(-3, -3), c + QPointF(3, 3));
    p.drawLine(c + QPointF(-3, 3), c + QPointF(3, -3));
    if (several) {
      const QString name = minimumName(static_cast<int>(k));
      const QRectF box(c.x() + 8, c.y() - fm.height() / 2.0 - 8, fm.horizontalAdvance(name) + 6,
                       fm.height());
      p.setPen(Qt::NoPen);
      p.setBrush(QColor(255, 255, 255, 210));
      p.drawRoundedRect(box, 3, 3);
      p.setPen(ring);
      p.drawText(box, Qt::AlignCenter, name);
    }
  }
  p.restore();

  // Frame, ticks, labels.
  p.setRenderHint(QPainter::Antialiasing, false);
  p.setPen(frame);
  p.setBrush(Qt::NoBrush);
  p.drawRect(plot.adjusted(0, 0, -1, -1));
  const double xstep = niceStep(s.xmin, s.xmax, 5), ystep = niceStep(s.ymin, s.ymax, 5);
  for (double t : niceTicks(s.xmin, s.xmax, 5)) {
    const int x = static_cast<int>(std::lround(toPlot.map(QPointF(t, s.ymin)).x()));
    p.setPen(frame);
    p.drawLine(x, plot.bottom() + 1, x, plot.bottom() + kTick);
    p.setPen(text);
    p.drawText(QRect(x - 30, plot.bottom() + kTick + 2, 60, fm.height()),
               Qt::AlignHCenter | Qt::AlignTop, tickLabel(t, xstep));
  }
  for (double t : niceTicks(s.ymin, s.ymax, 5)) {
    const int y = static_cast<int>(std::lround(toPlot.map(QPointF(s.xmin, t)).y()));
    p.setPen(frame);
    p.drawLine(plot.left() - kTick, y, plot.left() - 1, y);
    p.setPen(text);
    p.drawText(QRect(0, y - fm.height() / 2, plot.left() - kTick - kGap, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, tickLabel(t, ystep));
  }
  // The axis names: x right of the last x label, y left of the y labels.
  int labelW = 0;
  for (double t : niceTicks(s.ymin, s.ymax, 5)) {
    labelW = std::max(labelW, fm.horizontalAdvance(tickLabel(t, ystep)));
  }
  p.setPen(text);
  p.drawText(QRect(plot.right() + 2 * kGap, plot.bottom() + kTick + 2, 3 * kGap, fm.height()),
             Qt::AlignLeft | Qt::AlignTop, QStringLiteral("x"));
  const int yRight = plot.left() - kTick - 2 * kGap - labelW;
  p.drawText(QRect(yRight - 3 * kGap, plot.center().y() - fm.height() / 2, 3 * kGap, fm.height()),
             Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("y"));
}

void SurfacePlot::paintPaths(QPainter& p, QRect plot) const {
  const SurfaceInfo& s = *surface_;
  const auto map = [&](QPointF q) {
    return QPointF(plot.left() + (q.x() - s.xmin) / (s.xmax - s.xmin) * plot.width(),
                   plot.top() + (s.ymax - q.y()) / (s.ymax - s.ymin) * plot.height());
  };
  p.setBrush(Qt::NoBrush);
  // Faint: the rest of each path, after the current step.
  for (const PlotPath& pp : paths_) {
    const auto& pts = pp.path.points;
    const std::size_t k = stepIndex(pp, step_);
    if (k + 1 >= pts.size()) continue;
    QColor c = pp.color;
    c.setAlpha(90);
    p.setPen(QPen(c, thick(1.2)));
    for (const QPolygonF& l : clippedPolylines(s, pts, k, pts.size() - 1, map)) p.drawPolyline(l);
  }
  // Solid: up to the current step, on a white halo. Paths that coincide
  // (SGD and momentum head straight in on the bowl) would hide each other:
  // each is drawn a little narrower than the one before, so they show as
  // stripes side by side.
  std::vector<std::vector<QPolygonF>> solid;
  for (const PlotPath& pp : paths_) {
    solid.push_back(clippedPolylines(s, pp.path.points, 0, stepIndex(pp, step_), map));
  }
  const auto width = [&](std::size_t i) {
    return thick(2.0 + 0.8 * double(paths_.size() - 1 - i));
  };
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    p.setPen(QPen(QColor(255, 255, 255, 190), width(i) + 2.0, Qt::SolidLine, Qt::RoundCap,
                  Qt::BevelJoin));
    for (const QPolygonF& l : solid[i]) p.drawPolyline(l);
  }
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    const PlotPath& pp = paths_[i];
    const auto& pts = pp.path.points;
    const std::size_t k = stepIndex(pp, step_);
    p.setPen(QPen(pp.color, width(i), Qt::SolidLine, Qt::RoundCap, Qt::BevelJoin));
    for (const QPolygonF& l : solid[i]) p.drawPolyline(l);
    // The steps as dots where there are few enough to tell apart (a dot
    // within 3 pixels of the last one drawn is left out).
    if (k <= 200) {
      p.setPen(Qt::NoPen);
      p.setBrush(pp.color);
      QPointF last(-1e9, -1e9);
      for (std::size_t i = 1; i <= k; ++i) {
        if (!finite(pts[i]) || !inside(s, pts[i].x, pts[i].y)) continue;
        const QPointF at = map(QPointF(pts[i].x, pts[i].y));
        const QPointF d = at - last;
        if (d.x() * d.x() + d.y() * d.y() < 9.0) continue;
        p.drawEllipse(at, thick(2.2), thick(2.2));
        last = at;
      }
      p.setBrush(Qt::NoBrush);
    }
  }
  // The current step of each.
  for (const PlotPath& pp : paths_) {
    const auto& pts = pp.path.points;
    if (pts.empty()) continue;
    const PathPoint& q = pts[stepIndex(pp, step_)];
    if (!finite(q) || !inside(s, q.x, q.y)) continue;
    p.setPen(QPen(Qt::white, thick(1.8)));
    p.setBrush(pp.color);
    p.drawEllipse(map(QPointF(q.x, q.y)), thick(5.5), thick(5.5));
  }
}

void SurfacePlot::paintArrows(QPainter& p, QRect plot) const {
  const SurfaceInfo& s = *surface_;
  const QFontMetrics fm = p.fontMetrics();
  const auto map = [&](Point2 q) {
    return QPointF(plot.left() + (q.x - s.xmin) / (s.xmax - s.xmin) * plot.width(),
                   plot.top() + (s.ymax - q.y) / (s.ymax - s.ymin) * plot.height());
  };
  for (const PlotArrow& a : arrows_) {
    const QPointF from = map(a.from), to = map({a.from.x + a.delta.x, a.from.y + a.delta.y});
    if (!std::isfinite(to.x()) || !std::isfinite(to.y())) continue;
    if (QLineF(from, to).length() < 0.5) continue;
    p.setPen(QPen(QColor(255, 255, 255, 200), thick(4.5), Qt::SolidLine, Qt::RoundCap));
    p.drawLine(from, to);
    p.setPen(QPen(a.color, thick(2.2), Qt::SolidLine, Qt::RoundCap));
    p.drawLine(from, to);
    p.setBrush(a.color);
    drawArrowHead(p, from, to, 9.0);
    if (!a.label.isEmpty()) {
      const QPointF dir = (to - from) / std::max(1.0, QLineF(from, to).length());
      const QPointF at = to + dir * 10.0;
      const QRectF box(at.x() - fm.horizontalAdvance(a.label) / 2.0 - 3, at.y() - fm.height() / 2.0,
                       fm.horizontalAdvance(a.label) + 6, fm.height());
      p.setPen(Qt::NoPen);
      p.setBrush(QColor(255, 255, 255, 215));
      p.drawRoundedRect(box, 3, 3);
      p.setPen(a.color.darker(130));
      p.drawText(box, Qt::AlignCenter, a.label);
    }
  }
  if (!arrowNote_.isEmpty()) {
    const QStringList lines = arrowNote_.split(QLatin1Char('\n'));
    int w = 0;
    for (const QString& l : lines) w = std::max(w, fm.horizontalAdvance(l));
    const int h = fm.height() * static_cast<int>(lines.size());
    const QRect box(plot.left() + kGap, plot.bottom() - h - 2 * kGap, w + 2 * kGap, h + kGap);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 225));
    p.drawRoundedRect(box, 3, 3);
    p.setPen(QColor(0x20, 0x20, 0x20));
    p.drawText(box.adjusted(kGap, kGap / 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, arrowNote_);
  }
}

void SurfacePlot::paintMessages(QPainter& p, QRect plot) const {
  const QFontMetrics fm = p.fontMetrics();
  int y = plot.top() + kGap;
  for (const PlotPath& pp : paths_) {
    const QString m = pathMessage(pp, *surface_);
    if (m.isEmpty()) continue;
    // Wrapped to the plot's width: the line-up's small plots need two lines.
    const QRect room(plot.left() + 2 * kGap, y + 1, plot.width() - 4 * kGap, plot.height());
    const QRect text = fm.boundingRect(room, Qt::AlignLeft | Qt::TextWordWrap, m);
    const QRect box = text.adjusted(-kGap, -1, kGap, 1);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 230));
    p.drawRoundedRect(box, 3, 3);
    p.setPen(pp.color.darker(140));
    p.drawText(text, Qt::AlignLeft | Qt::TextWordWrap, m);
    y = box.bottom() + 3;
  }
}

void SurfacePlot::paintLegend(QPainter& p, QRect plot, QSize size) const {
  const QFontMetrics fm = p.fontMetrics();
  const int x = plot.right() + 3 * kGap;
  const int w = size.width() - x - kGap;
  int y = plot.top();
  p.setPen(QColor(0x30, 0x30, 0x30));
  p.drawText(QRect(x, y, w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
             tr("step %1").arg(step_));
  y += fm.height() + 2 * kGap;
  const QStringList lines = legendLines();
  int i = 0;
  for (const PlotPath& pp : paths_) {
    if (pp.path.points.empty()) continue;
    p.setPen(QPen(pp.color, thick(3.0), Qt::SolidLine, Qt::RoundCap));
    p.drawLine(x, y + fm.height() / 2, x + 14, y + fm.height() / 2);
    p.setPen(QColor(0x20, 0x20, 0x20));
    p.drawText(QRect(x + 20, y, w - 20, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(pp.label, Qt::ElideRight, w - 20));
    y += fm.height();
    // What follows "label: " in the legend line.
    const QString rest = lines.value(i).mid(pp.label.size() + 2);
    p.setPen(QColor(0x50, 0x50, 0x50));
    p.drawText(QRect(x + 20, y, w - 20, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(rest, Qt::ElideRight, w - 20));
    y += fm.height() + kGap;
    ++i;
  }
}

void SurfacePlot::mousePressEvent(QMouseEvent* e) {
  if (!interactive_ || e->button() != Qt::LeftButton ||
      !plotRect().adjusted(-8, -8, 8, 8).contains(e->position().toPoint())) {
    QWidget::mousePressEvent(e);
    return;
  }
  dragging_ = true;
  dragTo(e->position());
}

void SurfacePlot::mouseMoveEvent(QMouseEvent* e) {
  if (dragging_)
    dragTo(e->position());
  else
    QWidget::mouseMoveEvent(e);
}

void SurfacePlot::mouseReleaseEvent(QMouseEvent* e) {
  if (!dragging_) {
    QWidget::mouseReleaseEvent(e);
    return;
  }
  dragTo(e->position());
  dragging_ = false;
}

void SurfacePlot::dragTo(QPointF pos) {
  const SurfaceInfo& s = *surface_;
  Point2 q = toSurface(pos);
  q.x = std::clamp(q.x, s.xmin, s.xmax);
  q.y = std::clamp(q.y, s.ymin, s.ymax);
  start_ = q;
  update();
  emit startMoved(q);
}

}  // namespace nnplay::gui
