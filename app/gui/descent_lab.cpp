#include "descent_lab.hpp"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QScrollArea>
#include <QTabWidget>
#include <algorithm>

#include "landscape_panel.hpp"
#include "playground_model.hpp"
#include "regression_descent_panel.hpp"
#include "surface_race_panel.hpp"

namespace nnplay::gui {

DescentLab::DescentLab(QMainWindow& window, PlaygroundModel& model)
    : QObject(&window), window_(window), model_(model) {
  tabs_ = new QTabWidget;
  tabs_->setObjectName("descentLabTabs");
  race_ = new SurfaceRacePanel;
  regression_ = new RegressionDescentPanel;
  landscape_ = new LandscapePanel;
  // Each page scrolls: at presentation size the race's controls are taller
  // than half a 1080-pixel screen, and a dock that cannot shrink would push
  // the full-screen window past the screen's bottom.
  const auto page = [](QWidget* w) {
    auto* area = new QScrollArea;
    area->setWidget(w);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
  };
  tabs_->addTab(page(race_), tr("Optimizers on surfaces"));
  tabs_->addTab(page(regression_), tr("Batch, mini-batch, stochastic"));
  tabs_->addTab(page(landscape_), tr("This network's landscape"));
  dock_ = new QDockWidget(tr("Gradient-descent lab"), &window);
  dock_->setObjectName("descentLabDock");
  dock_->setWidget(tabs_);
  window.addDockWidget(Qt::BottomDockWidgetArea, dock_);
  dock_->hide();
  connect(landscape_, &LandscapePanel::landscapeRequested, this,
          [this](LandscapeRequest r) { model_.requestLandscape(r); });
  connect(dock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) setSnapshot(model_.snapshot());
  });
}

void DescentLab::addActions(QMenu& view) {
  QAction* a = dock_->toggleViewAction();
  a->setText(tr("&Gradient-descent lab"));
  a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
  a->setToolTip(
      tr("Optimizers racing on loss surfaces, batch sizes on real data, and this "
         "network's loss landscape (Ctrl+G)"));
  connect(a, &QAction::triggered, this, [this](bool on) {
    if (on) show(tabs_->currentIndex());
  });
  view.addAction(a);
}

void DescentLab::show(int tab) {
  const bool first = !dock_->isVisible();
  tabs_->setCurrentIndex(std::clamp(tab, 0, tabs_->count() - 1));
  dock_->show();
  dock_->raise();
  if (first) {
    window_.resizeDocks({dock_}, {std::max(480, window_.height() / 2)}, Qt::Vertical);
  }
}

void DescentLab::setSnapshot(const std::shared_ptr<const Snapshot>& s) {
  if (s && dock_->isVisible()) landscape_->setSnapshot(s);
}

}  // namespace nnplay::gui
