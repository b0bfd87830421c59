#pragma once
// The big picture of TF Playground: the network's output over the input
// plane [-extent, extent]², with the data points on top.
//
// Contract:
//  - setSnapshot() keeps the snapshot (and so its grid) alive; a snapshot
//    without a grid or points draws a neutral empty plot.
//  - 2-D data: one sigmoid output is a heatmap of p in [0, 1]; several
//    classes blend the class colours; regression maps the target labels'
//    min..max to orange..blue and shows a colour scale with numbers.
//    1-D data (grid->rows == 1): a curve of the prediction over x instead,
//    with the points as (x, y) (classification: the probability curve).
//  - showNeuron(layer, unit) shows that neuron's heatmap (grid->layers[layer],
//    layer 0 being the input features) with a caption; (-1, -1), or a
//    neuron the grid does not have, shows the output again.
//  - The picture is composed once per snapshot, option change or resize and
//    kept as a pixmap, so paintEvent() only blits it.
//  - renderImage() paints the same picture at any size on white (PNG export).
#include <QImage>
#include <memory>
#include <optional>
#include <vector>

#include "cached_picture_view.hpp"
#include "nnplay/session.hpp"

namespace nnplay::gui {

class DecisionBoundaryView : public CachedPictureView {
  Q_OBJECT

 public:
  explicit DecisionBoundaryView(QWidget* parent = nullptr);

  void setSnapshot(std::shared_ptr<const Snapshot> s);
  const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }

  void setDiscretize(bool on);
  bool discretize() const { return discretize_; }
  void setShowTestData(bool on);
  bool showTestData() const { return showTest_; }

  void showNeuron(int gridLayer, int unit);  // (-1, -1): the output
  int neuronLayer() const { return neuronLayer_; }
  int neuronUnit() const { return neuronUnit_; }

  // A widget position inside the 2-D plot as a point of the input plane (for
  // drawing data); false outside it, for 1-D plots, or before the first paint.
  bool toPlane(QPointF pos, QPointF* plane) const;

  // Where a point of the input plane is drawn (the inverse of toPlane).
  QPointF toWidget(QPointF plane) const;
  // The nearest data point within 10 pixels of a widget position, if any.
  std::optional<SampleRef> sampleAt(QPointF pos) const;
  // The samples ringed: the last manual step's, then the math view's.
  std::vector<SampleRef> highlighted() const;

  QSize sizeHint() const override { return {320, 360}; }
  QSize minimumSizeHint() const override { return {160, 180}; }

 signals:
  // A click inside the 2-D plot, at this point of the input plane (the window
  // turns it into a drawn point when drawing).
  void pointClicked(QPointF plane, Qt::MouseButton button);
  // A double-click on a data point: the math view follows it.
  void sampleDoubleClicked(nnplay::SampleRef sample);

 protected:
  void mousePressEvent(QMouseEvent* e) override;
  void mouseDoubleClickEvent(QMouseEvent* e) override;

 private:
  // What the current picture shows, resolved against the grid.
  struct Source {
    const float* values = nullptr;  // one row of `count` values, or null for a class blend
    int count = 0;
    float lo = 0.0f, hi = 1.0f;  // the colour range
    bool classBlend = false;
    bool neuron = false;
    bool bounded = true;  // false: a neuron's range taken from its values
  };

  Source source() const;
  const QImage& heatmap() const;  // rebuilt lazily when invalid
  void invalidate(bool heatmapToo);
  void paintPicture(QPainter& p, QSize size, const PictureColors& colors) const override;
  // The cached picture also records where its plot landed, for toPlane().
  void composePicture(QPainter& p, QSize size, const PictureColors& colors) override;
  // Returns the 2-D plot's square (empty for a 1-D plot).
  QRect paintPlot(QPainter& p, QSize size, const PictureColors& colors) const;
  QRect paint2d(QPainter& p, QRect area, const Source& src, const PictureColors& colors) const;
  void paint1d(QPainter& p, QRect area, const Source& src, const PictureColors& colors) const;
  QString caption() const;

  std::shared_ptr<const Snapshot> snapshot_;
  bool discretize_ = false;
  bool showTest_ = false;
  int neuronLayer_ = -1;
  int neuronUnit_ = -1;
  float labelLo_ = 0.0f, labelHi_ = 1.0f;  // regression: the target labels' range

  mutable QImage heatmap_;  // grid resolution; empty when stale
  QRect plot_;              // where the cached picture has the plane's square
};

}  // namespace nnplay::gui
