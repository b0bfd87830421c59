#pragma once
// A widget that shows one picture, drawn by paintPicture(), which is slow
// enough to be worth caching (the plot views of the output panel).
//
// Contract:
//  - paintEvent() only blits a pixmap of the picture at the widget's size and
//    device pixel ratio; the pixmap is composed again, in the palette's
//    colours, on the first paint after a resize, a palette or font change, or
//    invalidatePicture(). Subclasses call invalidatePicture() whenever what
//    paintPicture() draws changes.
//  - renderImage() paints the same picture at any size on white with fixed
//    dark colours (for PNG exports and tests), independent of the cache.
//  - The widget is opaque (the picture covers every pixel) and expands.
#include <QColor>
#include <QImage>
#include <QPixmap>
#include <QWidget>

class QPainter;

namespace nnplay::gui {

class CachedPictureView : public QWidget {
  Q_OBJECT

 public:
  // The palette-dependent colours of a picture; everything else is fixed.
  struct PictureColors {
    QColor background, text, frame;
  };

  QImage renderImage(QSize size) const;

 protected:
  explicit CachedPictureView(QWidget* parent = nullptr);

  // Paints the whole picture, background included, into (0, 0, size).
  virtual void paintPicture(QPainter& p, QSize size, const PictureColors& colors) const = 0;
  // Paints the widget's own cached picture. Overridden by a view that must
  // remember where things landed in it (as paintPicture() is const and also
  // serves renderImage()); it must paint what paintPicture() paints.
  virtual void composePicture(QPainter& p, QSize size, const PictureColors& colors) {
    paintPicture(p, size, colors);
  }
  // Drops the cached picture and schedules a repaint.
  void invalidatePicture();
  // Whether the cached picture is current (false before the first paint and
  // after any change until the next one).
  bool hasPicture() const { return !composed_.isNull(); }

  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  QPixmap composed_;  // the picture at the widget's size; null when stale
};

}  // namespace nnplay::gui
