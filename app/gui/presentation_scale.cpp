#include "presentation_scale.hpp"

#include <QApplication>
#include <QEvent>
#include <QPointer>
#include <QScreen>
#include <QWidget>
#include <algorithm>
#include <cmath>

namespace nnplay::gui {
namespace {

double gScale = 1.0;
double gMinimumPixels = 0.0;

double screenDpi() {
  const QScreen* s = QGuiApplication::primaryScreen();
  return s ? s->logicalDotsPerInchY() : 96.0;
}

// Keeps one widget's font a multiple of its parent's; a child of the
// widget, so it lives exactly as long. (QApplication::setFont() sends
// ApplicationFontChange only to windows; the rest learn of it as a
// FontChange of their parent.)
class FontFollower : public QObject {
 public:
  FontFollower(QWidget* w, double factor, QFont::Weight weight, bool setWeight)
      : QObject(w), widget_(w), factor_(factor), weight_(weight), setWeight_(setWeight) {
    w->installEventFilter(this);
    watchParent();
    apply();
  }

  bool eventFilter(QObject* watched, QEvent* e) override {
    if (watched == widget_ && e->type() == QEvent::ParentChange) {
      watchParent();
      apply();
    } else if (watched == parent_ && e->type() == QEvent::FontChange) {
      apply();
    }
    return false;
  }

 private:
  void watchParent() {
    if (parent_) parent_->removeEventFilter(this);
    parent_ = widget_->parentWidget();
    if (parent_) parent_->installEventFilter(this);
  }
  void apply() const {
    const QFont base = parent_ ? parent_->font() : QApplication::font(widget_);
    QFont f = relativeFont(base, factor_, widget_->logicalDpiY());
    if (setWeight_) f.setWeight(weight_);
    widget_->setFont(f);
  }

  QWidget* widget_;
  QPointer<QWidget> parent_;
  double factor_;
  QFont::Weight weight_;
  bool setWeight_;
};

}  // namespace

double presentationScale() {
  return gScale;
}

double minimumFontPixels() {
  return gMinimumPixels;
}

void setPresentationScale(double scale, double minimumPixels) {
  gScale = std::max(1.0, scale);
  gMinimumPixels = std::max(0.0, minimumPixels);
}

double fontPixels(const QFont& f, double dpiY) {
  if (f.pixelSize() > 0) return f.pixelSize();
  return f.pointSizeF() * (dpiY > 0 ? dpiY : screenDpi()) / 72.0;
}

QFont readable(QFont f, double dpiY) {
  const double px = fontPixels(f, dpiY);
  if (gMinimumPixels <= 0 || px >= gMinimumPixels) return f;
  if (f.pixelSize() > 0) {
    f.setPixelSize(static_cast<int>(std::ceil(gMinimumPixels)));
  } else {
    f.setPointSizeF(f.pointSizeF() * gMinimumPixels / px);
  }
  return f;
}

QFont relativeFont(QFont f, double factor, double dpiY) {
  if (f.pixelSize() > 0) {
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(f.pixelSize() * factor))));
  } else {
    f.setPointSizeF(f.pointSizeF() * factor);
  }
  return readable(f, dpiY);
}

void followParentFont(QWidget* w, double factor, QFont::Weight weight, bool setWeight) {
  new FontFollower(w, factor, weight, setWeight);
}

}  // namespace nnplay::gui
