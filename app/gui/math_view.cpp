#include "math_view.hpp"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextBrowser>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "nnplay/cpu_backend.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {

namespace {

constexpr qint64 kMinRenderMs = 250;  // at most 4 renders a second

// The network of a snapshot on the CPU, for the linear collapse.
std::optional<AffineLayer> collapsedOf(const Snapshot& s) {
  if (s.network.layers.size() < 2 || !hiddenLayersAreLinear(s.network)) return std::nullopt;
  CpuBackend backend;
  Network net(s.network, backend);
  net.setParameters(s.parameters);
  net.setState(s.state);
  return collapseLinear(net);
}

QString sampleText(const Snapshot& s, const SampleRef& r) {
  QString text = (r.set == SampleRef::Set::Train ? QObject::tr("Training sample %1")
                                                 : QObject::tr("Test sample %1"))
                     .arg(r.row);
  if (const PointSet* p = s.points.get()) {
    const RowMatrix& xs = r.set == SampleRef::Set::Train ? p->train : p->test;
    const RowMatrix& ys = r.set == SampleRef::Set::Train ? p->trainLabels : p->testLabels;
    if (r.row < xs.rows()) {
      QStringList v;
      for (Eigen::Index c = 0; c < xs.cols(); ++c) v << QString::number(xs(r.row, c), 'g', 3);
      text += " at (" + v.join(", ") + ")";
      if (p->task == Task::Classification && r.row < ys.rows()) {
        const auto k = static_cast<std::size_t>(ys(r.row, 0));
        if (k < p->classNames.size()) text += ", " + qs(p->classNames[k]);
      } else if (r.row < ys.rows()) {
        text += QObject::tr(", target %1").arg(ys(r.row, 0), 0, 'g', 4);
      }
    }
  }
  return text;
}

}  // namespace

MathView::MathView(QWidget* parent) : QWidget(parent) {
  setObjectName("mathView");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  sample_ = new QLabel(tr("Double-click a data point (or an image) to follow it here."));
  sample_->setObjectName("mathSample");
  sample_->setWordWrap(true);
  notationBox_ = new QComboBox;
  notationBox_->setObjectName("mathNotation");
  notationBox_->addItem(tr("Rows: x·W + b (Keras)"));
  notationBox_->addItem(tr("Columns: W·x + b"));
  notationBox_->setToolTip(
      tr("Rows is what the engine and Keras compute; columns shows every "
         "matrix transposed, as the column-vector decks write it"));
  connect(notationBox_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setNotation(i == 1 ? Notation::Columns : Notation::Rows); });
  stepSample_ = new QPushButton(tr("Step with this sample"));
  stepSample_->setObjectName("mathStepSample");
  stepSample_->setToolTip(
      tr("One optimizer step using only this training sample; the view shows before → after"));
  connect(stepSample_, &QPushButton::clicked, this, [this] {
    if (snapshot_ && snapshot_->followed) emit stepSampleRequested(*snapshot_->followed);
  });
  stepBatch_ = new QPushButton(tr("Step with a batch"));
  stepBatch_->setObjectName("mathStepBatch");
  stepBatch_->setToolTip(
      tr("One step with the next batch: its samples are marked in the output "
         "view and X is batch × inputs"));
  connect(stepBatch_, &QPushButton::clicked, this, &MathView::stepBatchRequested);
  copy_ = new QToolButton;
  copy_->setText(tr("Copy"));
  copy_->setObjectName("mathCopy");
  copy_->setPopupMode(QToolButton::InstantPopup);
  auto* copyMenu = new QMenu(copy_);
  for (const auto& [label, format] : {std::pair{tr("As text"), QString("text")},
                                      std::pair{tr("As Markdown"), QString("markdown")},
                                      std::pair{tr("As CSV"), QString("csv")}}) {
    copyMenu->addAction(label, this,
                        [this, f = format] { QApplication::clipboard()->setText(copyText(f)); });
  }
  copy_->setMenu(copyMenu);
  auto* matrices = new QPushButton(tr("Matrix playground…"));
  connect(matrices, &QPushButton::clicked, this, &MathView::matrixPlaygroundRequested);
  auto* explorer = new QPushButton(tr("Activations…"));
  connect(explorer, &QPushButton::clicked, this, &MathView::activationExplorerRequested);
  // Any sample by number (tables have no plane to double-click).
  set_ = new QComboBox;
  set_->setObjectName("mathSampleSet");
  set_->addItem(tr("Training sample"));
  set_->addItem(tr("Test sample"));
  row_ = new QSpinBox;
  row_->setObjectName("mathSampleRow");
  row_->setToolTip(tr("The sample's row, from 0"));
  auto* show = new QPushButton(tr("Show"));
  show->setObjectName("mathShowSample");
  connect(show, &QPushButton::clicked, this, [this] {
    emit followRequested(SampleRef{
        set_->currentIndex() == 1 ? SampleRef::Set::Test : SampleRef::Set::Train, row_->value()});
  });
  connect(set_, &QComboBox::currentIndexChanged, this, &MathView::updateChooser);
  bar->addWidget(set_);
  bar->addWidget(row_);
  bar->addWidget(show);
  bar->addWidget(notationBox_);
  bar->addWidget(stepSample_);
  bar->addWidget(stepBatch_);
  bar->addWidget(copy_);
  bar->addStretch(1);
  bar->addWidget(matrices);
  bar->addWidget(explorer);
  layout->addLayout(bar);
  layout->addWidget(sample_);
  browser_ = new QTextBrowser;
  browser_->setObjectName("mathBrowser");
  browser_->setOpenLinks(false);
  browser_->setLineWrapMode(QTextEdit::NoWrap);
  connect(browser_, &QTextBrowser::highlighted, this, &MathView::showLens);
  layout->addWidget(browser_, 1);
  lens_ = new QLabel(tr("Hover a number to see how it was computed."));
  lens_->setObjectName("mathLens");
  lens_->setWordWrap(true);
  lens_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  lens_->setStyleSheet("QLabel { background: #fffbe6; border: 1px solid #e6d9a2; padding: 4px; }");
  layout->addWidget(lens_);
  lastRender_.start();
  deferred_.setSingleShot(true);
  connect(&deferred_, &QTimer::timeout, this, [this] { render(false); });
}

