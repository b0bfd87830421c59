#pragma once
// The text and line sizes of a Qt chart, relative to its widget's font and
// to presentationScale(). A chart's fonts are its own (QChart, QLegend and
// each axis hold a QFont that no widget font reaches), so a widget showing a
// chart calls styleChart() once built and again on QEvent::FontChange:
// presentation mode then scales the charts with the rest of the window.
//
// Contract: the title is bold at 8.5/9 of `base`, the legend at 7.5/9, axis
// labels at 7/9 and axis titles at 7.5/9 (the sizes the charts had at 9 pt),
// each readable(); every XY series' pen is its first width times
// presentationScale().
#include <QFont>

class QChart;

namespace nnplay::gui {

void styleChart(QChart* chart, const QFont& base, double dpiY = 0);

}  // namespace nnplay::gui
