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
#include <memory>
#include <vector>

#include "cached_picture_view.hpp"
#include "nnplay/session.hpp"

namespace nnplay::gui {

class ImageGridView : public CachedPictureView {
  Q_OBJECT

 public:
  explicit ImageGridView(QWidget* parent = nullptr);

  void setSample(std::shared_ptr<const TestSample> sample);
  int imageCount() const { return static_cast<int>(images_.size()); }

  QSize sizeHint() const override { return {320, 400}; }
  // The image (a test row) drawn at a widget position, or -1.
  int imageAt(QPointF pos) const;

 signals:
  void imageDoubleClicked(int testRow);

 protected:
  void mouseDoubleClickEvent(QMouseEvent* e) override;

 private:
  void paintPicture(QPainter& p, QSize size, const PictureColors& colors) const override;
  QString className(int k) const;

  std::shared_ptr<const TestSample> sample_;
  std::vector<QImage> images_;
  // Where the last paint at the widget's own size put each image.
  mutable std::vector<QRect> cells_;
  mutable QSize cellsFor_;
};

}  // namespace nnplay::gui