void MathView::setSnapshot(std::shared_ptr<const Snapshot> s) {
  snapshot_ = std::move(s);
  render(false);
}

void MathView::setNotation(Notation n) {
  notation_ = n;
  notationBox_->setCurrentIndex(n == Notation::Columns ? 1 : 0);
  render(true);
}

void MathView::updateChooser() {
  if (!snapshot_) return;
  const int rows = set_->currentIndex() == 1 ? snapshot_->testRows : snapshot_->trainRows;
  row_->setRange(0, std::max(0, rows - 1));
}

void MathView::render(bool force) {
  if (!snapshot_) return;
  updateChooser();
  // A step's math stays until the session drops it (play) or another sample
  // is followed; otherwise the followed sample's live trace.
  std::shared_ptr<const Trace> next;
  const bool step = snapshot_->lastStep != nullptr;
  if (step) {
    step_ = snapshot_->lastStep;
    next = std::shared_ptr<const Trace>(step_, &step_->trace);
  } else {
    step_.reset();
    next = snapshot_->trace;
  }
  stepSample_->setEnabled(snapshot_->followed &&
                          snapshot_->followed->set == SampleRef::Set::Train && snapshot_->ready);
  stepSample_->setToolTip(snapshot_->followed && snapshot_->followed->set == SampleRef::Set::Test
                              ? tr("A test sample never trains the network: follow a training "
                                   "sample to step with it")
                              : tr("One optimizer step using only this training sample"));
  if (!force && next == shown_) return;
  if (!force && shown_ && next && lastRender_.elapsed() < kMinRenderMs) {
    if (!deferred_.isActive()) {
      deferred_.start(static_cast<int>(kMinRenderMs - lastRender_.elapsed()) + 1);
    }
    return;
  }
  deferred_.stop();
  shown_ = next;
  showingStep_ = step;
  lastRender_.restart();
  if (!shown_) {
    document_ = {};
    browser_->setHtml("<p>" +
                      tr("No sample chosen. Double-click a data point in the output view, or "
                         "press <b>Step with a batch</b>.") +
                      "</p>");
    return;
  }
  MathOptions o;
  o.notation = notation_;
  o.step = step;
  if (snapshot_->transform) {
    const InputTransform& t = *snapshot_->transform;
    for (const std::string& n : t.features.names(t.inputNames)) o.inputNames.push_back(qs(n));
  }
  if (snapshot_->testSample && snapshot_->testSample->imageRows > 0) {
    o.imageRows = snapshot_->testSample->imageRows;
    o.imageCols = snapshot_->testSample->imageCols;
  }
  try {
    o.collapsed = collapsedOf(*snapshot_);
  } catch (const std::exception&) {
    o.collapsed.reset();  // a snapshot between a network and its weights
  }
  document_ = buildMathDocument(*shown_, o);
  if (step) {
    sample_->setText(step_->rows.size() == 1
                         ? tr("Step %1 with training sample %2 (before → after)")
                               .arg(step_->stepBefore + 1)
                               .arg(step_->rows.front())
                         : tr("Step %1 with a batch of %2 training samples, marked in the output "
                              "view (before → after)")
                               .arg(step_->stepBefore + 1)
                               .arg(step_->rows.size()));
  } else if (snapshot_->followed) {
    sample_->setText(sampleText(*snapshot_, *snapshot_->followed));
  }
  const int v = browser_->verticalScrollBar() ? browser_->verticalScrollBar()->value() : 0;
  browser_->document()->addResource(QTextDocument::ImageResource, QUrl("nnplay:input"),
                                    document_.inputImage);
  browser_->setHtml(html());
  browser_->verticalScrollBar()->setValue(v);
}

void MathView::showSection(int section) {
  browser_->scrollToAnchor(QString("section%1").arg(section));
}

QString MathView::html() const {
  QString h = toHtml(document_, notation_);
  // Presentation mode: the shapes and summaries at full size, none under 18 px.
  if (minimumFontPixels() > 0)
    h.remove(QStringLiteral("<small>")).remove(QStringLiteral("</small>"));
  return h;
}

void MathView::changeEvent(QEvent* e) {
  QWidget::changeEvent(e);
  if (e->type() == QEvent::FontChange && snapshot_) render(true);
}

QString MathView::lensText() const {
  return lens_->text();
}

void MathView::showLens(const QUrl& url) {
  const QStringList parts = url.toString().split(':');
  if (parts.size() != 4 || parts[0] != "cell") return;
  hoverCell(parts[1].toInt(), parts[2].toInt(), parts[3].toInt());
}

void MathView::hoverCell(int matrix, int row, int col) {
  const MathMatrix* m = matrixAt(document_, matrix);
  if (!m || !m->lens || row < 0 || col < 0 || row >= m->values.rows() || col >= m->values.cols()) {
    return;
  }
  lens_->setText(m->lens(row, col));
}

QString MathView::copyText(const QString& format) const {
  if (format == "markdown") return toMarkdown(document_, notation_);
  if (format == "csv") return toCsv(document_, notation_);
  return toText(document_, notation_);
}

}  // namespace nnplay::gui
