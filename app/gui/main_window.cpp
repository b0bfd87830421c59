#include "main_window.hpp"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <iostream>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "code_dock.hpp"
#include "control_bar.hpp"
#include "data_panel.hpp"
#include "decision_boundary_view.hpp"
#include "descent_lab.hpp"
#include "edit_command.hpp"
#include "feature_panel.hpp"
#include "hyperparameter_bar.hpp"
#include "lesson_dock.hpp"
#include "loss_charts.hpp"
#include "math_docks.hpp"
#include "network_view.hpp"
#include "output_panel.hpp"
#include "presentation_mode.hpp"
#include "presentation_scale.hpp"

// The icon lives in the static library; its resources must be registered by
// name, from the global namespace.
static void initNnplayResources() {
  Q_INIT_RESOURCE(nnplay);
}

namespace nnplay::gui {
namespace {

constexpr int kMaxRecent = 8;
constexpr int kLeftColumn = 320;   // data and features, at the normal text size
constexpr int kRightColumn = 440;  // output and charts
const char* kProjectFilter = "nnplay projects (*.nnplay.json *.json);;All files (*)";

// A button of the top row that opens a view: checked while the view is open,
// with its own short text (a tool button with a default action would take
// the action's menu text back whenever the action changes).
QToolButton* viewButton(QAction* action, const QString& text, const QString& name) {
  auto* b = new QToolButton;
  b->setObjectName(name);
  b->setText(text);
  b->setCheckable(true);
  b->setChecked(action->isChecked());
  b->setToolTip(action->toolTip());
  QObject::connect(b, &QToolButton::clicked, action, &QAction::trigger);
  QObject::connect(action, &QAction::toggled, b, &QToolButton::setChecked);
  return b;
}

QScrollArea* scrolled(QWidget* w, Qt::ScrollBarPolicy horizontal = Qt::ScrollBarAlwaysOff) {
  auto* area = new QScrollArea;
  area->setWidget(w);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  area->setHorizontalScrollBarPolicy(horizontal);
  return area;
}

}  // namespace

MainWindow::MainWindow(PlaygroundModel& model, QWidget* parent)
    : QMainWindow(parent), model_(model) {
  initNnplayResources();
  setWindowIcon(QIcon(":/nnplay/icon.svg"));
  createActions();

  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);

  // Top: controls and hyperparameters.
  auto* top = new QHBoxLayout;
  controls_ = new ControlBar(model_, resetAction_, playAction_, stepBatchAction_, stepEpochAction_);
  hyper_ = new HyperparameterBar(model_);
  top->addWidget(controls_);
  hyperScroll_ = scrolled(hyper_, Qt::ScrollBarAsNeeded);
  hyperScroll_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  hyperScroll_->setFixedHeight(hyper_->sizeHint().height() + 14);
  top->addWidget(hyperScroll_, 1);
  layout->addLayout(top);

  // The banner: errors (red) and notices such as an early stop (blue), visible
  // until dismissed or the next success.
  banner_ = new QWidget;
  banner_->setObjectName("errorBanner");
  auto* bannerLayout = new QHBoxLayout(banner_);
  bannerLayout->setContentsMargins(8, 4, 4, 4);
  bannerIcon_ = new QLabel("⚠");
  bannerText_ = new QLabel;
  bannerText_->setObjectName("bannerText");
  bannerText_->setWordWrap(true);
  bannerText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* dismiss = new QPushButton(tr("Dismiss"));
  dismiss->setToolTip(tr("Hide this message"));
  connect(dismiss, &QPushButton::clicked, banner_, &QWidget::hide);
  bannerLayout->addWidget(bannerIcon_);
  bannerLayout->addWidget(bannerText_, 1);
  bannerLayout->addWidget(dismiss);
  setBannerKind(true);
  banner_->hide();
  layout->addWidget(banner_);

