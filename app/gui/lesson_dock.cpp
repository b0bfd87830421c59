#include "lesson_dock.hpp"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <utility>

#include "code_dock.hpp"
#include "descent_lab.hpp"
#include "lesson_browser.hpp"
#include "lesson_control_widgets.hpp"
#include "lesson_library.hpp"
#include "lesson_panel.hpp"
#include "loss_charts.hpp"
#include "main_window.hpp"
#include "math_docks.hpp"
#include "matrix_playground_dialog.hpp"
#include "nnplay/lesson_writer.hpp"
#include "playground_model.hpp"
#include "presentation_mode.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

const char* kLessonFilter = "nnplay lessons (*.json);;All files (*)";
constexpr int kPanelWidth = 290;  // the panel while presenting, at the normal text size

int labTab(LessonView v) {
  switch (v) {
    case LessonView::DescentBatches:
      return 1;
    case LessonView::Landscape:
      return 2;
    default:
      return 0;
  }
}

MatrixPlaygroundDialog::Operation operationOf(const std::string& op) {
  if (op == "add") return MatrixPlaygroundDialog::Add;
  if (op == "subtract") return MatrixPlaygroundDialog::Subtract;
  if (op == "hadamard") return MatrixPlaygroundDialog::ElementwiseProduct;
  return MatrixPlaygroundDialog::Product;
}

}  // namespace

LessonDock::LessonDock(MainWindow& window, PlaygroundModel& model)
    : QObject(&window), window_(window), model_(model) {
  panel_ = new LessonPanel(model_);
  dock_ = new QDockWidget(tr("Lesson"), &window_);
  dock_->setObjectName("lessonDock");
  dock_->setWidget(panel_);
  dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  window_.addDockWidget(Qt::LeftDockWidgetArea, dock_);
  dock_->hide();

  connect(panel_, &LessonPanel::stepShown, this, &LessonDock::onStepShown);
  connect(panel_, &LessonPanel::closed, this, &LessonDock::leave);
  PresentationMode* presentation = window_.presentation();
  connect(panel_, &LessonPanel::captionChanged, presentation, &PresentationMode::setCaption);
  connect(presentation, &PresentationMode::nextStepRequested, panel_, [this] {
    if (panel_->hasLesson()) panel_->next();
  });
  connect(presentation, &PresentationMode::previousStepRequested, panel_, [this] {
    if (panel_->hasLesson()) panel_->previous();
  });
  connect(presentation, &PresentationMode::presentingChanged, this, [this](bool on) {
    panel_->setCompact(on);
    // The panel as wide as its larger text needs (squeezed, its task and
    // question would wrap into each other); leaving gives the width back.
    if (on && dock_->isVisible()) {
      widthBefore_ = dock_->width();
      QTimer::singleShot(0, this, [this] {
        const auto w = static_cast<int>(std::lround(kPanelWidth * presentationScale()));
        if (dock_->isVisible() && !dock_->isFloating())
          window_.resizeDocks({dock_}, {std::max(w, widthBefore_)}, Qt::Horizontal);
      });
    } else if (!on && widthBefore_ > 0) {
      const int w = std::exchange(widthBefore_, 0);
      QTimer::singleShot(0, this, [this, w] {
        if (dock_->isVisible() && !dock_->isFloating())
          window_.resizeDocks({dock_}, {w}, Qt::Horizontal);
      });
    }
    if (on) QTimer::singleShot(0, this, &LessonDock::fitCaption);
  });
  connect(panel_, &LessonPanel::captionChanged, this, [this] {
    if (window_.presentation()->isPresenting())
      QTimer::singleShot(0, this, &LessonDock::fitCaption);
  });
  // Panels re-show some of their widgets when the document changes, and the
  // network view makes new ones for a new layer: hide them again.
  connect(&model_, &PlaygroundModel::documentChanged, this, [this] {
    if (!hidden_.isEmpty()) QTimer::singleShot(0, this, &LessonDock::applyHiddenControls);
  });
  connect(&model_, &PlaygroundModel::snapshotChanged, this, [this] {
    const std::size_t layers = model_.snapshot()->network.layers.size();
    if (layers == layersSeen_) return;
    layersSeen_ = layers;
    if (!hidden_.isEmpty()) QTimer::singleShot(0, this, &LessonDock::applyHiddenControls);
  });
}

