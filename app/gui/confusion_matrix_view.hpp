#pragma once
// Classification on a table or images: how often each actual class (rows)
// was predicted as each class (columns), over the test sample's rows.
//
// Contract: setSample() keeps the sample alive and recounts only for a
// different sample (samples are immutable). Cells are shaded by the count's
// share of its row (blue on the diagonal, orange off it, so mistakes stand
// out), with the count written in; class names label both axes, elided to
// fit; the title gives the accuracy. Rows whose class index is out of range
// are skipped. Cached as a pixmap; renderImage() paints it on white.
#include <memory>
#include <vector>

#include "cached_picture_view.hpp"
#include "nnplay/session.hpp"

namespace nnplay::gui {

class ConfusionMatrixView : public CachedPictureView {
  Q_OBJECT

 public:
  explicit ConfusionMatrixView(QWidget* parent = nullptr);

  void setSample(std::shared_ptr<const TestSample> sample);
  // counts[actual * classes + predicted]; for tests.
  const std::vector<int>& counts() const { return counts_; }
  int classes() const { return classes_; }

  QSize sizeHint() const override { return {320, 340}; }

 private:
  void paintPicture(QPainter& p, QSize size, const PictureColors& colors) const override;
  QString className(int k) const;

  std::shared_ptr<const TestSample> sample_;
  int classes_ = 0;
  std::vector<int> counts_;
  std::vector<int> rowTotals_;
  int total_ = 0;
  int correct_ = 0;
};

}  // namespace nnplay::gui
