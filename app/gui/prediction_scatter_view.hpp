#pragma once
// Regression on a table: the network's prediction (y) against the true
// target (x) for the test sample's rows, with the y = x line a perfect model
// would sit on and R² in a corner.
//
// Contract: setSample() keeps the sample alive and recomputes the ranges and
// R² only when it is a different sample (samples are immutable). Both axes
// share one range so the diagonal is at 45°. Only the first target column is
// plotted. The picture is cached as a pixmap until the sample, size or
// palette changes. renderImage() paints it at any size on white.
#include <QPixmap>
#include <QWidget>
#include <memory>

#include "nnplay/session.hpp"

namespace nnplay::gui {

class PredictionScatterView : public QWidget {
  Q_OBJECT

 public:
  explicit PredictionScatterView(QWidget* parent = nullptr);

  void setSample(std::shared_ptr<const TestSample> sample);
  QImage renderImage(QSize size) const;

  QSize sizeHint() const override { return {320, 340}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  struct Colors {
    QColor background, text, frame;
  };
  void paintPicture(QPainter& p, QSize size, const Colors& colors) const;

  std::shared_ptr<const TestSample> sample_;
  double lo_ = 0.0, hi_ = 1.0;  // the shared axis range
  double r2_ = 0.0;
  int n_ = 0;
  QPixmap composed_;
};

}  // namespace nnplay::gui
