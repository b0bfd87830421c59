#include "schedule_curve.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "colors.hpp"

namespace nnplay::gui {
namespace {

constexpr double kMinSpan = 100.0;

// The epochs a schedule needs to show its shape.
double shapeSpan(const ScheduleSettings& s) {
  double span = kMinSpan;
  switch (s.id) {
    case ScheduleId::Step:
    case ScheduleId::Exponential:
      span = std::max(span, 4.0 * s.every);
      break;
    case ScheduleId::Cosine:
      span = std::max(span, 1.2 * s.epochs);
      break;
    case ScheduleId::Warmup:
    case ScheduleId::Constant:
      break;
  }
  return std::max(span, 4.0 * s.warmup);
}

}  // namespace

ScheduleCurve::ScheduleCurve(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
  setFixedSize(sizeHint());
}

double ScheduleCurve::span() const {
  double span = shapeSpan(schedule_);
  if (epoch_ > span) span = std::ceil(epoch_ / 100.0) * 100.0;
  return std::min(span, 1e7);
}

int ScheduleCurve::epochPixel() const {
  const double w = std::max(1, width() - 4);
  return 2 + static_cast<int>(std::lround(std::clamp(epoch_ / span(), 0.0, 1.0) * w));
}

void ScheduleCurve::setSchedule(const ScheduleSettings& s) {
  if (s == schedule_) return;
  schedule_ = s;
  update();
}

void ScheduleCurve::setEpoch(double epoch) {
  if (!std::isfinite(epoch) || epoch < 0) epoch = 0;
  const double oldSpan = span();
  const int oldPixel = epochPixel();
  epoch_ = epoch;
  if (span() != oldSpan || epochPixel() != oldPixel) update();
}

void ScheduleCurve::paintEvent(QPaintEvent*) {
  ++paints_;
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, true);
  const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
  p.setPen(QColor(0xcc, 0xcc, 0xcc));
  p.setBrush(Qt::white);
  p.drawRoundedRect(frame, 2, 2);

  // The factor (0 .. 1) from the bottom to the top, inside a 2-pixel margin.
  const QRectF plot = QRectF(rect()).adjusted(2, 3, -2, -3);
  const double span = this->span();
  const auto at = [&](double t) {
    double f = 1.0;
    try {
      f = scheduleFactor(schedule_, t);
    } catch (...) {
      // an invalid schedule never reaches the document; draw it flat
    }
    return QPointF(plot.left() + t / span * plot.width(),
                   plot.bottom() - std::clamp(f, 0.0, 1.0) * plot.height());
  };
  QPainterPath curve;
  const int n = std::max(2, static_cast<int>(plot.width()) * 2);
  curve.moveTo(at(0));
  for (int i = 1; i <= n; ++i) curve.lineTo(at(span * i / n));
  QPainterPath area = curve;
  area.lineTo(plot.bottomRight());
  area.lineTo(plot.bottomLeft());
  area.closeSubpath();
  QColor fill = kPositive;
  fill.setAlpha(40);
  p.setPen(Qt::NoPen);
  p.setBrush(fill);
  p.drawPath(area);
  p.setPen(QPen(kPositive, 1.3));
  p.setBrush(Qt::NoBrush);
  p.drawPath(curve);

  // Where training is now.
  const QPointF now = at(std::min(epoch_, span));
  p.setPen(QPen(Qt::white, 1));
  p.setBrush(kNegative);
  p.drawEllipse(now, 2.8, 2.8);
}

}  // namespace nnplay::gui