void LessonDock::addFileActions(QMenu& file) {
  QAction* open = file.addAction(tr("Open &Lesson…"), this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(&window_, tr("Open lesson"), lessonsDir(), tr(kLessonFilter));
    if (!path.isEmpty()) openLessonFile(path);
  });
  open->setObjectName("openLessonAction");
  QAction* save = file.addAction(tr("Save as Lesson &Step…"), this, [this] {
    const QString dir = QSettings().value("lastFolder", lessonsDir()).toString();
    const QString path = QFileDialog::getSaveFileName(
        &window_, tr("Append a step to a lesson (new or existing)"), dir, tr(kLessonFilter),
        nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty()) return;
    const LessonStep* current = panel_->step();
    bool ok = false;
    const QString title = QInputDialog::getText(&window_, tr("Save as lesson step"),
                                                tr("The step's title:"), QLineEdit::Normal,
                                                current ? qs(current->title) : tr("New step"), &ok);
    if (ok && !title.trimmed().isEmpty()) saveLessonStep(path, title.trimmed());
  });
  save->setObjectName("saveLessonStepAction");
}

void LessonDock::addHelpActions(QMenu& help) {
  QAction* a = help.addAction(tr("&Lessons…"), this, [this] { showBrowser(); });
  a->setObjectName("lessonsAction");
  help.addSeparator();
}

LessonBrowser* LessonDock::browser() {
  if (!browser_) {
    browser_ = new LessonBrowser(&window_);
    connect(browser_, &LessonBrowser::lessonChosen, this,
            [this](const QString& path) { openLessonFile(path); });
  }
  return browser_;
}

void LessonDock::showBrowser(bool welcome) {
  browser()->load(lessonsDir(), welcome);
  browser_->show();
  browser_->raise();
}

void LessonDock::showStartPageOnce() {
  QSettings settings;
  if (settings.value("lessons/startPageShown", false).toBool()) return;
  settings.setValue("lessons/startPageShown", true);
  showBrowser(true);
}

bool LessonDock::openLessonFile(const QString& path, int step) {
  Lesson lesson;
  try {
    lesson = loadLesson(path.toStdString());  // names the file, the step and the field
  } catch (const std::exception& e) {
    window_.showError(QString::fromStdString(e.what()));
    return false;
  }
  dock_->show();
  panel_->open(std::move(lesson), step);
  panel_->setFocus();
  window_.statusBar()->showMessage(tr("Lesson: %1").arg(path), 5000);
  return true;
}

void LessonDock::onStepShown(const LessonStep& step) {
  // Views: the step's open, those an earlier step opened and this one does
  // not name closed (the student's own stay).
  const std::set<LessonView> wanted(step.views.begin(), step.views.end());
  for (LessonView v : std::set<LessonView>(openedViews_)) {
    if (!wanted.count(v)) closeView(v);
  }
  openedViews_ = wanted;
  for (LessonView v : step.views) openView(v);
  if (step.matrix) {
    MatrixPlaygroundDialog* m = window_.mathDocks()->matrixPlayground();
    m->setMatrices(qs(step.matrix->a), qs(step.matrix->b));
    m->setOperation(operationOf(step.matrix->op));
    m->setActivation(step.matrix->activation);
    if (!wanted.count(LessonView::Matrix)) openView(LessonView::Matrix);
    openedViews_.insert(LessonView::Matrix);
  }

  // Display options.
  const LessonDisplay& d = step.display;
  if (d.speed) {
    model_.setSpeedLimit(*d.speed);
    if (auto* c = window_.findChild<QComboBox*>("speedCombo")) {
      const int i = c->findData(*d.speed);
      if (i >= 0) c->setCurrentIndex(i);
    }
  }
  if (d.showTest) {
    if (auto* c = window_.findChild<QCheckBox*>("showTestCheck")) c->setChecked(*d.showTest);
  }
  if (d.discretize) {
    if (auto* c = window_.findChild<QCheckBox*>("discretizeCheck")) c->setChecked(*d.discretize);
  }
  if (d.logScale) window_.charts()->setLogScale(*d.logScale);

  hidden_ = widgetsHiddenFor(step.controls);
  // The augmentation preview lives in the augmentation controls.
  if (wanted.count(LessonView::AugmentationPreview)) hidden_.removeAll("augmentationControls");
  applyHiddenControls();
}

