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
#include <memory>

#include "cached_picture_view.hpp"
#include "nnplay/session.hpp"

namespace nnplay::gui {

class PredictionScatterView : public CachedPictureView {
  Q_OBJECT

 public:
  explicit PredictionScatterView(QWidget* parent = nullptr);

  void setSample(std::shared_ptr<const TestSample> sample);

  QSize sizeHint() const override { return {320, 340}; }

 private:
  void paintPicture(QPainter& p, QSize size, const PictureColors& colors) const override;

  std::shared_ptr<const TestSample> sample_;
  double lo_ = 0.0, hi_ = 1.0;  // the shared axis range
  double r2_ = 0.0;
  int n_ = 0;
};

}  // namespace nnplay::gui
