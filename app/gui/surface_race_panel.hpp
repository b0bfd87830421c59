#pragma once
// The gradient-descent lab's race (issue 12): the engine's optimizers on a
// two-parameter loss surface, side by side.
//
// Contract:
//  - One row per optimizer of optimizers(): enabled or not, its colour, a
//    learning rate (a log slider and a number kept in step) and its own
//    hyperparameters (momentum; rho; beta1 and beta2). Picking a surface sets
//    every learning rate to one that works there and the start to the
//    surface's start.
//  - Every change (surface, start, steps, a check box, a slider, a number)
//    recomputes every enabled path with nnplay::descend() at once, in the
//    same call, and hands them to the plot; redraws() counts these
//    recomputations. Dragging the start on the plot recomputes on every move.
//  - The current step (a slider; Play animates it) picks where each path's
//    marker and legend loss are; the step inspector explains the focus
//    optimizer's step there with the PathPoint's gradient and optimizer state:
//    arrows for −g and the velocity (or Adam's −m′), drawn at a stated scale,
//    the step as taken, and the per-coordinate scaling of RMSprop and Adam.
//  - "Learning-rate line-up": SGD on the bowl at four learning rates in four
//    small plots (kLineUp). "Scatter starts": the focus optimizer on the
//    several-minima surface from a 15 × 15 grid of starts, each coloured by
//    the minimum it reached; any later change clears the scatter.
//  - "Export PNG…" saves what is shown (the race or the line-up).
#include <QColor>
#include <QImage>
#include <QString>
#include <QWidget>
#include <vector>

#include "nnplay/descent.hpp"
#include "nnplay/optimizer.hpp"
#include "surface_plot.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QStackedWidget;
class QTimer;

namespace nnplay::gui {

class SurfaceRacePanel : public QWidget {
  Q_OBJECT

 public:
  // The learning-rate line-up: SGD on the bowl from its start.
  struct LineUpRun {
    QString caption;  // "too small", "good", ...
    double learningRate = 0.0;
    nnplay::DescentPath path;
    QString outcome;  // what the path did, in a sentence under its plot
  };
  static constexpr int kLineUpSteps = 150;
  static constexpr int kScatterGrid = 15;
  static constexpr int kScatterSteps = 1000;

  struct ScatterResult {
    nnplay::OptimizerId optimizer = nnplay::OptimizerId::Sgd;
    std::vector<ScatterDot> dots;  // kScatterGrid², row by row from (xmin, ymin)
    std::vector<int> counts;       // starts per minimum of the surface
    int none = 0;                  // starts that reached no minimum
    QString summary;               // the text line under the plot
  };

  explicit SurfaceRacePanel(QWidget* parent = nullptr);
  ~SurfaceRacePanel() override;

  // The surface (as the combo box does: learning rates and start reset).
  void selectSurface(nnplay::SurfaceId id);
  nnplay::SurfaceId surfaceId() const;

  void setOptimizerEnabled(nnplay::OptimizerId id, bool on);
  bool optimizerEnabled(nnplay::OptimizerId id) const;
  // Through the number box; the slider follows.
  void setLearningRate(nnplay::OptimizerId id, double lr);
  double learningRate(nnplay::OptimizerId id) const;
  QSlider* learningRateSlider(nnplay::OptimizerId id) const;
  // What a person moving the slider does: the slider's triggerAction() steps
  // (or setValue() to `position`), with the signals a drag sends.
  void moveLearningRateSlider(nnplay::OptimizerId id, int position);
  // The settings descend() gets for this optimizer.
  nnplay::OptimizerSettings optimizerSettings(nnplay::OptimizerId id) const;
  // Its learning rate and own parameters, as the controls would set them.
  void setOptimizerSettings(nnplay::OptimizerId id, const nnplay::OptimizerSettings& s);
  // The setup in its own small file (lab_setup.hpp); errors go to a message box.
  bool saveSetup(const QString& path);
  bool openSetup(const QString& path);
  static QColor optimizerColor(nnplay::OptimizerId id);