  // Columns: data and features | network | output and charts.
  auto* split = columns_ = new QSplitter(Qt::Horizontal);
  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  data_ = new DataPanel(model_);
  features_ = new FeaturePanel(model_);
  leftLayout->addWidget(data_);
  leftLayout->addWidget(features_);
  leftLayout->addStretch(1);
  leftColumn_ = left;
  leftScroll_ = scrolled(left);
  leftScroll_->setMinimumWidth(kLeftColumn);
  split->addWidget(leftScroll_);

  network_ = new NetworkView;
  networkScroll_ = new QScrollArea;
  networkScroll_->setWidget(network_);
  networkScroll_->setWidgetResizable(true);
  networkScroll_->setFrameShape(QFrame::NoFrame);
  split->addWidget(networkScroll_);

  auto* right = new QSplitter(Qt::Vertical);
  output_ = new OutputPanel;
  charts_ = new LossCharts;
  right->addWidget(output_);
  right->addWidget(charts_);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 2);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setStretchFactor(2, 0);
  split->setSizes({kLeftColumn + 10, 600, kRightColumn});
  layout->addWidget(split, 1);
  setCentralWidget(central);
  mathDocks_ = new MathDocks(*this, model_, *output_);
  lab_ = new DescentLab(*this, model_);
  top->addWidget(viewButton(mathDocks_->mathAction(), tr("∑ Math"), "mathButton"));
  codeDock_ = new CodeDock(*this, model_);
  top->addWidget(viewButton(codeDock_->action(), tr("</> Code"), "codeButton"));
  connect(codeDock_, &CodeDock::message, this,
          [this](const QString& m) { statusBar()->showMessage(m, 5000); });
  presentation_ = new PresentationMode(*this);
  connect(presentation_, &PresentationMode::presentingChanged, this, [this](bool on) {
    // The side columns widen with their text; leaving puts them back.
    if (on) {
      columnsBefore_ = columns_->saveState();
      const double s = presentationScale();
      columns_->setSizes(
          {static_cast<int>((kLeftColumn + 10) * s), 600, static_cast<int>(kRightColumn * s)});
    } else {
      columns_->restoreState(columnsBefore_);
    }
  });
  lessons_ = new LessonDock(*this, model_);
  // Every dock exists now: one opening, closing or moving at the bottom
  // while presenting takes the charts' room or gives it back.
  connect(presentation_, &PresentationMode::presentingChanged, this, &MainWindow::updateBottomRoom);
  for (QDockWidget* dock : findChildren<QDockWidget*>()) {
    connect(dock, &QDockWidget::visibilityChanged, this, &MainWindow::updateBottomRoom);
    connect(dock, &QDockWidget::dockLocationChanged, this, &MainWindow::updateBottomRoom);
    connect(dock, &QDockWidget::topLevelChanged, this, &MainWindow::updateBottomRoom);
  }
  createMenus();
  statusBar()->showMessage(tr("Ready: press Space to train"));

  // The network view's requests become model edits.
  connect(network_, &NetworkView::addLayerRequested, &model_, &PlaygroundModel::addLayer);
  connect(network_, &NetworkView::removeLayerRequested, &model_, &PlaygroundModel::removeLayer);
  connect(network_, &NetworkView::addNeuronRequested, &model_, &PlaygroundModel::addNeuron);
  connect(network_, &NetworkView::removeNeuronRequested, &model_, &PlaygroundModel::removeNeuron);
  connect(network_, &NetworkView::activationChangeRequested, &model_,
          &PlaygroundModel::setLayerActivation);
  connect(network_, &NetworkView::dropoutChangeRequested, &model_,
          &PlaygroundModel::setLayerDropout);
  connect(network_, &NetworkView::batchNormChangeRequested, &model_,
          &PlaygroundModel::setLayerBatchNorm);
  connect(network_, &NetworkView::biasChangeRequested, &model_, &PlaygroundModel::setLayerBias);
  connect(network_, &NetworkView::weightEditRequested, this,
          [this](const QString& array, int index, float value) {
            model_.setWeight(array.toStdString(), index, value);
          });
  connect(network_, &NetworkView::neuronHovered, output_, &OutputPanel::showNeuron);
  connect(output_, &OutputPanel::resolutionChangeRequested, &model_,
          &PlaygroundModel::setGridResolution);
  restoreViewPreferences();

  chartTimer_.setSingleShot(true);
  connect(&chartTimer_, &QTimer::timeout, this, &MainWindow::updateCharts);
  connect(&model_, &PlaygroundModel::snapshotChanged, this, &MainWindow::onSnapshot);
  connect(&model_, &PlaygroundModel::errorOccurred, this, &MainWindow::showError);
  connect(&model_, &PlaygroundModel::noticeChanged, this, [this](const QString& m) {
    if (m.isEmpty()) return;
    statusBar()->showMessage(m, 8000);
    // Early stopping paused the run: where and what it restored, until dismissed.
    if (model_.snapshot()->earlyStopped) showNotice(m);
  });
  connect(&model_, &PlaygroundModel::documentChanged, this, [this] {
    if (!model_.snapshot() || !model_.snapshot()->error) banner_->hide();
    network_->showLayerSettings(model_.document().network);
  });
  connect(&model_, &PlaygroundModel::loadingChanged, this, [this](const QString& m) {
    // The controls wait for the data; the status bar says how far it is.
    centralWidget()->setEnabled(m.isEmpty());
    menuBar()->setEnabled(m.isEmpty());
    if (m.isEmpty()) {
      statusBar()->clearMessage();
    } else {
      statusBar()->showMessage(m);
    }
  });
  connect(&model_, &PlaygroundModel::modifiedChanged, this, &MainWindow::updateTitle);
  connect(&model_, &PlaygroundModel::filePathChanged, this, &MainWindow::updateTitle);
  connect(&model_, &PlaygroundModel::runningChanged, this, [this](bool running) {
    playAction_->setIcon(
        style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    playAction_->setText(running ? tr("&Pause") : tr("&Play"));
  });

  // Drawing: clicks on the boundary view add and remove points.
  connect(output_, &OutputPanel::pointClicked, this, [this](QPointF plane, Qt::MouseButton b) {
    if (!data_->drawing()) return;
    const auto x = static_cast<float>(plane.x());
    const auto y = static_cast<float>(plane.y());
    if (b == Qt::RightButton) {
      model_.removeDrawnPoint(x, y);
    } else {
      model_.addDrawnPoint(x, y, data_->drawLabel());
    }
  });
  network_->installEventFilter(this);  // counts frames for --report-fps

  autosave_.setInterval(30 * 1000);
  connect(&autosave_, &QTimer::timeout, this, &MainWindow::autosave);
  autosave_.start();

  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1500, 900);
  restoreState(settings.value("window/state").toByteArray());
  // A window closed in a lesson by an older nnplay remembered the lesson's
  // dock as open; it opens with a lesson, never empty.
  lessons_->dock()->hide();
  updateRecentMenu();
  updateTitle();
  onSnapshot();
}

