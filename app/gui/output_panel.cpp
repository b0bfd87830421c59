#include "output_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "confusion_matrix_view.hpp"
#include "decision_boundary_view.hpp"
#include "image_grid_view.hpp"
#include "plot_axes.hpp"
#include "prediction_scatter_view.hpp"

namespace nnplay::gui {
namespace {

constexpr int kResolutions[] = {100, 128, 200, 256};

QString lossText(double v) {
  return shortNumber(v);
}

}  // namespace

OutputPanel::OutputPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);

  lossLabel_ = new QLabel(this);
  lossLabel_->setObjectName(QStringLiteral("lossLabel"));
  lossLabel_->setToolTip(
      tr("Loss of the last evaluation on the test and the training set (lower is better)"));
  metricLabel_ = new QLabel(this);
  metricLabel_->setObjectName(QStringLiteral("metricLabel"));
  metricLabel_->setToolTip(
      tr("Accuracy (classification) or R² (regression) of the last evaluation; a test score well "
         "below the "
         "training score means the network overfits"));
  for (QLabel* l : {lossLabel_, metricLabel_}) {
    l->setTextFormat(Qt::RichText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(l);
  }

  stack_ = new QStackedWidget(this);
  notice_ = new QLabel(tr("No output yet"), stack_);
  notice_->setAlignment(Qt::AlignCenter);
  notice_->setWordWrap(true);
  boundary_ = new DecisionBoundaryView(stack_);
  boundary_->setObjectName(QStringLiteral("boundaryView"));
  boundary_->setToolTip(
      tr("The network's output over the input plane: colour shows the predicted class or value, "
         "dots are the "
         "data (training: white ring; test: dark ring)"));
  scatter_ = new PredictionScatterView(stack_);
  scatter_->setObjectName(QStringLiteral("scatterView"));
  scatter_->setToolTip(
      tr("Predicted against actual target for the test rows; a perfect model lies on the "
         "dashed diagonal"));
  classTabs_ = new QTabWidget(stack_);
  classTabs_->setObjectName(QStringLiteral("classTabs"));
  classTabs_->setDocumentMode(true);
  confusion_ = new ConfusionMatrixView(classTabs_);
  confusion_->setObjectName(QStringLiteral("confusionView"));
  confusion_->setToolTip(
      tr("Test rows by actual class (rows) and predicted class (columns); the diagonal is "
         "right, everything else a mistake"));
  images_ = new ImageGridView(classTabs_);
  images_->setObjectName(QStringLiteral("imageGridView"));
  images_->setToolTip(
      tr("The first test images with the predicted and the true label (green: right, red: "
         "wrong)"));
  classTabs_->addTab(confusion_, tr("Confusion matrix"));
  classTabs_->addTab(images_, tr("Images"));
  stack_->addWidget(notice_);
  stack_->addWidget(boundary_);
  stack_->addWidget(scatter_);
  stack_->addWidget(classTabs_);
  layout->addWidget(stack_, 1);

  auto* options = new QHBoxLayout;
  options->setSpacing(8);
  showTest_ = new QCheckBox(tr("Show test data"), this);
  showTest_->setObjectName(QStringLiteral("showTestCheck"));
  showTest_->setToolTip(tr("Also draw the test points (dark ring) over the output"));
  discretize_ = new QCheckBox(tr("Discretize output"), this);
  discretize_->setObjectName(QStringLiteral("discretizeCheck"));
  discretize_->setToolTip(
      tr("Colour each point of the plane by the decided class (or the side of the middle "
         "value) instead of a smooth shade"));
  resolution_ = new QComboBox(this);
  resolution_->setObjectName(QStringLiteral("resolutionCombo"));
  resolution_->setToolTip(
      tr("Points per side at which the network is evaluated for the picture; higher is "
         "sharper but costs training time"));
  for (int r : kResolutions) resolution_->addItem(QStringLiteral("%1×%1").arg(r), r);
  options->addWidget(showTest_);
  options->addWidget(discretize_);
  options->addStretch(1);
  options->addWidget(resolution_);
  layout->addLayout(options);

  connect(showTest_, &QCheckBox::toggled, boundary_, &DecisionBoundaryView::setShowTestData);
  connect(discretize_, &QCheckBox::toggled, boundary_, &DecisionBoundaryView::setDiscretize);
  connect(showTest_, &QCheckBox::toggled, this, &OutputPanel::showTestDataChanged);
  connect(discretize_, &QCheckBox::toggled, this, &OutputPanel::discretizeChanged);
  connect(boundary_, &DecisionBoundaryView::pointClicked, this, &OutputPanel::pointClicked);
  connect(boundary_, &DecisionBoundaryView::sampleDoubleClicked, this,
          &OutputPanel::sampleDoubleClicked);
  connect(images_, &ImageGridView::imageDoubleClicked, this, [this](int row) {
    emit sampleDoubleClicked({SampleRef::Set::Test, row});  // the grid shows the first test rows
  });
  // activated(), not currentIndexChanged(): following the snapshot must not ask again.
  connect(resolution_, &QComboBox::activated, this, [this](int index) {
    emit resolutionChangeRequested(resolution_->itemData(index).toInt());
  });

  updateMetrics();
  choosePage();
}

