#include "code_dock.hpp"

#include <QAction>
#include <QApplication>
#include <QCursor>
#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <algorithm>

#include "code_view.hpp"
#include "document.hpp"
#include "playground_model.hpp"

namespace nnplay::gui {
namespace {

// The nearest widget from `w` up to its window that carries a code control.
QWidget* carrierOf(QWidget* w) {
  for (; w; w = w->isWindow() ? nullptr : w->parentWidget()) {
    if (!w->property(kCodeControlProperty).toString().isEmpty()) return w;
  }
  return nullptr;
}

}  // namespace

CodeInput liveCodeInput(const Document& doc, const DataShape& shape,
                        std::vector<std::string> outputNames, const QString& origin) {
  CodeInput in;
  in.data = doc.data;
  in.network = doc.network;
  in.training = doc.training;
  in.shape = shape;
  in.outputNames = std::move(outputNames);
  in.origin = origin.toStdString();
  return in;
}

CodeDock::CodeDock(QMainWindow& window, PlaygroundModel& model)
    : QObject(&window), window_(window), model_(model) {
  view_ = new CodeView;
  dock_ = new QDockWidget(tr("Code: this network in Keras or PyTorch"), &window);
  dock_->setObjectName("codeDock");
  dock_->setWidget(view_);
  window.addDockWidget(Qt::RightDockWidgetArea, dock_);
  dock_->hide();
  action_ = dock_->toggleViewAction();
  action_->setText(tr("&Code"));
  action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
  action_->setToolTip(
      tr("This network and its training as Keras or PyTorch code, updated as you edit; hover a "
         "control to see its line (Ctrl+K)"));

  connect(action_, &QAction::triggered, this, [this](bool on) {
    if (on) showCode();
  });
  connect(dock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) {
      refresh();
    } else {
      hover(nullptr);  // the mouse is elsewhere by the time it opens again
    }
  });
  // Synchronously: the code is generated before the next frame is painted.
  connect(&model_, &PlaygroundModel::documentChanged, this, &CodeDock::refresh);
  connect(&model_, &PlaygroundModel::filePathChanged, this, &CodeDock::refresh);
  // The class names arrive with the session's snapshot of new data.
  connect(&model_, &PlaygroundModel::snapshotChanged, this, [this] {
    const auto s = model_.snapshot();
    if (s && s->transform != namesFrom_) refresh();
  });
  connect(view_, &CodeView::copied, this, &CodeDock::message);
  qApp->installEventFilter(this);
}

void CodeDock::addActions(QMenu& view) {
  view.addAction(action_);
}

void CodeDock::showCode() {
  const bool first = !dock_->isVisible();
  dock_->show();
  dock_->raise();
  if (first) {
    // What the playground's three columns leave (they need about 1,380 px to
    // show a network whole), at least 420 px, at most 84 columns of code.
    const int width =
        std::clamp(window_.width() - 1380, 420, std::max(420, view_->sizeHint().width()));
    window_.resizeDocks({dock_}, {width}, Qt::Horizontal);
  }
  refresh();
}

void CodeDock::refresh() {
  if (!dock_->isVisible()) return;  // a closed dock costs nothing; opening it refreshes
  const QString path = model_.filePath();
  const Document& doc = model_.document();
  const auto s = model_.snapshot();
  // The class names of the data the session runs, when that is the document's.
  std::vector<std::string> names;
  namesFrom_ = s ? s->transform : nullptr;
  if (namesFrom_ && s->data && *s->data == doc.data) names = namesFrom_->outputNames;
  view_->setInput(
      liveCodeInput(doc, model_.shape(), std::move(names),
                    path.isEmpty() ? QStringLiteral("untitled") : QFileInfo(path).fileName()));
  // A control that is still hovered may now produce other lines (L1 became L2).
  if (hovered_) hover(hovered_);
}

void CodeDock::hover(QWidget* carrier) {
  hovered_ = carrier;
  if (!carrier) {
    view_->clearHighlight();
    return;
  }
  const QVariant layer = carrier->property(kCodeLayerProperty);
  view_->highlightControl(carrier->property(kCodeControlProperty).toString(),
                          layer.isValid() ? layer.toInt() : -1);
}

bool CodeDock::eventFilter(QObject* watched, QEvent* e) {
  const QEvent::Type type = e->type();
  if ((type != QEvent::Enter && type != QEvent::Leave) || !watched->isWidgetType() ||
      !dock_->isVisible())
    return false;
  auto* w = static_cast<QWidget*>(watched);
  if (w->window() != &window_) return false;
  if (type == QEvent::Enter) {
    QWidget* c = carrierOf(w);
    if (c && c != hovered_) hover(c);
    return false;
  }
  // Leaving a child of the control (its line edit, say) leaves nothing: the
  // control's own Leave follows when the mouse is really gone.
  if (w != hovered_) return false;
  QWidget* outer = w->isWindow() ? nullptr : carrierOf(w->parentWidget());
  if (outer && outer->rect().contains(outer->mapFromGlobal(QCursor::pos()))) {
    hover(outer);
  } else {
    hover(nullptr);
  }
  return false;
}

}  // namespace nnplay::gui