MainWindow::~MainWindow() {
  if (preferencesTimer_.isActive()) saveViewPreferences();  // a change not yet written
  // The docks outlive this part of the window (QMainWindow deletes them) and
  // hide as they go: their signals must not reach a MainWindow that is gone.
  for (QDockWidget* dock : findChildren<QDockWidget*>()) disconnect(dock, nullptr, this, nullptr);
  disconnect(presentation_, nullptr, this, nullptr);
}

void MainWindow::restoreViewPreferences() {
  // The output view's options are preferences of the person, not of a project.
  QSettings settings;
  output_->setShowTestData(settings.value("view/showTestData", false).toBool());
  output_->setDiscretize(settings.value("view/discretize", false).toBool());
  const int resolution = settings.value("view/gridResolution", 100).toInt();
  if (resolution != model_.gridResolution() && resolution >= 100 && resolution <= 256) {
    model_.setGridResolution(resolution);
  }
  // Written a moment after the last change (and on close), not on every
  // click: a QSettings write ends in an fsync on the GUI thread.
  preferencesTimer_.setSingleShot(true);
  preferencesTimer_.setInterval(1000);
  connect(&preferencesTimer_, &QTimer::timeout, this, &MainWindow::saveViewPreferences);
  for (auto signal : {&OutputPanel::showTestDataChanged, &OutputPanel::discretizeChanged}) {
    connect(output_, signal, this, [this] { preferencesTimer_.start(); });
  }
  connect(output_, &OutputPanel::resolutionChangeRequested, this,
          [this] { preferencesTimer_.start(); });
}

