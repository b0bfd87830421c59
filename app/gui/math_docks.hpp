#pragma once
// The math of the course beside the playground (issue 11): the math view and
// the activation explorer as docks, the matrix playground as a dialog, with
// their View-menu actions and a toolbar button. Opened by the menu, the
// button, or a double-click on a data point (which the math view follows).
#include <QObject>
#include <memory>

#include "nnplay/session.hpp"

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace nnplay::gui {

class ActivationExplorer;
class MathView;
class MatrixPlaygroundDialog;
class OutputPanel;
class PlaygroundModel;

class MathDocks : public QObject {
  Q_OBJECT

 public:
  MathDocks(QMainWindow& window, PlaygroundModel& model, OutputPanel& output);

  void addActions(QMenu& view);
  QAction* mathAction() const { return mathAction_; }
  // Feeds the open docks (a closed dock costs nothing).
  void setSnapshot(const std::shared_ptr<const Snapshot>& s);

  MathView* mathView() const { return math_; }
  QDockWidget* mathDock() const { return mathDock_; }
  ActivationExplorer* explorer() const { return explorer_; }
  QDockWidget* explorerDock() const { return explorerDock_; }
  MatrixPlaygroundDialog* matrixPlayground();  // created on first use
  void follow(SampleRef sample);               // what a double-click does
  void showMath();                             // opens the math dock at a readable height

 private:
  QMainWindow& window_;
  PlaygroundModel& model_;
  MathView* math_;
  QDockWidget* mathDock_;
  ActivationExplorer* explorer_;
  QDockWidget* explorerDock_;
  MatrixPlaygroundDialog* matrices_ = nullptr;
  QAction* mathAction_;
  std::shared_ptr<const UnitInspection> shownUnits_;
};

}  // namespace nnplay::gui
