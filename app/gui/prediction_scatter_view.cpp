#include "prediction_scatter_view.hpp"

#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>

#include "colors.hpp"
#include "plot_axes.hpp"
#include "presentation_scale.hpp"

namespace nnplay::gui {
namespace {
constexpr int kGap = 4;
}

PredictionScatterView::PredictionScatterView(QWidget* parent) : CachedPictureView(parent) {}

void PredictionScatterView::setSample(std::shared_ptr<const TestSample> sample) {
  if (sample == sample_) return;
  sample_ = std::move(sample);
  invalidatePicture();
  n_ = 0;
  if (!sample_ || sample_->predicted.cols() == 0 || sample_->actual.cols() == 0) return;
  const TestSample& s = *sample_;
  const Eigen::Index rows = std::min(s.predicted.rows(), s.actual.rows());
  double alo = std::numeric_limits<double>::infinity(), ahi = -alo, plo = alo, phi = -alo;
  double sum = 0.0;
  for (Eigen::Index i = 0; i < rows; ++i) {
    const double a = s.actual(i, 0), p = s.predicted(i, 0);
    if (!std::isfinite(a) || !std::isfinite(p)) continue;
    alo = std::min(alo, a), ahi = std::max(ahi, a);
    plo = std::min(plo, p), phi = std::max(phi, p);
    sum += a;
    ++n_;
  }
  if (n_ == 0) return;
  const double mean = sum / n_;
  double ssRes = 0.0, ssTot = 0.0;
  for (Eigen::Index i = 0; i < rows; ++i) {
    const double a = s.actual(i, 0), p = s.predicted(i, 0);
    if (!std::isfinite(a) || !std::isfinite(p)) continue;
    ssRes += (p - a) * (p - a);
    ssTot += (a - mean) * (a - mean);
  }
  r2_ = ssTot > 0.0 ? 1.0 - ssRes / ssTot : 0.0;
  // An untrained network can predict far outside the data; show at most one
  // data span beyond it (such points sit on the edge) so the data stays readable.
  const double span = std::max(ahi - alo, 1e-12);
  lo_ = std::max(std::min(alo, plo), alo - span);
  hi_ = std::min(std::max(ahi, phi), ahi + span);
  const double pad = 0.04 * (hi_ - lo_);
  lo_ -= pad;
  hi_ += pad;
}

void PredictionScatterView::paintPicture(QPainter& p, QSize size,
                                         const PictureColors& colors) const {
  p.fillRect(QRect(QPoint(0, 0), size), colors.background);
  p.setFont(plotFont(font()));
  const QFontMetrics fm = p.fontMetrics();
  if (!sample_ || n_ == 0) {
    p.setPen(colors.text);
    p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, tr("No predictions yet"));
    return;
  }
  const QString target =
      sample_->targetName.empty() ? tr("target") : QString::fromStdString(sample_->targetName);
  const double step = niceStep(lo_, hi_, 5);
  const std::vector<double> ticks = niceTicks(lo_, hi_, 5);
  int labelW = 0;
  for (double t : ticks) labelW = std::max(labelW, fm.horizontalAdvance(tickLabel(t, step)));

  const int top = kGap + fm.height() / 2;
  const int left = fm.height() + labelW + 3 * kGap;  // rotated axis title, then tick labels
  const int right = kGap + fm.horizontalAdvance(tickLabel(hi_, step)) / 2;
  const int bottom = 2 * fm.height() + 3 * kGap;
  const int side =
      std::max(10, std::min(size.width() - left - right, size.height() - top - bottom));
  const int x0 = left + std::max(0, (size.width() - left - right - side) / 2);
  const QRect plot(x0, top, side, side);
  const auto toX = [&](double v) { return plot.left() + (v - lo_) / (hi_ - lo_) * plot.width(); };
  const auto toY = [&](double v) {
    return plot.bottom() - (v - lo_) / (hi_ - lo_) * plot.height();
  };

  p.fillRect(plot, Qt::white);
  p.setPen(QColor(0xe4, 0xe4, 0xe4));
  for (double t : ticks) {
    p.drawLine(QPointF(toX(t), plot.top()), QPointF(toX(t), plot.bottom()));
    p.drawLine(QPointF(plot.left(), toY(t)), QPointF(plot.right(), toY(t)));
  }
  p.setPen(colors.frame);
  p.drawRect(plot.adjusted(0, 0, -1, -1));
  p.setPen(colors.text);
  for (double t : ticks) {
    const QString label = tickLabel(t, step);
    p.drawText(QRectF(toX(t) - 40, plot.bottom() + kGap, 80, fm.height()),
               Qt::AlignHCenter | Qt::AlignTop, label);
    p.drawText(QRectF(plot.left() - kGap - labelW - 2, toY(t) - fm.height() / 2.0, labelW + 2,
                      fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, label);
  }
  p.drawText(QRect(plot.left(), plot.bottom() + 2 * kGap + fm.height(), plot.width(), fm.height()),
             Qt::AlignHCenter,
             fm.elidedText(tr("actual %1").arg(target), Qt::ElideRight, plot.width()));
  p.save();
  p.translate(kGap, plot.center().y());
  p.rotate(-90);
  p.drawText(QRect(-plot.height() / 2, 0, plot.height(), fm.height()), Qt::AlignHCenter,
             fm.elidedText(tr("predicted %1").arg(target), Qt::ElideRight, plot.height()));
  p.restore();

  p.save();
  p.setClipRect(plot);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(QColor(0x77, 0x77, 0x77), thick(1.0), Qt::DashLine));
  p.drawLine(QPointF(toX(lo_), toY(lo_)), QPointF(toX(hi_), toY(hi_)));
  // Translucent dots show where many rows pile up.
  QColor dot = kPositive;
  dot.setAlpha(120);
  p.setPen(Qt::NoPen);
  p.setBrush(dot);
  const double r = std::clamp(side / 120.0, 2.0, 3.5);
  const TestSample& s = *sample_;
  const Eigen::Index rows = std::min(s.predicted.rows(), s.actual.rows());
  for (Eigen::Index i = 0; i < rows; ++i) {
    const double a = s.actual(i, 0), pr = s.predicted(i, 0);
    if (!std::isfinite(a) || !std::isfinite(pr)) continue;
    p.drawEllipse(QPointF(toX(a), toY(std::clamp(pr, lo_, hi_))), r, r);
  }
  p.restore();

  // R² and the row count in the top-left corner, where the diagonal leaves room.
  const QString note = tr("R² %1\n%2 test rows").arg(QString::number(r2_, 'f', 3)).arg(n_);
  QFont bold = p.font();
  bold.setBold(true);
  p.setFont(bold);
  const QRect box = p.fontMetrics().boundingRect(QRect(0, 0, side, side), Qt::AlignLeft, note);
  const QRect at = box.translated(plot.left() + kGap + 2, plot.top() + kGap + 2);
  p.fillRect(at.adjusted(-3, -2, 3, 2), QColor(255, 255, 255, 220));
  p.setPen(QColor(0x22, 0x22, 0x22));
  p.drawText(at, Qt::AlignLeft, note);
}

}  // namespace nnplay::gui
