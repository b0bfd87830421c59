#include "chart_style.hpp"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QChart>
#include <QGraphicsLayout>
#include <QLegend>
#include <QPen>
#include <QXYSeries>

#include "presentation_scale.hpp"

namespace nnplay::gui {
namespace {

constexpr double kTitle = 8.5 / 9.0;
constexpr double kLegend = 7.5 / 9.0;
constexpr double kAxisLabels = 7.0 / 9.0;
constexpr double kAxisTitle = 7.5 / 9.0;
constexpr const char* kBaseWidth = "nnplayBasePenWidth";

// The pen at presentationScale() times the width it was first styled with.
QPen scaledPen(QObject* series, QPen pen) {
  QVariant base = series->property(kBaseWidth);
  if (!base.isValid()) {
    base = pen.widthF();
    series->setProperty(kBaseWidth, base);
  }
  pen.setWidthF(thick(base.toDouble()));
  return pen;
}

}  // namespace

void styleChart(QChart* chart, const QFont& base, double dpiY) {
  QFont title = relativeFont(base, kTitle, dpiY);
  title.setBold(true);
  chart->setTitleFont(title);
  chart->legend()->setFont(relativeFont(base, kLegend, dpiY));
  for (QAbstractAxis* a : chart->axes()) {
    a->setLabelsFont(relativeFont(base, kAxisLabels, dpiY));
    a->setTitleFont(relativeFont(base, kAxisTitle, dpiY));
    // Qt elides labels to a width it keeps from smaller fonts ("…" for 0.85).
    a->setTruncateLabels(false);
  }
  for (QAbstractSeries* s : chart->series()) {
    if (auto* xy = qobject_cast<QXYSeries*>(s)) {
      xy->setPen(scaledPen(xy, xy->pen()));
    } else if (auto* area = qobject_cast<QAreaSeries*>(s)) {
      area->setPen(scaledPen(area, area->pen()));
    }
  }
  // Axis label widths are measured when the layout runs; a new font must
  // measure again, or the old widths elide the new labels to "…".
  if (chart->layout()) chart->layout()->invalidate();
}

}  // namespace nnplay::gui
