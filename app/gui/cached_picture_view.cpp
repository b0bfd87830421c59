#include "cached_picture_view.hpp"

#include <QEvent>
#include <QPainter>

namespace nnplay::gui {

CachedPictureView::CachedPictureView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);  // the pixmap covers every pixel
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void CachedPictureView::invalidatePicture() {
  composed_ = QPixmap();
  update();
}

void CachedPictureView::paintEvent(QPaintEvent*) {
  const qreal dpr = devicePixelRatioF();
  if (composed_.isNull() || composed_.size() != size() * dpr) {
    composed_ = QPixmap(size() * dpr);
    composed_.setDevicePixelRatio(dpr);
    QPainter cp(&composed_);
    composePicture(cp, size(),
                   {palette().color(QPalette::Window), palette().color(QPalette::WindowText),
                    palette().color(QPalette::Mid)});
  }
  QPainter p(this);
  p.drawPixmap(0, 0, composed_);
}

void CachedPictureView::resizeEvent(QResizeEvent*) {
  // A resize is always followed by a paint; no update() needed.
  composed_ = QPixmap();
}

void CachedPictureView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
    invalidatePicture();
  QWidget::changeEvent(event);
}

QImage CachedPictureView::renderImage(QSize size) const {
  QImage img(size, QImage::Format_ARGB32_Premultiplied);
  QPainter p(&img);
  paintPicture(p, size, {Qt::white, QColor(0x22, 0x22, 0x22), QColor(0x88, 0x88, 0x88)});
  p.end();
  return img;
}

}  // namespace nnplay::gui
