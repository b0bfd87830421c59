#pragma once
// The live network's loss landscape (issue 12, Li et al. 2018): the training
// loss over a 2-D slice around the current weights, computed on the session
// thread (landscapeRequested → Session::requestLandscape), drawn as a heatmap
// with contour lines, the centre marked, and the recent training steps
// projected onto the slice as a path.
//
// Contract:
//  - setSnapshot() is cheap for the same pointer. A new slice in a snapshot
//    becomes the one shown; the path is every kept parameter vector (up to
//    kMaxPath, fewer for big networks) projected onto it, and grows with each
//    snapshot at a new step. A snapshot whose network, data or loss differs
//    from the slice's makes the slice stale (not drawn) and starts a new path.
//  - computeSlice() emits landscapeRequested(request()) (the Compute button);
//    with auto-refresh on, it is re-emitted while training, at most every N s
//    (N ≥ 2).
//  - renderImage() paints the picture at any size on white (PNG export).
//
// Also the lab's loss-map painter (LossMap), shared with the regression panel.
#include <QImage>
#include <QRectF>
#include <QWidget>
#include <deque>
#include <memory>
#include <vector>

#include "nnplay/landscape.hpp"
#include "nnplay/session.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPainter;
class QPushButton;
class QSpinBox;
class QTimer;

namespace nnplay::gui {

// A loss over a regular grid of (x, y): values row-major, row 0 at y0 (the
// bottom), column 0 at x0; grid points lie on the plot's edges.
struct LossMap {
  int cols = 0, rows = 0;
  std::vector<float> values;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  float lo = 0, hi = 1;  // the colour range (finite values)
  void fitRange();       // lo, hi from the finite values
  // The position of a loss on the colour scale, 0..1 (square-root scale, so a
  // quadratic bowl's contours are evenly spaced).
  double scale(double v) const;
};
// The heatmap with contour lines, filling `plot` (clipped to it).
void paintLossMap(QPainter& p, const LossMap& m, const QRectF& plot, int levels = 14);
// A horizontal colour bar with numbers under it (height: bar + one text line).
void paintLossScale(QPainter& p, const LossMap& m, const QRect& bar, const QColor& text,
                    const QColor& frame);

class LandscapePanel : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMaxPath = 500;

  explicit LandscapePanel(QWidget* parent = nullptr);

  void setSnapshot(std::shared_ptr<const nnplay::Snapshot> s);
  // The slice shown (null when none, or stale).
  std::shared_ptr<const nnplay::LandscapeSlice> slice() const;
  // The kept training steps projected onto the slice, oldest first.
  const std::vector<nnplay::Point2>& pathPoints() const { return path_; }
  // What the controls ask for, and setting them.
  nnplay::LandscapeRequest request() const;
  void setRequest(const nnplay::LandscapeRequest& r);
  void setAutoRefresh(bool on, int seconds = 2);
  // What the Compute slice button does.
  void computeSlice();
  QImage renderImage(QSize size) const;

 signals:
  void landscapeRequested(nnplay::LandscapeRequest request);

 private:
  class Canvas;
  friend class Canvas;
  struct Kept {
    long step;
    std::vector<float> parameters;
  };

  void paintPicture(QPainter& p, QSize size, const QColor& background, const QColor& text,
                    const QColor& frame) const;
  void updateWeightChoices();
  void updateEnabled();
  void reproject();
  void trimKept();
  void autoRefresh();
  void exportPng();
  void redraw();

  std::shared_ptr<const nnplay::Snapshot> snapshot_;
  std::shared_ptr<const nnplay::LandscapeSlice> slice_;
  // What the slice was measured on, to tell when it no longer fits.
  nnplay::NetworkSpec sliceNetwork_;
  std::shared_ptr<const nnplay::DataSpec> sliceData_;
  nnplay::LossId sliceLoss_{};
  bool stale_ = false;
  LossMap map_;
  std::deque<Kept> kept_;
  nnplay::NetworkSpec keptNetwork_;
  std::vector<nnplay::Point2> path_;
  std::vector<std::string> arrays_;  // the trained arrays the weight combos offer
  bool requested_ = false;           // a request is out and no slice came back yet

  QComboBox* resolution_ = nullptr;
  QDoubleSpinBox* span_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QComboBox* directions_ = nullptr;
  QComboBox* array1_ = nullptr;
  QComboBox* array2_ = nullptr;
  QSpinBox* index1_ = nullptr;
  QSpinBox* index2_ = nullptr;
  QPushButton* compute_ = nullptr;
  QCheckBox* auto_ = nullptr;
  QSpinBox* autoSeconds_ = nullptr;
  QLabel* status_ = nullptr;
  QWidget* canvas_ = nullptr;
  QTimer* timer_ = nullptr;
  qint64 lastRequestMs_ = -1;
};

}  // namespace nnplay::gui
