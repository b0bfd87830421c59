#pragma once
// TF Playground's OUTPUT column: the test and training loss and metric of the
// last history point, the main picture, and the view options under it.
//
// Contract:
//  - setSnapshot() is cheap for a snapshot already shown (same pointer) and
//    never blocks; the picture follows the data: the decision boundary when
//    the snapshot has a grid, otherwise predicted-vs-actual (regression) or a
//    confusion matrix (classification), with an image grid beside it for
//    image data; a short notice when there is nothing to show yet.
//  - The options only change what is drawn, except the resolution, which the
//    panel asks for with resolutionChangeRequested() (the grid is computed by
//    the session); the combo box follows the snapshot's grid.
//  - boundaryImage() paints what the main view shows now, at any size, on
//    white (PNG export).
#include <QElapsedTimer>
#include <QImage>
#include <QPointF>
#include <QWidget>
#include <memory>

#include "nnplay/session.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace nnplay::gui {

class DecisionBoundaryView;
class PredictionScatterView;
class ConfusionMatrixView;
class ImageGridView;

class OutputPanel : public QWidget {
  Q_OBJECT

 public:
  explicit OutputPanel(QWidget* parent = nullptr);

  void setSnapshot(std::shared_ptr<const nnplay::Snapshot> s);  // cheap if unchanged
  void showNeuron(int gridLayer, int unit);                     // (-1, -1): the output again
  QImage boundaryImage(QSize size = {512, 512}) const;
  bool discretize() const;
  bool showTestData() const;
  void setDiscretize(bool on);  // as if the box were clicked
  void setShowTestData(bool on);

  DecisionBoundaryView* boundaryView() const { return boundary_; }

 signals:
  void resolutionChangeRequested(int resolution);            // 100, 128, 200 or 256
  void pointClicked(QPointF plane, Qt::MouseButton button);  // on the 2-D boundary plot
  void sampleDoubleClicked(nnplay::SampleRef sample);        // a data point or an image
  void showTestDataChanged(bool on);                         // the person's view preferences
  void discretizeChanged(bool on);

 private:
  void updateMetrics();
  void choosePage();

  std::shared_ptr<const Snapshot> snapshot_;
  QElapsedTimer metricsClock_;  // since the loss and metric labels were last set
  QLabel* lossLabel_ = nullptr;
  QLabel* metricLabel_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  QLabel* notice_ = nullptr;
  DecisionBoundaryView* boundary_ = nullptr;
  PredictionScatterView* scatter_ = nullptr;
  QTabWidget* classTabs_ = nullptr;
  ConfusionMatrixView* confusion_ = nullptr;
  ImageGridView* images_ = nullptr;
  QCheckBox* showTest_ = nullptr;
  QCheckBox* discretize_ = nullptr;
  QComboBox* resolution_ = nullptr;
};

}  // namespace nnplay::gui