  void setStart(nnplay::Point2 start);  // clamped to the surface's range
  nnplay::Point2 start() const { return start_; }
  void resetStart();
  void setSteps(int steps);
  int steps() const { return steps_; }

  // The paths shown, one per enabled optimizer in table order.
  const std::vector<nnplay::DescentPath>& paths() const { return paths_; }
  const std::vector<nnplay::OptimizerId>& pathOptimizers() const { return pathIds_; }
  const nnplay::DescentPath* path(nnplay::OptimizerId id) const;
  int redraws() const { return redraws_; }

  void setCurrentStep(int step);
  int currentStep() const { return step_; }
  void play();
  void pause();
  bool isPlaying() const;

  // The optimizer the step inspector explains and the scatter uses.
  void setFocusOptimizer(nnplay::OptimizerId id);
  nnplay::OptimizerId focusOptimizer() const;
  QString inspectorText() const;

  const ScatterResult& runScatter();
  const ScatterResult& scatterResult() const { return scatter_; }
  bool scatterShown() const { return !scatter_.dots.empty(); }

  const std::vector<LineUpRun>& showLineUp();
  const std::vector<LineUpRun>& lineUp() const { return lineUp_; }
  bool lineUpShown() const;
  void showRace();

  SurfacePlot* plot() const { return plot_; }
  const std::vector<SurfacePlot*>& lineUpPlots() const { return lineUpPlots_; }

  // What is shown (the race or the line-up), as the PNG export saves it.
  QImage exportImage() const;
  bool exportPng(const QString& file) const;

 private:
  struct Row {
    nnplay::OptimizerId id;
    double lr = 0.01;
    QCheckBox* enabled = nullptr;
    QSlider* slider = nullptr;
    QDoubleSpinBox* number = nullptr;
    QDoubleSpinBox* param1 = nullptr;  // momentum, rho or beta1
    QDoubleSpinBox* param2 = nullptr;  // beta2
  };

  QWidget* buildControls();
  QWidget* buildOptimizerRows();
  QWidget* buildLineUpPage();
  Row& row(nnplay::OptimizerId id);
  const Row& row(nnplay::OptimizerId id) const;
  void showLearningRate(Row& r);  // slider and number from r.lr, without signals
  void recompute();
  void refreshPlotPaths();
  void updateStepViews();
  void updateInspector();
  void advanceAnimation();
  void exportClicked();
  static QString lineUpOutcome(const nnplay::DescentPath& path);

  const nnplay::SurfaceInfo* surface_;
  nnplay::Point2 start_;
  int steps_ = 200;
  int step_ = 200;
  bool followEnd_ = true;  // the step stays at the end when paths change
  int redraws_ = 0;
  std::vector<Row> rows_;
  std::vector<nnplay::DescentPath> paths_;
  std::vector<nnplay::OptimizerId> pathIds_;
  ScatterResult scatter_;
  std::vector<LineUpRun> lineUp_;
  QString error_;

  QComboBox* surfaceCombo_ = nullptr;
  QLabel* formula_ = nullptr;
  QSpinBox* stepsBox_ = nullptr;
  QLabel* startLabel_ = nullptr;
  QPushButton* playButton_ = nullptr;
  QSlider* stepSlider_ = nullptr;
  QLabel* stepLabel_ = nullptr;
  QComboBox* focusCombo_ = nullptr;
  QStackedWidget* pages_ = nullptr;
  SurfacePlot* plot_ = nullptr;
  QLabel* scatterLabel_ = nullptr;
  QLabel* errorLabel_ = nullptr;
  QPlainTextEdit* inspector_ = nullptr;
  std::vector<SurfacePlot*> lineUpPlots_;
  std::vector<QLabel*> lineUpNotes_;
  QTimer* timer_ = nullptr;
};

}  // namespace nnplay::gui
