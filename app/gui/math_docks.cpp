#include "math_docks.hpp"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <algorithm>

#include "activation_explorer.hpp"
#include "math_view.hpp"
#include "matrix_playground_dialog.hpp"
#include "output_panel.hpp"
#include "playground_model.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {

namespace {

// The explorer's layers from the session's unit inspection.
std::vector<LayerPreActivations> layersOf(const Snapshot& s) {
  std::vector<LayerPreActivations> out;
  if (!s.units) return out;
  const UnitInspection& u = *s.units;
  for (std::size_t l = 0; l < u.preActivations.size() && l < s.network.layers.size(); ++l) {
    const LayerSpec& spec = s.network.layers[l];
    const bool output = l + 1 == s.network.layers.size();
    LayerPreActivations p;
    const QString where =
        output ? QObject::tr("Output layer") : QObject::tr("Hidden layer %1").arg(l + 1);
    p.label = QObject::tr("%1 (%2, %3 units)")
                  .arg(where, qs(activation(spec.activation).label))
                  .arg(spec.units);
    p.activation = spec.activation;
    p.units = spec.units;
    const RowMatrix& z = u.preActivations[l];
    p.values.assign(z.data(), z.data() + z.size());
    if (l < u.health.size()) {
      p.deadShare = u.health[l].deadShare();
      p.saturatedShare = u.health[l].saturatedShare();
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

MathDocks::MathDocks(QMainWindow& window, PlaygroundModel& model, OutputPanel& output)
    : QObject(&window), window_(window), model_(model) {
  math_ = new MathView;
  mathDock_ = new QDockWidget(tr("Math: one sample through the network"), &window);
  mathDock_->setObjectName("mathDock");
  mathDock_->setWidget(math_);
  window.addDockWidget(Qt::BottomDockWidgetArea, mathDock_);
  mathDock_->hide();
  explorer_ = new ActivationExplorer;
  explorerDock_ = new QDockWidget(tr("Activation explorer"), &window);
  explorerDock_->setObjectName("explorerDock");
  explorerDock_->setWidget(explorer_);
  window.addDockWidget(Qt::RightDockWidgetArea, explorerDock_);
  explorerDock_->hide();
  mathAction_ = mathDock_->toggleViewAction();
  mathAction_->setText(tr("&Math view"));
  mathAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  mathAction_->setToolTip(
      tr("The math of one sample: forward pass, loss, backpropagation and "
         "the optimizer's update, with the live numbers (Ctrl+M)"));

  connect(&output, &OutputPanel::sampleDoubleClicked, this, &MathDocks::follow);
  connect(math_, &MathView::stepSampleRequested, &model_, &PlaygroundModel::stepSample);
  connect(math_, &MathView::stepBatchRequested, &model_, &PlaygroundModel::stepBatch);
  connect(math_, &MathView::followRequested, this, [this](std::optional<SampleRef> s) {
    if (s) follow(*s);
  });
  connect(math_, &MathView::matrixPlaygroundRequested, this, [this] {
    matrixPlayground()->show();
    matrixPlayground()->raise();
  });
  connect(math_, &MathView::activationExplorerRequested, this, [this] {
    explorerDock_->show();
    explorerDock_->raise();
    setSnapshot(model_.snapshot());
  });
  connect(mathAction_, &QAction::triggered, this, [this](bool on) {
    if (on) showMath();
  });
  for (QDockWidget* d : {mathDock_, explorerDock_}) {
    connect(d, &QDockWidget::visibilityChanged, this, [this](bool visible) {
      if (visible) setSnapshot(model_.snapshot());
    });
  }
}

void MathDocks::addActions(QMenu& view) {
  view.addSeparator();
  view.addAction(mathAction_);
  QAction* explorer = explorerDock_->toggleViewAction();
  explorer->setText(tr("&Activation explorer"));
  view.addAction(explorer);
  view.addAction(tr("Matrix &playground…"), this, [this] {
    matrixPlayground()->show();
    matrixPlayground()->raise();
  });
}

MatrixPlaygroundDialog* MathDocks::matrixPlayground() {
  if (!matrices_) matrices_ = new MatrixPlaygroundDialog(&window_);
  return matrices_;
}

void MathDocks::follow(SampleRef sample) {
  model_.follow(sample);
  showMath();
}

void MathDocks::showMath() {
  const bool first = !mathDock_->isVisible();
  mathDock_->show();
  mathDock_->raise();
  // A dock opened at its minimum height shows two lines: give it room.
  if (first)
    window_.resizeDocks({mathDock_}, {std::max(380, window_.height() * 2 / 5)}, Qt::Vertical);
}

void MathDocks::setSnapshot(const std::shared_ptr<const Snapshot>& s) {
  if (!s) return;
  if (mathDock_->isVisible()) math_->setSnapshot(s);
  if (explorerDock_->isVisible() && s->units != shownUnits_) {
    shownUnits_ = s->units;
    explorer_->setLayers(layersOf(*s));
  }
}

}  // namespace nnplay::gui
