#include "augmentation_preview.hpp"

#include <zlib.h>

#include <QFileInfo>
#include <QPainter>
#include <algorithm>
#include <array>
#include <cmath>

#include "colors.hpp"

namespace nnplay::gui {
namespace {

constexpr int kColumns = 5;  // the original, then four columns of versions
constexpr int kRows = 3;
constexpr int kGap = 4;
constexpr int kCaption = 14;                      // the line under the grid
constexpr int kMaxSide = 256;                     // larger images are not what this preview is for
constexpr int kMaxCell = 84;                      // 3x a 28-pixel image
constexpr std::uint32_t kIdxImages = 0x00000803;  // unsigned bytes, three dimensions

std::uint32_t bigEndian(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         std::uint32_t{b[3]};
}

// 0 .. 1 pixels as a dark-on-white picture (values beyond the range, which
// noise gives, clamped).
QImage toImage(const float* pixels, int rows, int cols) {
  QImage img(cols, rows, QImage::Format_Grayscale8);
  for (int y = 0; y < rows; ++y) {
    uchar* line = img.scanLine(y);
    for (int x = 0; x < cols; ++x) {
      const float v = std::clamp(pixels[y * cols + x], 0.0f, 1.0f);
      line[x] = static_cast<uchar>(std::lround(255.0f * (1.0f - v)));
    }
  }
  return img;
}

}  // namespace

std::optional<GreyImage> readTrainingImage(const std::string& folder, int index) {
  if (index < 0) return std::nullopt;
  for (const char* name : {"/train-images-idx3-ubyte.gz", "/train-images-idx3-ubyte"}) {
    const std::string path = folder + name;
    if (!QFileInfo::exists(QString::fromStdString(path))) continue;
    // gzread reads plain files as they are, so one path for both.
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) continue;
    std::array<unsigned char, 16> header{};
    GreyImage img;
    bool ok = gzread(f, header.data(), 16) == 16 && bigEndian(header.data()) == kIdxImages;
    if (ok) {
      const std::uint32_t count = bigEndian(header.data() + 4);
      img.rows = static_cast<int>(bigEndian(header.data() + 8));
      img.cols = static_cast<int>(bigEndian(header.data() + 12));
      ok = static_cast<std::uint32_t>(index) < count && img.rows > 0 && img.cols > 0 &&
           img.rows <= kMaxSide && img.cols <= kMaxSide;
    }
    if (ok) {
      const auto size = static_cast<unsigned>(img.rows * img.cols);
      std::vector<unsigned char> bytes(size);
      // The images before it are inflated and dropped.
      for (int i = 0; ok && i <= index; ++i)
        ok = gzread(f, bytes.data(), size) == static_cast<int>(size);
      if (ok) {
        img.pixels.resize(size);
        for (unsigned i = 0; i < size; ++i) img.pixels[i] = bytes[i] / 255.0f;
      }
    }
    gzclose(f);
    if (ok) return img;
  }
  return std::nullopt;
}

AugmentationPreview::AugmentationPreview(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  setFixedHeight(heightForWidth(sizeHint().width()));
  setToolTip(
      tr("The first column is a training image; the twelve to its right are random augmented "
         "versions of it with the settings above, as training batches would see them"));
}

int AugmentationPreview::cellSize(int width) const {
  const int cell = (width - (kColumns - 1) * kGap - 2) / kColumns;
  return std::clamp(cell, 16, kMaxCell);
}

int AugmentationPreview::heightForWidth(int w) const {
  return kRows * cellSize(w) + (kRows - 1) * kGap + kCaption + 2;
}

QSize AugmentationPreview::sizeHint() const {
  return {300, heightForWidth(300)};
}

void AugmentationPreview::resizeEvent(QResizeEvent* e) {
  QWidget::resizeEvent(e);
  const int h = heightForWidth(width());
  if (h != height()) setFixedHeight(h);
}

void AugmentationPreview::setImage(GreyImage image, const QString& caption) {
  image_ = std::move(image);
  caption_ = caption;
  redraw();
}

void AugmentationPreview::clearImage() {
  if (!hasImage()) return;
  image_ = {};
  caption_.clear();
  redraw();
}

void AugmentationPreview::setSettings(const AugmentSettings& s) {
  if (s == settings_) return;
  settings_ = s;
  redraw();
}

void AugmentationPreview::shuffle() {
  ++seed_;
  redraw();
}

void AugmentationPreview::redraw() {
  ++redraws_;
  images_.clear();
  if (hasImage()) {
    const int rows = image_.rows, cols = image_.cols;
    images_.push_back(toImage(image_.pixels.data(), rows, cols));
    std::vector<float> out(image_.pixels.size());
    for (int i = 0; i < kVersions; ++i) {
      // Each version its own generator, so one setting moving redraws the
      // twelve with the same luck (a rotation grows, it does not jump).
      Rng rng(mix64(seed_ * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(i)));
      try {
        augmentImage(image_.pixels.data(), out.data(), rows, cols, settings_, rng);
      } catch (...) {
        out = image_.pixels;  // settings out of range never reach the document
      }
      images_.push_back(toImage(out.data(), rows, cols));
    }
  }
  update();
}

void AugmentationPreview::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const int cell = cellSize(width());
  const QColor frame(0xcc, 0xcc, 0xcc);
  if (images_.empty()) {
    p.setPen(QColor(0x88, 0x88, 0x88));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No training image to show"));
    return;
  }
  // Nearest-neighbour scaling: each pixel a crisp block.
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  // Whole multiples of the image's pixels where the cell allows, so every
  // pixel is a block of the same size.
  const int side = std::max(image_.rows, image_.cols);
  const int drawn = cell >= side ? cell / side * side : cell;
  const int inset = (cell - drawn) / 2;
  const auto cellRect = [&](int column, int row) {
    return QRect(1 + column * (cell + kGap) + inset, 1 + row * (cell + kGap) + inset, drawn, drawn);
  };
  // The original, framed in blue, in the middle row of the first column.
  const QRect original = cellRect(0, 1);
  p.drawImage(original, images_[0]);
  p.setPen(QPen(kPositive, 2));
  p.drawRect(original.adjusted(-1, -1, 0, 0));
  QFont small = font();
  small.setPointSizeF(std::max(6.5, small.pointSizeF() - 1.5));
  p.setFont(small);
  p.setPen(QColor(0x55, 0x55, 0x55));
  p.drawText(QRect(original.left() - 2, original.top() - 16, cell + 4, 14),
             Qt::AlignHCenter | Qt::AlignBottom, tr("original"));
  for (int i = 0; i < kVersions; ++i) {
    const QRect r = cellRect(1 + i % 4, i / 4);
    p.drawImage(r, images_[static_cast<std::size_t>(i) + 1]);
    p.setPen(frame);
    p.drawRect(r.adjusted(0, 0, -1, -1));
  }
  p.setPen(QColor(0x77, 0x77, 0x77));
  const QString note =
      settings_.anyImage()
          ? caption_
          : tr("%1 — no augmentation set: all twelve are the original").arg(caption_);
  const int top = kRows * (cell + kGap) - kGap + 2;
  p.drawText(QRect(0, top, width(), kCaption), Qt::AlignLeft | Qt::AlignVCenter,
             p.fontMetrics().elidedText(note, Qt::ElideRight, width()));
}

}  // namespace nnplay::gui
