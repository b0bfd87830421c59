#include "image_grid_view.hpp"

#include <QMouseEvent>

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "plot_axes.hpp"

namespace nnplay::gui {
namespace {

constexpr int kGap = 4;
const QColor kRight{0x2e, 0x7d, 0x32};
const QColor kWrong{0xc6, 0x28, 0x28};

}  // namespace

ImageGridView::ImageGridView(QWidget* parent) : CachedPictureView(parent) {}

void ImageGridView::setSample(std::shared_ptr<const TestSample> sample) {
  if (sample == sample_) return;
  const bool samePixels = sample && sample_ && sample->pixels == sample_->pixels &&
                          sample->imageRows == sample_->imageRows &&
                          sample->imageCols == sample_->imageCols;
  sample_ = std::move(sample);
  invalidatePicture();
  if (samePixels) return;
  images_.clear();
  if (!sample_ || sample_->imageRows <= 0 || sample_->imageCols <= 0) return;
  const int w = sample_->imageCols, h = sample_->imageRows;
  const std::size_t each = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  const int n = std::min(static_cast<int>(sample_->pixels.size() / each), sample_->rows());
  for (int i = 0; i < n; ++i) {
    QImage img(w, h, QImage::Format_Grayscale8);
    const std::uint8_t* src = sample_->pixels.data() + static_cast<std::size_t>(i) * each;
    for (int y = 0; y < h; ++y) {
      uchar* line = img.scanLine(y);
      for (int x = 0; x < w; ++x) line[x] = static_cast<uchar>(255 - src[y * w + x]);
    }
    images_.push_back(std::move(img));
  }
}

QString ImageGridView::className(int k) const {
  if (sample_ && static_cast<std::size_t>(k) < sample_->classNames.size()) {
    return QString::fromStdString(sample_->classNames[static_cast<std::size_t>(k)]);
  }
  return QString::number(k);
}

void ImageGridView::paintPicture(QPainter& p, QSize size, const PictureColors& colors) const {
  p.fillRect(QRect(QPoint(0, 0), size), colors.background);
  const QFont base = plotFont(font());
  p.setFont(base);
  const QFontMetrics fm(base);
  if (images_.empty()) {
    p.setPen(colors.text);
    p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, tr("No images"));
    return;
  }
  const int total = static_cast<int>(images_.size());
  const int textH = 2 * fm.height();
  // Labels must stay readable ("pred: Pullover") and images at least their
  // own size; when all of them cannot be shown so, show the first ones that can.
  int labelMin = 0;
  for (int i = 0; i < total; ++i) {
    labelMin = std::max(
        labelMin, fm.horizontalAdvance(tr("pred: %1").arg(className(sample_->predictedClass(i)))));
  }
  labelMin = std::min(labelMin, fm.horizontalAdvance(QStringLiteral("pred: Pullover__")));
  const int minSide = std::max(images_.front().width(), images_.front().height());
  int bestCols = 1, bestSide = 0, bestCount = 0;
  for (int cols = 1; cols <= total; ++cols) {
    const int cellW = size.width() / cols;
    if (cols > 1 && cellW < labelMin + 2) break;
    const int rows = (total + cols - 1) / cols;
    int side = std::min(cellW - 2 * kGap, size.height() / rows - textH - 2 * kGap);
    int count = total;
    if (side < minSide) {
      side = std::min(cellW - 2 * kGap, minSide);
      const int rowsFit = std::max(1, size.height() / (side + textH + 2 * kGap));
      count = std::min(total, rowsFit * cols);
    }
    if (count > bestCount || (count == bestCount && side > bestSide)) {
      bestCount = count, bestSide = side, bestCols = cols;
    }
  }
  const int n = std::max(1, bestCount);
  const int cols = bestCols;
  const int rows = (n + cols - 1) / cols;
  const int side = std::max(8, bestSide);
  const int cellW = size.width() / cols;
  const int cellH = side + textH + 2 * kGap;
  const int y0 = std::max(0, (size.height() - rows * cellH) / 2);
  // Upscaling 28 px digits: smooth for large cells, crisp pixels for small ones.
  p.setRenderHint(QPainter::SmoothPixmapTransform, side >= 3 * images_.front().width());
  const int labelW = cellW - 2;
  if (size == this->size()) {
    cells_.clear();
    cellsFor_ = size;
  }
  for (int i = 0; i < n; ++i) {
    const int cx = (i % cols) * cellW;
    const int cy = y0 + (i / cols) * cellH;
    const QRect imgRect(cx + (cellW - side) / 2, cy + kGap, side, side);
    p.drawImage(imgRect, images_[static_cast<std::size_t>(i)]);
    if (size == cellsFor_) cells_.push_back(imgRect);
    p.setPen(colors.frame);
    p.drawRect(imgRect.adjusted(-1, -1, 0, 0));
    const int predicted = sample_->predictedClass(i);
    const int actual = static_cast<int>(std::lround(sample_->actual(i, 0)));
    p.setPen(predicted == actual ? kRight : kWrong);
    const QRect line1(cx + 1, imgRect.bottom() + 2, labelW, fm.height());
    p.drawText(line1, Qt::AlignHCenter | Qt::AlignTop,
               fm.elidedText(tr("pred: %1").arg(className(predicted)), Qt::ElideRight, labelW));
    p.drawText(line1.translated(0, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
               fm.elidedText(tr("true: %1").arg(className(actual)), Qt::ElideRight, labelW));
  }
}

int ImageGridView::imageAt(QPointF pos) const {
  if (cellsFor_ != size()) return -1;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (cells_[i].contains(pos.toPoint())) return static_cast<int>(i);
  }
  return -1;
}

void ImageGridView::mouseDoubleClickEvent(QMouseEvent* e) {
  const int i = imageAt(e->position());
  if (i >= 0) {
    emit imageDoubleClicked(i);
    e->accept();
    return;
  }
  CachedPictureView::mouseDoubleClickEvent(e);
}

}  // namespace nnplay::gui
