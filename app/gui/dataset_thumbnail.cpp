#include "dataset_thumbnail.hpp"

#include <QPainter>
#include <algorithm>

#include "colors.hpp"
#include "nnplay/generators.hpp"

namespace nnplay::gui {

QPixmap datasetThumbnail(std::string_view generator, int size) {
  const GeneratorInfo& g = generatorByName(generator);
  GeneratorParams p;
  p.samples = 250;
  p.seed = 7;
  const Dataset d = g.generate(p);
  QPixmap pm(size, size);
  pm.fill(kNeutral);
  QPainter painter(&pm);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(Qt::NoPen);
  const double extent = g.domain * 1.1;
  float lo = 0, hi = 1;
  if (g.task == Task::Regression) {
    lo = d.y.minCoeff();
    hi = d.y.maxCoeff();
  }
  for (int i = 0; i < d.rows(); ++i) {
    double x = d.x(i, 0);
    double y;
    QColor c;
    if (g.inputs == 1) {
      // A 1-D curve: y over x, scaled to the picture.
      y = hi > lo ? (d.y(i, 0) - lo) / (hi - lo) * 2 * extent - extent : 0.0;
      c = kPositive;
    } else {
      y = d.x(i, 1);
      c = g.task == Task::Regression
              ? QColor(divergingColor(hi > lo ? 2.0f * (d.y(i, 0) - lo) / (hi - lo) - 1.0f : 0.0f))
              : classColor(static_cast<int>(d.y(i, 0)), d.classes);
    }
    const double px = (x + extent) / (2 * extent) * size;
    const double py = (extent - y) / (2 * extent) * size;
    painter.setBrush(c);
    painter.drawEllipse(QPointF(px, py), 1.6, 1.6);
  }
  painter.setPen(QColor(0, 0, 0, 60));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(0, 0, size - 1, size - 1);
  return pm;
}

}  // namespace nnplay::gui

#include <zlib.h>

#include <array>
#include <vector>

namespace nnplay::gui {

QPixmap tableThumbnail(bool regression, int classes, int size) {
  QPixmap pm(size, size);
  pm.fill(Qt::white);
  QPainter p(&pm);
  const int rows = 7, cols = 4;
  const double cw = (size - 4.0) / cols, ch = (size - 4.0) / rows;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      QColor fill = r == 0 ? QColor(0x99, 0x99, 0x99) : QColor(0xe4, 0xe6, 0xe8);
      if (r > 0 && c == cols - 1) {
        fill = regression ? QColor(divergingColor(-1.0f + 2.0f * (r - 1) / (rows - 2)))
                          : classColor((r * 7) % std::max(2, classes), classes);
      }
      p.fillRect(QRectF(2 + c * cw + 1, 2 + r * ch + 1, cw - 2, ch - 2), fill);
    }
  }
  p.setPen(QColor(0, 0, 0, 60));
  p.drawRect(0, 0, size - 1, size - 1);
  return pm;
}

QPixmap imagesThumbnail(const std::string& folder, int size) {
  QPixmap pm(size, size);
  pm.fill(Qt::white);
  constexpr int kCount = 4, kMaxSide = 64;
  const std::string path = folder + "/t10k-images-idx3-ubyte.gz";
  gzFile f = gzopen(path.c_str(), "rb");
  // The header: magic, count, rows, columns (big-endian); then the pixels.
  std::array<unsigned char, 16> header{};
  bool ok = f && gzread(f, header.data(), 16) == 16;
  auto be32 = [&header](int at) {
    return (header[at] << 24) | (header[at + 1] << 16) | (header[at + 2] << 8) | header[at + 3];
  };
  const int rows = ok ? be32(8) : 0, cols = ok ? be32(12) : 0;
  ok = ok && rows > 0 && cols > 0 && rows <= kMaxSide && cols <= kMaxSide;
  std::vector<unsigned char> pixels(ok ? static_cast<std::size_t>(kCount * rows * cols) : 0);
  ok = ok && gzread(f, pixels.data(), static_cast<unsigned>(pixels.size())) ==
                 static_cast<int>(pixels.size());
  if (f) gzclose(f);
  QPainter p(&pm);
  if (ok) {
    for (int i = 0; i < kCount; ++i) {
      QImage img(cols, rows, QImage::Format_Grayscale8);
      for (int y = 0; y < rows; ++y) {
        uchar* line = img.scanLine(y);
        for (int x = 0; x < cols; ++x)
          line[x] = static_cast<uchar>(
              255 - pixels[static_cast<std::size_t>(i * rows * cols + y * cols + x)]);
      }
      const int half = size / 2;
      p.drawImage(QRect((i % 2) * half, (i / 2) * half, half, half), img);
    }
  }
  p.setPen(QColor(0, 0, 0, 60));
  p.drawRect(0, 0, size - 1, size - 1);
  return pm;
}

}  // namespace nnplay::gui
