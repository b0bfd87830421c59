#pragma once
// How large presentation mode draws, in one place that every view reads.
//
// Contract:
//  - presentationScale() is 1 outside presentation mode; inside it, the
//    factor the window's text was scaled by (at least 1). Painted views
//    multiply their pen widths and point radii by it (thick()), so lines and
//    points grow with the text.
//  - minimumFontPixels() is 0 outside presentation mode and 18 inside it:
//    readable() raises a font to it. A view that derives a smaller font from
//    its widget's font (axis labels, captions) passes it through readable(),
//    so no text in the window is smaller than 18 px while presenting.
//  - followParentFont() gives a widget a font that is a multiple of its
//    parent's and keeps it so when that changes (presentation mode scales
//    the application font, so every inherited font; a fixed size would stay
//    small). Use it instead of a fixed font size or a style sheet's
//    font-size.
//  - GUI thread only. Only PresentationMode sets the scale.
#include <QFont>

class QWidget;

namespace nnplay::gui {

// Captions and the large epoch counter, relative to the text (11 px and
// 22 px at the usual 12 px).
inline constexpr double kSmallText = 11.0 / 12.0;
inline constexpr double kLargeText = 22.0 / 12.0;

double presentationScale();
double minimumFontPixels();
void setPresentationScale(double scale, double minimumPixels);

inline double thick(double width) {
  return width * presentationScale();
}

// The font's size in pixels at `dpiY` (0: the primary screen's logical DPI).
double fontPixels(const QFont& f, double dpiY = 0);
// `f`, raised to minimumFontPixels() if smaller.
QFont readable(QFont f, double dpiY = 0);
// `f` with its size multiplied by `factor`, then readable().
QFont relativeFont(QFont f, double factor, double dpiY = 0);

// Sets w's font to `factor` times its parent's font size (the application
// font's without a parent), with `weight` when setWeight, readable(); now,
// when it moves to another parent and whenever its parent's font changes.
void followParentFont(QWidget* w, double factor, QFont::Weight weight = QFont::Normal,
                      bool setWeight = false);

}  // namespace nnplay::gui