void MainWindow::saveViewPreferences() {
  preferencesTimer_.stop();
  QSettings settings;
  settings.setValue("view/showTestData", output_->showTestData());
  settings.setValue("view/discretize", output_->discretize());
  settings.setValue("view/gridResolution", model_.gridResolution());
}

void MainWindow::createActions() {
  auto* st = style();
  playAction_ = new QAction(st->standardIcon(QStyle::SP_MediaPlay), tr("&Play"), this);
  playAction_->setObjectName("playAction");
  playAction_->setShortcut(Qt::Key_Space);
  playAction_->setToolTip(tr("Play / pause training (Space)"));
  connect(playAction_, &QAction::triggered, &model_, &PlaygroundModel::togglePlay);
  stepBatchAction_ =
      new QAction(st->standardIcon(QStyle::SP_MediaSeekForward), tr("Step one &batch"), this);
  stepBatchAction_->setShortcut(Qt::Key_Right);
  stepBatchAction_->setToolTip(tr("Train one batch (→)"));
  connect(stepBatchAction_, &QAction::triggered, &model_, &PlaygroundModel::stepBatch);
  stepEpochAction_ =
      new QAction(st->standardIcon(QStyle::SP_MediaSkipForward), tr("Step one &epoch"), this);
  stepEpochAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
  stepEpochAction_->setToolTip(tr("Train one epoch (Shift+→)"));
  connect(stepEpochAction_, &QAction::triggered, &model_, &PlaygroundModel::stepEpoch);
  resetAction_ =
      new QAction(st->standardIcon(QStyle::SP_BrowserReload), tr("&Reset weights"), this);
  resetAction_->setShortcut(Qt::Key_R);
  resetAction_->setToolTip(tr("Re-initialize the weights and clear the curves (R)"));
  connect(resetAction_, &QAction::triggered, &model_, &PlaygroundModel::reset);
  for (QAction* a : {playAction_, stepBatchAction_, stepEpochAction_, resetAction_}) addAction(a);

  undoAction_ = model_.undoStack()->createUndoAction(this, tr("&Undo"));
  undoAction_->setShortcut(QKeySequence::Undo);
  redoAction_ = model_.undoStack()->createRedoAction(this, tr("&Redo"));
  redoAction_->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New"), QKeySequence::New, this, &MainWindow::newProject);
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openProject);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
  file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
  file->addSeparator();
  lessons_->addFileActions(*file);
  file->addSeparator();
  file->addAction(tr("Open &Data (CSV or IDX)…"), QKeySequence(Qt::CTRL | Qt::Key_D), this,
                  [this] { data_->openDataFile(); });
  QMenu* exp = file->addMenu(tr("&Export"));
  exp->addAction(tr("Weights as &NumPy (.npz)…"), this, [this] {
    const QString p = askPath(tr("Export weights as NumPy"), tr("NumPy archives (*.npz)"), ".npz");
    if (!p.isEmpty()) exportWeightsFile(p, WeightFormat::Npz);
  });
  exp->addAction(tr("Weights as &ONNX…"), this, [this] {
    const QString p = askPath(tr("Export as ONNX"), tr("ONNX models (*.onnx)"), ".onnx");
    if (!p.isEmpty()) exportWeightsFile(p, WeightFormat::Onnx);
  });
  exp->addAction(tr("Model as &JSON…"), this, [this] {
    const QString p = askPath(tr("Export model as JSON"), tr("nnplay model (*.nnplay.json *.json)"),
                              ".nnplay.json");
    if (!p.isEmpty()) exportWeightsFile(p, WeightFormat::Json);
  });
  exp->addSeparator();
  exp->addAction(tr("Decision &boundary as PNG…"), this, [this] {
    const QString p = askPath(tr("Export the output view"), tr("PNG images (*.png)"), ".png");
    if (!p.isEmpty()) exportBoundaryPng(p);
  });
  exp->addAction(tr("&Charts as PNG…"), this, [this] {
    const QString p = askPath(tr("Export the charts"), tr("PNG images (*.png)"), ".png");
    if (!p.isEmpty()) exportChartsPng(p);
  });
  exp->addAction(tr("&Data as CSV…"), this, [this] {
    const QString p = askPath(tr("Export the data"), tr("CSV tables (*.csv)"), ".csv");
    if (!p.isEmpty()) exportDataCsvFile(p);
  });
  exp->addSeparator();
  for (const CodeFramework f : {CodeFramework::Keras, CodeFramework::PyTorch}) {
    const QString name = f == CodeFramework::Keras ? tr("Keras") : tr("PyTorch");
    exp->addAction(tr("Python script (%1)…").arg(name), this, [this, f, name] {
      const QString p =
          askPath(tr("Export as a %1 script").arg(name), tr("Python scripts (*.py)"), ".py");
      if (!p.isEmpty()) exportScriptFile(p, f);
    });
  }
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(undoAction_);
  edit->addAction(redoAction_);

  QMenu* net = menuBar()->addMenu(tr("&Network"));
  net->addAction(tr("&Add hidden layer"), QKeySequence(Qt::CTRL | Qt::Key_Plus), &model_,
                 &PlaygroundModel::addLayer);
  net->addAction(tr("&Remove hidden layer"), QKeySequence(Qt::CTRL | Qt::Key_Minus), &model_,
                 &PlaygroundModel::removeLayer);

  QMenu* train = menuBar()->addMenu(tr("&Train"));
  train->addAction(playAction_);
  train->addAction(stepBatchAction_);
  train->addAction(stepEpochAction_);
  train->addAction(resetAction_);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* log = view->addAction(tr("&Log-scale loss"));
  log->setCheckable(true);
  log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  connect(log, &QAction::toggled, charts_, &LossCharts::setLogScale);
  connect(charts_, &LossCharts::logScaleChanged, log, &QAction::setChecked);
  mathDocks_->addActions(*view);
  lab_->addActions(*view);
  codeDock_->addActions(*view);
  presentation_->addActions(*view);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  lessons_->addHelpActions(*help);
  help->addAction(tr("&Keyboard shortcuts"), this, [this] {
    QMessageBox::information(
        this, tr("Keyboard shortcuts"),
        tr("Space\tplay / pause\n→\tone batch\nShift+→\tone epoch\nR\treset the weights\n"
           "Ctrl+Z / Ctrl+Shift+Z\tundo / redo\nCtrl+S\tsave\nCtrl+O\topen\nCtrl+L\tlog-scale "
           "loss\nCtrl+M\tmath view\nCtrl+G\tgradient-descent lab\nCtrl+K\tcode view\n"
           "F5\tpresentation mode (Esc leaves)\nCtrl+= / Ctrl+−\tlarger / smaller text while "
           "presenting\nPageDown / PageUp\tnext / previous lesson step while presenting"));
  });
  help->addAction(tr("&About nnplay"), this, [this] {
    QMessageBox::about(
        this, tr("About nnplay"),
        tr("<h3>nnplay %1</h3><p>A desktop playground for neural networks: build a network, "
           "press play, watch it learn.</p><p>Engine: C++20, Eigen%2. GUI: Qt %3.</p>"
           "<p>Datasets after TensorFlow Playground; Fashion-MNIST by Zalando Research.</p>")
            .arg(QApplication::applicationVersion(), tr(", OpenCL + CLBlast"), qVersion()));
  });
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::onSnapshot() {
  const auto s = model_.snapshot();
  if (!s) return;
  network_->setSnapshot(s);
  output_->setSnapshot(s);
  mathDocks_->setSnapshot(s);
  lab_->setSnapshot(s);
  // While a run streams snapshots the curves follow at most 10 times a
  // second (a chart update and repaint cost milliseconds); otherwise at once.
  constexpr qint64 kChartIntervalMs = 100;
  const qint64 since = chartClock_.isValid() ? chartClock_.elapsed() : kChartIntervalMs;
  if (s->running && since < kChartIntervalMs) {
    if (!chartTimer_.isActive()) chartTimer_.start(static_cast<int>(kChartIntervalMs - since));
  } else {
    updateCharts();
  }
}

