#pragma once
// Small helpers shared by the hand-painted plots (decision boundary, 1-D
// curve, predicted-vs-actual): "nice" tick positions and short tick labels,
// so every axis in the output panel reads the same way.
#include <QFont>
#include <QString>
#include <vector>

namespace nnplay::gui {

// About `target` ticks covering [lo, hi], spaced 1, 2 or 5 times a power of
// ten, all inside [lo, hi] (a tiny tolerance keeps the ends). Empty when the
// range is not finite; one tick when lo == hi.
std::vector<double> niceTicks(double lo, double hi, int target = 5);

// The spacing niceTicks() uses (for the label precision).
double niceStep(double lo, double hi, int target = 5);

// A short label for a tick at v on an axis with spacing `step`: just enough
// decimals for the step, and k/M suffixes for large values (prices).
QString tickLabel(double v, double step);

// A value for people in a few characters: 3 significant digits, fixed
// notation where it fits ("0.123", "12.3", "45 600"), scientific otherwise.
QString shortNumber(double v);

// The plots' text: a little smaller than the widget font (labels crowd a
// 350 px side panel), never below 7 pt.
QFont plotFont(const QFont& base);

}  // namespace nnplay::gui
