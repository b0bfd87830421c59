#pragma once
// Batch vs mini-batch vs stochastic gradient descent on real data (COURSE.md
// c12, issue 12): linear regression price = w·sqft + b on the shipped houses
// table (both standardized). The surface is the MSE over all rows, drawn as a
// heatmap with contours over (w, b) with the least-squares optimum marked;
// three paths from one start with one optimizer (full batch, mini-batch,
// stochastic), computed by the engine's descend(); beside it the data with
// each path's line at the animation step.
//
// Contract:
//  - Every control change (start, optimizer, learning rate, batch size,
//    steps) recomputes the three paths at once; the paths are exactly
//    descend(LinearRegressionObjective(data, batch, seed()), settings, start, steps)
//    with batch = rows, batchSize() and 1.
//  - Pressing or dragging on the surface moves the start there.
//  - The animation step runs 0..steps(); after a change it shows the end.
//  - renderImage() paints the surface, the data and the summary at any size on
//    white (PNG export).
#include <QImage>
#include <QString>
#include <QWidget>
#include <array>
#include <cstdint>

#include "landscape_panel.hpp"
#include "nnplay/descent.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace nnplay::gui {

class RegressionDescentPanel : public QWidget {
  Q_OBJECT

 public:
  enum Path { FullBatch = 0, MiniBatch = 1, Stochastic = 2 };

  // Loads resources/datasets/houses.csv (sqft → price); errorText() says
  // why when it could not.
  explicit RegressionDescentPanel(QWidget* parent = nullptr);

  const nnplay::LinearRegressionData& data() const { return data_; }
  const nnplay::DescentPath& path(Path which) const { return paths_[which]; }
  const nnplay::DescentPath& fullBatchPath() const { return paths_[FullBatch]; }
  const nnplay::DescentPath& miniBatchPath() const { return paths_[MiniBatch]; }
  const nnplay::DescentPath& stochasticPath() const { return paths_[Stochastic]; }
  // The batch each path uses (rows, batchSize(), 1).
  int batchOf(Path which) const;
  std::uint64_t seed() const { return kSeed; }
  nnplay::OptimizerSettings optimizerSettings() const;

  nnplay::Point2 start() const { return start_; }
  void setStart(nnplay::Point2 start);  // clamped to the plotted range
  int batchSize() const;
  void setBatchSize(int batch);
  double learningRate() const;
  void setLearningRate(double lr);
  int steps() const;
  void setSteps(int steps);
  int step() const;  // the animation step, 0..steps()
  void setStep(int step);
  void setOptimizer(nnplay::OptimizerId id);
  void setPlaying(bool on);
  bool isPlaying() const;

  // Per path: the final MSE, its gap to the optimum in %, the mean step change.
  QString summaryText() const;
  QString errorText() const { return error_; }
  QImage renderImage(QSize size) const;

  // The surface plot and where a (w, b) lies in it (widget coordinates), for
  // dragging the start.
  QWidget* surfaceWidget() const { return canvas_; }
  QPointF surfacePoint(nnplay::Point2 wb) const;

 signals:
  void pathsChanged();

 private:
  class Canvas;
  friend class Canvas;
  static constexpr std::uint64_t kSeed = 1;
  struct Layout {
    QRectF surface, data;
  };

  Layout layoutFor(QSize size, const QFontMetrics& fm) const;
  void paintPicture(QPainter& p, QSize size, const QColor& background, const QColor& text,
                    const QColor& frame) const;
  void paintSurface(QPainter& p, const QRectF& plot, const QColor& text, const QColor& frame) const;
  void paintData(QPainter& p, const QRectF& plot, const QColor& text, const QColor& frame) const;
  nnplay::Point2 fromSurface(QPointF pos) const;
  void buildSurface();
  void recompute();
  void advance();
  void exportPng();

  nnplay::LinearRegressionData data_;
  QString error_;
  nnplay::Point2 optimum_{};
  double optimumMse_ = 0.0;
  double wLo_ = -2, wHi_ = 2, bLo_ = -2, bHi_ = 2;  // the surface's range
  double xLo_ = -3, xHi_ = 3, yLo_ = -3, yHi_ = 3;  // the data plot's range
  LossMap map_;
  nnplay::Point2 start_{};
  std::array<nnplay::DescentPath, 3> paths_;
  bool dragging_ = false;

  QComboBox* optimizer_ = nullptr;
  QDoubleSpinBox* lr_ = nullptr;
  QSpinBox* batch_ = nullptr;
  QSpinBox* steps_ = nullptr;
  QSlider* step_ = nullptr;
  QLabel* stepLabel_ = nullptr;
  QPushButton* play_ = nullptr;
  QLabel* summary_ = nullptr;
  QWidget* canvas_ = nullptr;
  QTimer* timer_ = nullptr;
};

}  // namespace nnplay::gui