void MainWindow::updateCharts() {
  chartTimer_.stop();
  const auto s = model_.snapshot();
  if (!s) return;
  chartClock_.start();
  charts_->setHistory(
      s->history,
      s->points ? s->points->task : (s->testSample ? s->testSample->task : model_.shape().task));
  charts_->setBestEpoch(s->bestEpoch);
}

void MainWindow::updateBottomRoom() {
  // The output panel and the two charts need some 620 px at presentation
  // size, which would leave a view at the bottom of a 1080 px screen a
  // third of it: without the charts the output panel alone stays, and the
  // view can have half (LessonDock makes it so for a lesson's views).
  bool bottomView = false;
  if (presentation_->isPresenting()) {
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
      if (dock->objectName() == QLatin1String("presentationCaptionDock")) continue;
      if (dock->isVisible() && !dock->isFloating() &&
          dockWidgetArea(dock) == Qt::BottomDockWidgetArea) {
        bottomView = true;
        break;
      }
    }
  }
  if (bottomView == chartsMadeRoom_) return;
  chartsMadeRoom_ = bottomView;
  charts_->setVisible(!bottomView);
}

void MainWindow::setHiddenControls(const QStringList& objectNames) {
  for (const QPointer<QWidget>& w : std::as_const(hiddenControls_)) {
    if (w) w->show();
  }
  hiddenControls_.clear();
  for (const QString& name : objectNames) {
    // "activationCombo_*": every layer's, however many there are.
    const QList<QWidget*> named =
        name.endsWith('*') ? findChildren<QWidget*>(QRegularExpression(
                                 "^" + QRegularExpression::escape(name.chopped(1)) + ".*$"))
                           : findChildren<QWidget*>(name);
    for (QWidget* w : named) {
      if (w->isHidden()) continue;  // hidden for its own reasons: not ours to show later
      w->hide();
      hiddenControls_.append(w);
    }
  }
  fitColumnsToControls();
}

