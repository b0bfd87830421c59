#pragma once
// A two-parameter loss surface of the gradient-descent lab (issue 12): a
// heatmap with contour lines, the minima marked, axes with ticks; on top the
// optimizers' paths, a marker at the current step of each, the start point as
// a handle to drag, the step inspector's arrows and the scatter of starts.
//
// Contract:
//  - The heatmap is 256 × 256 samples of f over the surface's range (values
//    below clipLow clipped), coloured on a sequential ramp (light = low loss,
//    dark = high) over log(1 + f − fmin), with contour lines at even steps of
//    that scale. It is computed once per surface for the whole process and
//    shared by every plot; each plot also keeps its background (heatmap,
//    contours, axes, minima) composed at its last size, so a change of paths
//    or step only paints the paths on top.
//  - The plot keeps the range's aspect ratio; toWidget()/toSurface() map
//    between the surface and this widget's current size (valid before the
//    first paint).
//  - Paths are clipped at the border of the range (segment by segment, so a
//    diverging path never reaches the painter as huge coordinates); a path
//    that leaves the range, or that the engine marked diverged, gets a
//    message. Each path is drawn solid up to the current step and faint after.
//  - A left press inside the plot (when interactive) moves the start there and
//    drags it until release; every move emits startMoved() with the point
//    clamped to the range. The plot itself only shows the start it is given.
//  - renderImage() paints the same picture at any size on white (PNG export,
//    tests and the benchmark).
#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRect>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>
#include <vector>

#include "nnplay/descent.hpp"

namespace nnplay::gui {

struct PlotPath {
  QString label;
  QColor color;
  nnplay::DescentPath path;  // a copy: the plot never points into its caller
};

// An arrow of the step inspector, in surface coordinates.
struct PlotArrow {
  nnplay::Point2 from;
  nnplay::Point2 delta;
  QColor color;
  QString label;
};

// A start of the scatter, and the index of the minimum its path reached (-1: none).
struct ScatterDot {
  nnplay::Point2 start;
  int minimum = -1;
};

// The colour of minimum k in the scatter (grey for -1).
QColor minimumColor(int k);
// "A", "B", ... for minimum k.
QString minimumName(int k);

struct SurfaceField;  // the cached samples, image and contour lines of one surface

class SurfacePlot : public QWidget {
  Q_OBJECT

 public:
  explicit SurfacePlot(QWidget* parent = nullptr);
  ~SurfacePlot() override;

  void setSurface(const nnplay::SurfaceInfo& surface);
  const nnplay::SurfaceInfo& surface() const { return *surface_; }
  void setPaths(std::vector<PlotPath> paths);
  const std::vector<PlotPath>& paths() const { return paths_; }
  // The current animation step (clamped to each path's length when drawn).
  void setStep(int step);
  int step() const { return step_; }
  void setStart(nnplay::Point2 start);
  nnplay::Point2 start() const { return start_; }
  void setScatter(std::vector<ScatterDot> dots);
  const std::vector<ScatterDot>& scatter() const { return scatter_; }
  void setArrows(std::vector<PlotArrow> arrows, QString note = {});
  const std::vector<PlotArrow>& arrows() const { return arrows_; }
  // A line above the plot (the surface's formula, a line-up caption).
  void setCaption(QString caption);
  // The legend beside the plot: each path's label and loss at the current step.
  void setLegendVisible(bool on);
  // Whether a press drags the start (the line-up's small plots are static).
  void setInteractive(bool on);
  // Whether layouts give the plot the height its width calls for (a row of
  // small plots); off by default: the plot takes the room it is given.
  void setHeightForWidth(bool on);
  bool hasHeightForWidth() const override { return heightForWidth_; }
  int heightForWidth(int width) const override;

  // Where the plot's range lands in a picture of this size / this widget.
  QRect plotRect(QSize size) const;
  QRect plotRect() const { return plotRect(size()); }
  QPointF toWidget(nnplay::Point2 p) const;
  nnplay::Point2 toSurface(QPointF pos) const;
  // The messages drawn for paths that left the plot or diverged.
  QStringList messages() const;
  // The legend's lines, as drawn.
  QStringList legendLines() const;
  // The 256 × 256 heatmap of the current surface (shared, computed once).
  const QImage& heatmap() const;

  QImage renderImage(QSize size) const;

  QSize sizeHint() const override { return {560, 460}; }
  QSize minimumSizeHint() const override { return {200, 180}; }

 signals:
  void startMoved(nnplay::Point2 start);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  void paintPicture(QPainter& p, QSize size) const;
  const QImage& background(QSize size, qreal dpr) const;
  void paintBackground(QPainter& p, QSize size) const;
  void paintPaths(QPainter& p, QRect plot) const;
  void paintArrows(QPainter& p, QRect plot) const;
  void paintMessages(QPainter& p, QRect plot) const;
  void paintLegend(QPainter& p, QRect plot, QSize size) const;
  void dragTo(QPointF pos);

  const nnplay::SurfaceInfo* surface_;
  std::shared_ptr<const SurfaceField> field_;
  std::vector<PlotPath> paths_;
  std::vector<ScatterDot> scatter_;
  std::vector<PlotArrow> arrows_;
  QString arrowNote_;
  QString caption_;
  nnplay::Point2 start_;
  int step_ = 0;
  bool legend_ = false;
  bool interactive_ = true;
  bool heightForWidth_ = false;
  bool dragging_ = false;

  mutable QImage background_;  // at backgroundSize_ × dpr; null when stale
  mutable QSize backgroundSize_;
};

}  // namespace nnplay::gui