void OutputPanel::setSnapshot(std::shared_ptr<const Snapshot> s) {
  if (s == snapshot_) return;
  snapshot_ = std::move(s);
  // While a run streams snapshots the figures change at most 10 times a
  // second (faster is unreadable, and each rich-text label relayouts the
  // panel); a paused run's figures at once.
  if (!snapshot_->running || !metricsClock_.isValid() || metricsClock_.elapsed() >= 100) {
    metricsClock_.start();
    updateMetrics();
  }
  choosePage();
}

void OutputPanel::showNeuron(int gridLayer, int unit) {
  boundary_->showNeuron(gridLayer, unit);
}

bool OutputPanel::discretize() const {
  return discretize_->isChecked();
}
bool OutputPanel::showTestData() const {
  return showTest_->isChecked();
}
void OutputPanel::setDiscretize(bool on) {
  discretize_->setChecked(on);
}
void OutputPanel::setShowTestData(bool on) {
  showTest_->setChecked(on);
}

void OutputPanel::updateMetrics() {
  const Snapshot* s = snapshot_.get();
  Task task = Task::Classification;
  if (s && s->points) {
    task = s->points->task;
  } else if (s && s->testSample) {
    task = s->testSample->task;
  }
  const bool have = s && !s->history.empty();
  const HistoryPoint last = have ? s->history.back() : HistoryPoint{};
  const QString dash = QStringLiteral("–");
  const QString loss =
      tr("Test loss <b>%1</b>&nbsp;&nbsp; Training loss <b>%2</b>")
          .arg(have ? lossText(last.testLoss) : dash, have ? lossText(last.trainLoss) : dash);
  QString metric;
  if (task == Task::Classification) {
    const auto pct = [&](double v) {
      return have ? QString::number(100.0 * v, 'f', 1) + QStringLiteral(" %") : dash;
    };
    metric = tr("Test accuracy <b>%1</b>&nbsp;&nbsp; Training accuracy <b>%2</b>")
                 .arg(pct(last.testMetric), pct(last.trainMetric));
  } else {
    const auto r2 = [&](double v) { return have ? QString::number(v, 'f', 3) : dash; };
    metric = tr("Test R² <b>%1</b>&nbsp;&nbsp; Training R² <b>%2</b>")
                 .arg(r2(last.testMetric), r2(last.trainMetric));
  }
  // setText() relayouts even for the same text; skip it at 60 snapshots a second.
  if (lossLabel_->text() != loss) lossLabel_->setText(loss);
  if (metricLabel_->text() != metric) metricLabel_->setText(metric);
}

void OutputPanel::choosePage() {
  const Snapshot* s = snapshot_.get();
  QWidget* page = notice_;
  if (s && s->grid && s->points) {
    boundary_->setSnapshot(snapshot_);
    page = boundary_;
    const QSignalBlocker block(resolution_);
    const int i = resolution_->findData(s->grid->resolution);
    if (i >= 0) resolution_->setCurrentIndex(i);
  } else if (s && s->testSample) {
    if (s->testSample->task == Task::Regression) {
      scatter_->setSample(s->testSample);
      page = scatter_;
    } else {
      confusion_->setSample(s->testSample);
      // Tables have only the matrix: no tab bar then.
      const bool pictures = s->testSample->imageRows > 0;
      if (pictures) images_->setSample(s->testSample);
      if (!pictures && classTabs_->currentWidget() == images_)
        classTabs_->setCurrentWidget(confusion_);
      classTabs_->setTabVisible(classTabs_->indexOf(images_), pictures);
      classTabs_->tabBar()->setVisible(pictures);
      page = classTabs_;
    }
  } else {
    QString text = tr("No output yet");
    if (s && !s->message.empty()) text = QString::fromStdString(s->message);
    if (s && s->ready && s->points && !s->grid)
      text = tr("The output picture is off (grid resolution 0)");
    if (notice_->text() != text) notice_->setText(text);
  }
  if (stack_->currentWidget() != page) stack_->setCurrentWidget(page);
  // Hidden views let go of what they showed (a grid, a sample of 2,000 rows).
  if (page != boundary_) boundary_->setSnapshot(nullptr);
  if (page != scatter_) scatter_->setSample(nullptr);
  if (page != classTabs_) {
    confusion_->setSample(nullptr);
    images_->setSample(nullptr);
  }
  // The options only mean something for a plane: hidden for tables and
  // images; discretizing a 1-D curve changes nothing, so it is greyed out.
  const bool plane = page == boundary_;
  showTest_->setVisible(plane);
  discretize_->setVisible(plane);
  resolution_->setVisible(plane);
  discretize_->setEnabled(plane && s->grid->rows > 1);
}

QImage OutputPanel::boundaryImage(QSize size) const {
  QWidget* page = stack_->currentWidget();
  if (page == boundary_) return boundary_->renderImage(size);
  if (page == scatter_) return scatter_->renderImage(size);
  if (page == classTabs_) {
    if (classTabs_->currentWidget() == images_) return images_->renderImage(size);
    return confusion_->renderImage(size);
  }
  QImage blank(size, QImage::Format_ARGB32_Premultiplied);
  blank.fill(Qt::white);
  return blank;
}

}  // namespace nnplay::gui