void MainWindow::fitColumnsToControls() {
  // The data and features column holds nothing but controls (and their
  // captions): with every one of them hidden, what is left is a heading and
  // a line about the data, and the network view needs the width more. The
  // output column is a view and always stays.
  bool anyControl = false;
  if (hiddenControls_.isEmpty()) {
    anyControl = true;
  } else {
    const QList<QWidget*> children = leftColumn_->findChildren<QWidget*>();
    for (QWidget* w : children) {
      const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QAbstractSlider*>(w) ||
                           qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) ||
                           qobject_cast<QLineEdit*>(w);
      if (control && w->isVisibleTo(leftColumn_)) {
        anyControl = true;
        break;
      }
    }
  }
  leftScroll_->setVisible(anyControl);
  fitLeftColumn();
}

void MainWindow::fitLeftColumn() {
  // Four dataset tiles a row need the column's width, at presentation size
  // too; without them (a lesson hid them) the sliders and boxes left need
  // no more than the normal width, and the network view takes the rest.
  const QWidget* tiles = data_->findChild<QWidget*>("datasetTiles");
  const bool wide = hiddenControls_.isEmpty() || (tiles && tiles->isVisibleTo(leftColumn_));
  const int normal = kLeftColumn;
  const int scaled = static_cast<int>(kLeftColumn * presentationScale());
  leftScroll_->setMinimumWidth(wide ? scaled : normal);
  leftScroll_->setMaximumWidth(wide ? QWIDGETSIZE_MAX
                                    : std::max(normal, leftColumn_->minimumSizeHint().width()));
}

bool MainWindow::sideColumnShown() const {
  return !leftScroll_->isHidden();
}

