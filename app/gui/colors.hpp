#pragma once
// The playground's colours: TF Playground's diverging orange-white-blue for
// signed values (negative orange, positive blue), one colour per class, and
// heatmap images filled row by row with scanLine().
#include <QColor>
#include <QImage>

#include "nnplay/tensor.hpp"

namespace nnplay::gui {

inline const QColor kNegative{0xf5, 0x93, 0x22};  // orange
inline const QColor kPositive{0x08, 0x77, 0xbd};  // blue
inline const QColor kNeutral{0xe8, 0xea, 0xeb};

// t in [-1, 1] (clamped): orange -> near-white -> blue.
QRgb divergingColor(float t);
// Class k of n: two classes use orange (0) and blue (1) like TF Playground;
// more classes a qualitative palette.
QColor classColor(int k, int classes);

// A width x height image of values (row-major, top row first), lo mapped to
// orange, hi to blue, the middle to white. discretize: only the two ends.
QImage heatmapImage(const float* values, int width, int height, float lo, float hi,
                    bool discretize = false);
// Several classes: each pixel is the class colours blended by probability
// (discretize: the most probable class's colour). probabilities is
// classes x (width * height), one contiguous row per class.
QImage classBlendImage(const RowMatrix& probabilities, int width, int height,
                       bool discretize = false);

// The range a neuron's heatmap maps to colours: the activation's range when
// bounded, otherwise symmetric around 0 by the largest |value|.
void heatmapRange(const float* values, int n, float activationLo, float activationHi, float& lo,
                  float& hi);

}  // namespace nnplay::gui
