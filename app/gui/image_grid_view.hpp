#pragma once
// Image data: the first test images (up to TestSample::kImages) with what the
// network predicted and the true label under each, green when they agree and
// red when they do not.
//
// Contract: setSample() keeps the sample alive and rebuilds the small images
// only for a different sample with different pixels (the pixels do not
// change while the data stays the same). Images are drawn dark on light
// (255 - v), which is how Fashion-MNIST pictures read best. The grid picks the
// column count that makes the images largest in the widget while the labels
// stay readable; where not all images fit at their own size or larger, it
// shows the first ones that do. Cached as a pixmap; renderImage() paints it
// on white.
#include <QImage>
#include <QPixmap>
#include <QWidget>
#include <memory>
#include <vector>

#include "nnplay/session.hpp"

namespace nnplay::gui {

class ImageGridView : public QWidget {
  Q_OBJECT

 public:
  explicit ImageGridView(QWidget* parent = nullptr);

  void setSample(std::shared_ptr<const TestSample> sample);
  QImage renderImage(QSize size) const;
  int imageCount() const { return static_cast<int>(images_.size()); }

  QSize sizeHint() const override { return {320, 400}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  struct Colors {
    QColor background, text, frame;
  };
  void paintPicture(QPainter& p, QSize size, const Colors& colors) const;
  QString className(int k) const;

  std::shared_ptr<const TestSample> sample_;
  std::vector<QImage> images_;
  QPixmap composed_;
};

}  // namespace nnplay::gui