QStringList MainWindow::hiddenControls() const {
  QStringList names;
  for (const QPointer<QWidget>& w : hiddenControls_) {
    if (w && !names.contains(w->objectName())) names.append(w->objectName());
  }
  return names;
}

void MainWindow::changeEvent(QEvent* e) {
  QMainWindow::changeEvent(e);
  // Presentation mode scaled the text: the fixed sizes follow once the
  // panels have laid out in the new font.
  if (e->type() == QEvent::FontChange) QTimer::singleShot(0, this, &MainWindow::fitToText);
}

void MainWindow::fitToText() {
  hyperScroll_->setFixedHeight(hyper_->sizeHint().height() + 14);
  fitLeftColumn();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* e) {
  if (watched == network_ && e->type() == QEvent::Paint) ++frames_;
  return QMainWindow::eventFilter(watched, e);
}

void MainWindow::setBannerKind(bool error) {
  banner_->setProperty("notice", !error);
  const char* colours = error ? "background: #fdecea; border: 1px solid #f5c2c0;"
                              : "background: #e8f1fb; border: 1px solid #b6d2ee;";
  banner_->setStyleSheet(QString("#errorBanner { %1 border-radius: 3px; }").arg(colours));
  bannerIcon_->setText(error ? "⚠" : "ℹ");
}

void MainWindow::showNotice(const QString& message) {
  setBannerKind(false);
  bannerText_->setText(message);
  banner_->show();
}

QString MainWindow::bannerMessage() const {
  return banner_->isVisible() ? bannerText_->text() : QString();
}

void MainWindow::showError(const QString& message) {
  lastError_ = message;
  setBannerKind(true);
  bannerText_->setText(message);
  banner_->show();
  statusBar()->showMessage(message, 10000);
  std::cerr << "nnplay: " << message.toStdString() << '\n';
}

void MainWindow::updateTitle() {
  const QString path = model_.filePath();
  const QString name = path.isEmpty() ? tr("untitled") : QFileInfo(path).fileName();
  setWindowTitle(tr("%1[*] — nnplay").arg(name));
  setWindowModified(model_.isModified());
}

void MainWindow::updateRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& p : recent) {
    recentMenu_
        ->addAction(
            QFileInfo(p).fileName(), this,
            [this, p] {
              if (maybeSave(tr("Open project"), tr("Save the changes to this project first?")))
                openProjectFile(p);
            })
        ->setToolTip(p);
  }
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::addRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  const QString abs = QFileInfo(path).absoluteFilePath();
  recent.removeAll(abs);
  recent.prepend(abs);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("recentFiles", recent);
  settings.setValue("lastFolder", QFileInfo(abs).absolutePath());
  updateRecentMenu();
}

QString MainWindow::askPath(const QString& title, const QString& filter, const QString& suffix) {
  const QString dir = QSettings().value("lastFolder", QDir::homePath()).toString();
  QString base = model_.filePath().isEmpty() ? QStringLiteral("untitled")
                                             : QFileInfo(model_.filePath()).completeBaseName();
  if (base.endsWith(".nnplay")) base.chop(7);
  QString p = QFileDialog::getSaveFileName(this, title, dir + "/" + base + suffix, filter);
  if (!p.isEmpty() && !p.endsWith(suffix) && !p.contains('.')) p += suffix;
  if (!p.isEmpty()) QSettings().setValue("lastFolder", QFileInfo(p).absolutePath());
  return p;
}

bool MainWindow::attempt(const std::function<void()>& action, const QString& done) {
  try {
    action();
  } catch (const std::exception& e) {
    showError(QString::fromStdString(e.what()));
    return false;
  }
  if (!done.isEmpty()) statusBar()->showMessage(done, 5000);
  return true;
}

