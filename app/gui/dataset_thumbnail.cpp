#include "dataset_thumbnail.hpp"

#include <QPainter>
#include <algorithm>

#include "colors.hpp"
#include "nnplay/generators.hpp"

namespace nnplay::gui {

QPixmap datasetThumbnail(std::string_view generator, int size) {
  const GeneratorInfo& g = generatorByName(generator);
  GeneratorParams p;
  p.samples = 250;
  p.seed = 7;
  const Dataset d = g.generate(p);
  QPixmap pm(size, size);
  pm.fill(kNeutral);
  QPainter painter(&pm);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(Qt::NoPen);
  const double extent = g.domain * 1.1;
  float lo = 0, hi = 1;
  if (g.task == Task::Regression) {
    lo = d.y.minCoeff();
    hi = d.y.maxCoeff();
  }
  for (int i = 0; i < d.rows(); ++i) {
    double x = d.x(i, 0);
    double y;
    QColor c;
    if (g.inputs == 1) {
      // A 1-D curve: y over x, scaled to the picture.
      y = hi > lo ? (d.y(i, 0) - lo) / (hi - lo) * 2 * extent - extent : 0.0;
      c = kPositive;
    } else {
      y = d.x(i, 1);
      c = g.task == Task::Regression
              ? QColor(divergingColor(hi > lo ? 2.0f * (d.y(i, 0) - lo) / (hi - lo) - 1.0f : 0.0f))
              : classColor(static_cast<int>(d.y(i, 0)), d.classes);
    }
    const double px = (x + extent) / (2 * extent) * size;
    const double py = (extent - y) / (2 * extent) * size;
    painter.setBrush(c);
    painter.drawEllipse(QPointF(px, py), 1.6, 1.6);
  }
  painter.setPen(QColor(0, 0, 0, 60));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(0, 0, size - 1, size - 1);
  return pm;
}

}  // namespace nnplay::gui