void LessonDock::fitCaption() {
  // The caption dock as tall as its text, no taller: the playground keeps the rest.
  auto* dock = window_.findChild<QDockWidget*>("presentationCaptionDock");
  QLabel* label = window_.presentation()->captionLabel();
  if (!dock || !label || !dock->isVisible()) return;
  // A view docked at the bottom (the math view, the descent lab) needs the
  // row: the caption goes under the lesson panel then, in the room its
  // compact form leaves, and back under the playground otherwise.
  QList<QDockWidget*> views;
  for (QDockWidget* other : window_.findChildren<QDockWidget*>()) {
    if (other != dock && other->isVisible() && !other->isFloating() &&
        window_.dockWidgetArea(other) == Qt::BottomDockWidgetArea) {
      views.append(other);
    }
  }
  const bool bottomTaken = !views.isEmpty();
  // The view is what the step is about: half the window's height.
  if (bottomTaken) window_.resizeDocks({views.front()}, {window_.height() / 2}, Qt::Vertical);
  const bool besidePanel = bottomTaken && dock_->isVisible() && !dock_->isFloating() &&
                           window_.dockWidgetArea(dock_) == Qt::LeftDockWidgetArea;
  if (besidePanel) {
    if (window_.dockWidgetArea(dock) != Qt::LeftDockWidgetArea) {
      window_.splitDockWidget(dock_, dock, Qt::Vertical);
    }
    window_.resizeDocks({dock_}, {panel_->sizeHint().height()}, Qt::Vertical);
    return;
  }
  int width = dock->width();
  if (window_.dockWidgetArea(dock) != Qt::BottomDockWidgetArea) {
    window_.addDockWidget(Qt::BottomDockWidgetArea, dock);
    width = window_.width();  // the row's, once laid out
  }
  const int h = label->heightForWidth(width - 24) + 24;
  if (h > 24) window_.resizeDocks({dock}, {h}, Qt::Vertical);
}

void LessonDock::applyHiddenControls() {
  if (!panel_->hasLesson()) return;
  window_.setHiddenControls(hidden_);
}

void LessonDock::openView(LessonView v) {
  MathDocks* math = window_.mathDocks();
  switch (v) {
    case LessonView::Math:
      math->showMath();
      break;
    case LessonView::ActivationExplorer:
      math->explorerDock()->show();
      math->explorerDock()->raise();
      break;
    case LessonView::Matrix:
      math->matrixPlayground()->show();
      math->matrixPlayground()->raise();
      break;
    case LessonView::DescentLab:
    case LessonView::DescentBatches:
    case LessonView::Landscape:
      window_.descentLab()->show(labTab(v));
      break;
    case LessonView::Code:
      window_.codeDock()->showCode();
      break;
    case LessonView::AugmentationPreview:
      break;  // part of the augmentation controls, which the step leaves visible
  }
}

void LessonDock::closeView(LessonView v) {
  MathDocks* math = window_.mathDocks();
  switch (v) {
    case LessonView::Math:
      math->mathDock()->hide();
      break;
    case LessonView::ActivationExplorer:
      math->explorerDock()->hide();
      break;
    case LessonView::Matrix:
      math->matrixPlayground()->hide();
      break;
    case LessonView::DescentLab:
    case LessonView::DescentBatches:
    case LessonView::Landscape:
      window_.descentLab()->dock()->hide();
      break;
    case LessonView::Code:
      window_.codeDock()->dock()->hide();
      break;
    case LessonView::AugmentationPreview:
      break;
  }
}

std::vector<LessonView> LessonDock::openViews() const {
  std::vector<LessonView> views;
  MathDocks* math = window_.mathDocks();
  if (math->mathDock()->isVisible()) views.push_back(LessonView::Math);
  if (math->explorerDock()->isVisible()) views.push_back(LessonView::ActivationExplorer);
  if (math->matrixPlayground()->isVisible()) views.push_back(LessonView::Matrix);
  if (window_.descentLab()->dock()->isVisible()) {
    const int tab = window_.descentLab()->tabs()->currentIndex();
    views.push_back(tab == 1   ? LessonView::DescentBatches
                    : tab == 2 ? LessonView::Landscape
                               : LessonView::DescentLab);
  }
  if (window_.codeDock()->dock()->isVisible()) views.push_back(LessonView::Code);
  return views;
}

bool LessonDock::saveLessonStep(const QString& path, const QString& title) {
  const LessonStep* current = panel_->step();
  LessonStepDraft draft;
  draft.title = title.toStdString();
  const Document& doc = model_.document();
  draft.setup.data = doc.data;
  draft.setup.network = doc.network;
  draft.setup.training = doc.training;
  draft.controls = current ? current->controls : allLessonControls();
  draft.views = openViews();
  LessonHeader header;
  header.id = lessonIdFromFileName(path.toStdString());
  header.title = QFileInfo(path).completeBaseName().toStdString();
  header.chapter = tr("My lessons").toStdString();
  // The format asks for the concepts taught; the lesson open gives them.
  header.concepts =
      panel_->hasLesson() ? panel_->lesson()->concepts : std::vector<std::string>{"c01"};
  try {
    const std::size_t steps = appendLessonStep(path.toStdString(), header, draft);
    window_.statusBar()->showMessage(
        tr("Saved step %1 of %2").arg(steps).arg(QFileInfo(path).fileName()), 5000);
    QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
  } catch (const std::exception& e) {
    window_.showError(QString::fromStdString(e.what()));
    return false;
  }
  return true;
}

void LessonDock::leave() {
  hidden_.clear();
  window_.setHiddenControls({});
  for (LessonView v : openedViews_) closeView(v);
  openedViews_.clear();
  dock_->hide();
}

}  // namespace nnplay::gui
