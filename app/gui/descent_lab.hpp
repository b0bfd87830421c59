#pragma once
// The gradient-descent lab (issue 12) as a dock: optimizers racing on loss
// surfaces, batch vs mini-batch vs stochastic on the houses table, and a
// slice of the live network's loss landscape. Opened from View → Gradient-
// descent lab; the landscape slice is computed by the session between batches.
#include <QObject>
#include <memory>

#include "nnplay/session.hpp"

class QDockWidget;
class QMainWindow;
class QMenu;
class QTabWidget;

namespace nnplay::gui {

class LandscapePanel;
class PlaygroundModel;
class RegressionDescentPanel;
class SurfaceRacePanel;

class DescentLab : public QObject {
  Q_OBJECT

 public:
  DescentLab(QMainWindow& window, PlaygroundModel& model);

  void addActions(QMenu& view);
  void setSnapshot(const std::shared_ptr<const Snapshot>& s);  // only while open
  void show(int tab = 0);  // 0 surfaces, 1 batch sizes, 2 landscape

  QDockWidget* dock() const { return dock_; }
  QTabWidget* tabs() const { return tabs_; }
  SurfaceRacePanel* race() const { return race_; }
  RegressionDescentPanel* regression() const { return regression_; }
  LandscapePanel* landscape() const { return landscape_; }

 private:
  QMainWindow& window_;
  PlaygroundModel& model_;
  QDockWidget* dock_;
  QTabWidget* tabs_;
  SurfaceRacePanel* race_;
  RegressionDescentPanel* regression_;
  LandscapePanel* landscape_;
};

}  // namespace nnplay::gui
