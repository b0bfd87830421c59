#include "confusion_matrix_view.hpp"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "colors.hpp"
#include "plot_axes.hpp"
#include "presentation_scale.hpp"

namespace nnplay::gui {
namespace {

constexpr int kGap = 4;

QColor mixColor(const QColor& a, const QColor& b, double t) {
  const auto lerp = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
  return QColor(lerp(a.red(), b.red()), lerp(a.green(), b.green()), lerp(a.blue(), b.blue()));
}

}  // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : CachedPictureView(parent) {}

void ConfusionMatrixView::setSample(std::shared_ptr<const TestSample> sample) {
  if (sample == sample_) return;
  sample_ = std::move(sample);
  invalidatePicture();
  classes_ = 0;
  counts_.clear();
  rowTotals_.clear();
  total_ = correct_ = 0;
  if (!sample_ || sample_->actual.cols() == 0) return;
  const TestSample& s = *sample_;
  // One sigmoid output still means two classes.
  classes_ = std::max({2, s.classes, static_cast<int>(s.predicted.cols())});
  counts_.assign(static_cast<std::size_t>(classes_ * classes_), 0);
  rowTotals_.assign(static_cast<std::size_t>(classes_), 0);
  const int rows = std::min(s.rows(), static_cast<int>(s.actual.rows()));
  for (int i = 0; i < rows; ++i) {
    const float a = s.actual(i, 0);
    if (!std::isfinite(a)) continue;
    const int actual = static_cast<int>(std::lround(a));
    const int predicted = s.predictedClass(i);
    if (actual < 0 || actual >= classes_ || predicted < 0 || predicted >= classes_) continue;
    ++counts_[static_cast<std::size_t>(actual * classes_ + predicted)];
    ++rowTotals_[static_cast<std::size_t>(actual)];
    ++total_;
    if (actual == predicted) ++correct_;
  }
}

QString ConfusionMatrixView::className(int k) const {
  if (sample_ && static_cast<std::size_t>(k) < sample_->classNames.size() &&
      !sample_->classNames[static_cast<std::size_t>(k)].empty()) {
    return QString::fromStdString(sample_->classNames[static_cast<std::size_t>(k)]);
  }
  return QString::number(k);
}

void ConfusionMatrixView::paintPicture(QPainter& p, QSize size, const PictureColors& colors) const {
  p.fillRect(QRect(QPoint(0, 0), size), colors.background);
  const QFont base = plotFont(font());
  p.setFont(base);
  const QFontMetrics fm(base);
  if (classes_ == 0 || total_ == 0) {
    p.setPen(colors.text);
    p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, tr("No predictions yet"));
    return;
  }
  const int k = classes_;
  // Names take at most about a quarter of each direction; the cells get the rest.
  int nameW = 0;
  // (+2: elidedText() elides a text of exactly its advance width.)
  for (int c = 0; c < k; ++c) nameW = std::max(nameW, fm.horizontalAdvance(className(c)) + 2);
  const int rowLabelW = std::min(nameW, std::max(24, size.width() / 4));
  const int colLabelH = std::min(nameW, std::max(24, size.height() / 5));

  const int titleH = fm.height() + 2 * kGap;
  const int left = fm.height() + 2 * kGap + rowLabelW + kGap;  // "actual", then the row names
  const int bottom =
      kGap + colLabelH + kGap + fm.height() + kGap;  // column names, then "predicted"
  const int cell = std::max(
      4, std::min((size.width() - left - kGap) / k, (size.height() - titleH - bottom) / k));
  const int gridW = cell * k;
  const int x0 = left + std::max(0, (size.width() - left - kGap - gridW) / 2);
  const int y0 = std::max(
      0, (size.height() - titleH - gridW - bottom) / 2);  // centred: few classes leave room
  const QRect grid(x0, y0 + titleH, gridW, gridW);

  QFont bold = base;
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(colors.text);
  const double accuracy = 100.0 * correct_ / total_;
  p.drawText(
      QRect(0, y0 + kGap, size.width(), fm.height()), Qt::AlignHCenter | Qt::AlignVCenter,
      tr("Accuracy %1 %  (%2 test rows)").arg(QString::number(accuracy, 'f', 1)).arg(total_));

  // Cell numbers shrink with the cells so 10 classes still fit a side panel.
  QFont numberFont = base;
  const double fit = cell * 0.38;
  if (numberFont.pointSizeF() > 0) {
    numberFont.setPointSizeF(std::clamp(fit * 0.75, 5.5, base.pointSizeF() * 1.3));
  } else {
    numberFont.setPixelSize(static_cast<int>(std::clamp(fit, 7.0, 12.0)));
  }
  // Never under presentation mode's minimum: a cell too small for that
  // shows its share by its shade alone (below).
  numberFont = readable(numberFont);
  const QFontMetrics nfm(numberFont);
  p.setFont(numberFont);
  for (int a = 0; a < k; ++a) {
    const int rowTotal = rowTotals_[static_cast<std::size_t>(a)];
    for (int c = 0; c < k; ++c) {
      const int count = counts_[static_cast<std::size_t>(a * k + c)];
      const double share = rowTotal > 0 ? static_cast<double>(count) / rowTotal : 0.0;
      const QColor hue = a == c ? kPositive : kNegative;
      const QColor fill =
          count == 0 ? QColor(Qt::white) : mixColor(QColor(Qt::white), hue, 0.12 + 0.88 * share);
      const QRect r(grid.left() + c * cell, grid.top() + a * cell, cell, cell);
      p.fillRect(r, fill);
      if (count == 0) continue;
      const QString text = QString::number(count);
      if (nfm.horizontalAdvance(text) > cell - 2) continue;  // too small to read: the shade says it
      p.setPen(share > 0.55 ? QColor(Qt::white) : QColor(0x22, 0x22, 0x22));
      p.drawText(r, Qt::AlignCenter, text);
    }
  }
  p.setPen(QColor(0xd0, 0xd0, 0xd0));
  for (int i = 1; i < k; ++i) {
    p.drawLine(grid.left() + i * cell, grid.top(), grid.left() + i * cell, grid.bottom());
    p.drawLine(grid.left(), grid.top() + i * cell, grid.right(), grid.top() + i * cell);
  }
  p.setPen(colors.frame);
  p.drawRect(grid.adjusted(0, 0, -1, -1));

  p.setFont(base);
  p.setPen(colors.text);
  for (int a = 0; a < k; ++a) {
    const QRect r(grid.left() - kGap - rowLabelW, grid.top() + a * cell, rowLabelW, cell);
    p.drawText(r, Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(className(a), Qt::ElideRight, rowLabelW));
  }
  // Column names read bottom to top, right under their column.
  for (int c = 0; c < k; ++c) {
    p.save();
    p.translate(grid.left() + c * cell + cell / 2.0, grid.bottom() + kGap);
    p.rotate(-90);
    p.drawText(QRectF(-colLabelH, -fm.height() / 2.0, colLabelH, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(className(c), Qt::ElideRight, colLabelH));
    p.restore();
  }
  p.setFont(bold);
  p.drawText(QRect(grid.left(), grid.bottom() + 2 * kGap + colLabelH, grid.width(), fm.height()),
             Qt::AlignHCenter, tr("predicted"));
  p.save();
  p.translate(kGap, grid.center().y());
  p.rotate(-90);
  p.drawText(QRect(-grid.height() / 2, 0, grid.height(), fm.height()), Qt::AlignHCenter,
             tr("actual"));
  p.restore();
}

}  // namespace nnplay::gui