bool MainWindow::maybeSave(const QString& title, const QString& question) {
  if (!confirmClose_ || !model_.isModified()) return true;
  const auto answer = QMessageBox::question(
      this, title, question, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  return answer == QMessageBox::Discard || (answer == QMessageBox::Save && save());
}

bool MainWindow::openProjectFile(const QString& path) {
  return attempt(
      [&] {
        model_.openProject(path);
        addRecent(path);
        banner_->hide();
      },
      tr("Opened %1").arg(path));
}

bool MainWindow::saveProjectFile(const QString& path) {
  return attempt(
      [&] {
        model_.saveProject(path);
        addRecent(path);
      },
      tr("Saved %1").arg(path));
}

bool MainWindow::exportWeightsFile(const QString& path, WeightFormat format) {
  return attempt([&] { model_.exportWeights(path, format); }, tr("Exported %1").arg(path));
}

bool MainWindow::savePicture(const QImage& picture, const QString& path) {
  if (!picture.save(path, "PNG")) {
    showError(tr("Could not write %1").arg(path));
    return false;
  }
  return true;
}

bool MainWindow::exportBoundaryPng(const QString& path) {
  return savePicture(output_->boundaryImage(QSize(800, 800)), path);
}

bool MainWindow::exportChartsPng(const QString& path) {
  return savePicture(charts_->chartImage(QSize(900, 600)), path);
}

bool MainWindow::exportDataCsvFile(const QString& path) {
  return attempt([&] { model_.exportDataCsv(path); }, {});
}

bool MainWindow::exportScriptFile(const QString& path, CodeFramework framework) {
  ScriptFiles files;
  if (!attempt([&] { files = model_.exportScript(path, framework); }, {})) return false;
  QStringList written;
  for (const std::string& f : {files.script, files.data, files.weights}) {
    if (!f.empty()) written << QFileInfo(QString::fromStdString(f)).fileName();
  }
  QString m =
      written.size() > 1
          ? tr("Wrote %1 and %2").arg(written.mid(0, written.size() - 1).join(", "), written.back())
          : tr("Wrote %1").arg(written.value(0, path));
  // The notes beyond the files written: no weights yet, data not written.
  for (const std::string& note : files.notes) {
    if (note.rfind("wrote ", 0) != 0) m += " · " + QString::fromStdString(note);
  }
  statusBar()->showMessage(m, 15000);
  return true;
}

void MainWindow::newProject() {
  if (!maybeSave(tr("New project"), tr("Save the changes to this project first?"))) return;
  model_.newDocument();
}

void MainWindow::openProject() {
  if (!maybeSave(tr("Open project"), tr("Save the changes to this project first?"))) return;
  const QString dir = QSettings().value("lastFolder", QDir::homePath()).toString();
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open project"), dir, tr(kProjectFilter));
  if (!path.isEmpty()) openProjectFile(path);
}

bool MainWindow::save() {
  if (model_.filePath().isEmpty()) return saveAs();
  return saveProjectFile(model_.filePath());
}

bool MainWindow::saveAs() {
  const QString path = askPath(tr("Save project"), tr(kProjectFilter), ".nnplay.json");
  return !path.isEmpty() && saveProjectFile(path);
}

QString MainWindow::autosavePath() {
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  QDir().mkpath(dir);
  return dir + "/autosave.nnplay.json";
}

void MainWindow::autosave() {
  if (!model_.isModified()) return;
  try {
    model_.writeProject(autosavePath());
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())),
                             10000);
  }
#ifdef __GLIBC__
  // Writing the project builds its JSON tree and text (megabytes with a deep
  // network's history); glibc keeps the freed pages, and over a long class
  // the window's memory crept up in steps of them. Hand them back.
  malloc_trim(0);
#endif
}

void MainWindow::closeEvent(QCloseEvent* e) {
  if (!maybeSave(tr("Quit nnplay"), tr("Save the changes to this project before closing?"))) {
    e->ignore();
    return;
  }
  model_.pause();
  if (preferencesTimer_.isActive()) saveViewPreferences();
  presentation_->leave();  // the geometry to remember is the normal one
  // And the docks the person opened, not those a lesson step opened.
  lessons_->leave();
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("session/cleanExit", true);
  QFile::remove(autosavePath());
  e->accept();
}

}  // namespace nnplay::gui
