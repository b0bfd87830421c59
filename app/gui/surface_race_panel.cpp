#include "surface_race_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <exception>
#include <iterator>

#include "lab_setup.hpp"
#include "plot_axes.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

// The learning-rate slider: log scale from kLrMin to kLrMax in kLrTicks steps.
constexpr double kLrMin = 1e-4;
constexpr double kLrMax = 3.0;
constexpr int kLrTicks = 1000;

int sliderPosition(double lr) {
  const double t = std::log(lr / kLrMin) / std::log(kLrMax / kLrMin);
  return std::clamp(static_cast<int>(std::lround(t * kLrTicks)), 0, kLrTicks);
}

// Three significant digits: the slider's values read as numbers people type.
double sliderLearningRate(int position) {
  const double lr = kLrMin * std::pow(kLrMax / kLrMin, static_cast<double>(position) / kLrTicks);
  const double p = std::pow(10.0, std::floor(std::log10(lr)) - 2);
  return std::clamp(std::round(lr / p) * p, kLrMin, kLrMax);
}

// A learning rate that works on this surface: the table's SGD rate for the
// plain-gradient optimizers; RMSprop and Adam take steps of about lr in each
// coordinate whatever the gradient, so theirs follows the plotted range.
double defaultLearningRate(const SurfaceInfo& s, OptimizerId id) {
  const double span = std::min(s.xmax - s.xmin, s.ymax - s.ymin);
  switch (id) {
    case OptimizerId::Sgd:
      return s.learningRate;
    case OptimizerId::Momentum:
    case OptimizerId::Nesterov:
      return s.learningRate * 0.5;
    case OptimizerId::Rmsprop:
      return 0.005 * span;
    case OptimizerId::Adam:
      return 0.02 * span;
  }
  return s.learningRate;
}

// A number box that shows learning rates as people write them (0.001, not 0.00100).
class RateBox : public QDoubleSpinBox {
 public:
  explicit RateBox(QWidget* parent) : QDoubleSpinBox(parent) {
    setDecimals(6);
    setRange(kLrMin, kLrMax);
    setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    setKeyboardTracking(false);
  }
  QString textFromValue(double v) const override { return QString::number(v, 'g', 4); }
  double valueFromText(const QString& text) const override { return text.toDouble(); }
  QValidator::State validate(QString& text, int&) const override {
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok) {
      static const QRegularExpression partial(QStringLiteral("^[0-9]*\\.?[0-9]*(e-?)?$"));
      return partial.match(text).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
    }
    return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
  }
};

QDoubleSpinBox* parameterBox(QWidget* parent, double value, double step, const QString& name) {
  auto* b = new QDoubleSpinBox(parent);
  b->setDecimals(4);
  b->setRange(0.0, 0.9999);
  b->setSingleStep(step);
  b->setValue(value);
  b->setKeyboardTracking(false);
  b->setObjectName(name);
  return b;
}

QString num(double v) {
  return QString::number(v, 'g', 4);
}

QString pair(double x, double y) {
  return QStringLiteral("(%1, %2)").arg(num(x), num(y));
}

// 1, 2 or 5 times a power of ten, at most v: an arrow scale people can read.
double niceFloor(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  const double f = v / p;
  return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
}

QString optimizerLabel(OptimizerId id) {
  return qs(optimizer(id).label);
}

// The controls column scrolls on its own: in a low dock (a presentation's
// larger text makes the column some 1000 px tall) the plot beside it keeps
// the dock's height instead of growing with the column and being cut off.
// As wide as the column and its scroll bar, so nothing scrolls sideways.
class ControlsScroll : public QScrollArea {
 public:
  using QScrollArea::QScrollArea;
  QSize sizeHint() const override { return {columnWidth(), QScrollArea::sizeHint().height()}; }
  QSize minimumSizeHint() const override {
    return {columnWidth(), QScrollArea::minimumSizeHint().height()};
  }

 private:
  int columnWidth() const {
    const int w = widget() ? std::min(widget()->sizeHint().width(), widget()->maximumWidth()) : 0;
    return w + verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
  }
};

}  // namespace

SurfaceRacePanel::SurfaceRacePanel(QWidget* parent)
    : QWidget(parent), surface_(&nnplay::surface(SurfaceId::Bowl)), start_(surface_->start) {
  setObjectName(QStringLiteral("surfaceRacePanel"));
  for (const OptimizerInfo& o : optimizers()) {
    Row r;
    r.id = o.id;
    r.lr = defaultLearningRate(*surface_, o.id);
    rows_.push_back(r);
  }
  timer_ = new QTimer(this);
  timer_->setInterval(30);
  connect(timer_, &QTimer::timeout, this, &SurfaceRacePanel::advanceAnimation);

  plot_ = new SurfacePlot(this);
  plot_->setObjectName(QStringLiteral("surfacePlot"));
  plot_->setLegendVisible(true);
  connect(plot_, &SurfacePlot::startMoved, this, &SurfaceRacePanel::setStart);
  scatterLabel_ = new QLabel(this);
  scatterLabel_->setObjectName(QStringLiteral("scatterSummary"));
  scatterLabel_->setWordWrap(true);
  scatterLabel_->hide();
  errorLabel_ = new QLabel(this);
  errorLabel_->setObjectName(QStringLiteral("raceError"));
  errorLabel_->setStyleSheet(QStringLiteral("color: #b00020"));
  errorLabel_->setWordWrap(true);
  errorLabel_->hide();
  inspector_ = new QPlainTextEdit(this);
  inspector_->setObjectName(QStringLiteral("stepInspector"));
  inspector_->setReadOnly(true);
  inspector_->setMaximumHeight(150);

  auto* race = new QWidget(this);
  auto* rl = new QVBoxLayout(race);
  rl->setContentsMargins(0, 0, 0, 0);
  rl->addWidget(plot_, 1);
  rl->addWidget(errorLabel_);
  rl->addWidget(scatterLabel_);
  rl->addWidget(inspector_);

  pages_ = new QStackedWidget(this);
  pages_->addWidget(race);
  pages_->addWidget(buildLineUpPage());

  auto* layout = new QHBoxLayout(this);
  auto* controls = new ControlsScroll(this);
  controls->setObjectName(QStringLiteral("raceControlsScroll"));
  controls->setWidget(buildControls());
  controls->setWidgetResizable(true);
  controls->setFrameShape(QFrame::NoFrame);
  controls->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  layout->addWidget(controls);
  layout->addWidget(pages_, 1);
  plot_->setSurface(*surface_);
  plot_->setCaption(QStringLiteral("%1:  %2").arg(qs(surface_->label), qs(surface_->formula)));
  recompute();
}

SurfaceRacePanel::~SurfaceRacePanel() = default;

QWidget* SurfaceRacePanel::buildControls() {
  auto* w = new QWidget(this);
  w->setMaximumWidth(420);
  auto* l = new QVBoxLayout(w);
  l->setContentsMargins(0, 0, 0, 0);

  surfaceCombo_ = new QComboBox(w);
  surfaceCombo_->setObjectName(QStringLiteral("surfaceCombo"));
  for (const SurfaceInfo& s : surfaces()) {
    surfaceCombo_->addItem(QStringLiteral("%1   %2").arg(qs(s.label), qs(s.formula)),
                           static_cast<int>(s.id));
  }
  connect(surfaceCombo_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) selectSurface(surfaces()[static_cast<std::size_t>(i)].id);
  });
  auto* surfaceRow = new QHBoxLayout;
  surfaceRow->addWidget(new QLabel(tr("Surface"), w));
  surfaceRow->addWidget(surfaceCombo_, 1);
  l->addLayout(surfaceRow);
  formula_ = new QLabel(w);
  formula_->setWordWrap(true);
  formula_->setStyleSheet(QStringLiteral("color: #555"));
  l->addWidget(formula_);

  l->addWidget(buildOptimizerRows());

  auto* runBox = new QGroupBox(tr("Run"), w);
  auto* g = new QGridLayout(runBox);
  stepsBox_ = new QSpinBox(runBox);
  stepsBox_->setObjectName(QStringLiteral("stepsBox"));
  stepsBox_->setRange(1, 1000);
  stepsBox_->setValue(steps_);
  stepsBox_->setKeyboardTracking(false);
  connect(stepsBox_, &QSpinBox::valueChanged, this, &SurfaceRacePanel::setSteps);
  g->addWidget(new QLabel(tr("Steps"), runBox), 0, 0);
  g->addWidget(stepsBox_, 0, 1);
  startLabel_ = new QLabel(runBox);
  startLabel_->setObjectName(QStringLiteral("startLabel"));
  auto* reset = new QPushButton(tr("Reset start"), runBox);
  reset->setObjectName(QStringLiteral("resetStartButton"));
  connect(reset, &QPushButton::clicked, this, &SurfaceRacePanel::resetStart);
  g->addWidget(startLabel_, 1, 0, 1, 2);
  g->addWidget(reset, 1, 2);
  playButton_ = new QPushButton(tr("Play"), runBox);
  playButton_->setObjectName(QStringLiteral("racePlayButton"));
  connect(playButton_, &QPushButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
  stepSlider_ = new QSlider(Qt::Horizontal, runBox);
  stepSlider_->setObjectName(QStringLiteral("stepSlider"));
  connect(stepSlider_, &QSlider::valueChanged, this, &SurfaceRacePanel::setCurrentStep);
  stepLabel_ = new QLabel(runBox);
  stepLabel_->setObjectName(QStringLiteral("stepCounter"));
  stepLabel_->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(tr("step 1000 / 1000")));
  g->addWidget(playButton_, 2, 0);
  g->addWidget(stepSlider_, 2, 1);
  g->addWidget(stepLabel_, 2, 2);
  focusCombo_ = new QComboBox(runBox);
  focusCombo_->setObjectName(QStringLiteral("focusCombo"));
  for (const OptimizerInfo& o : optimizers()) {
    focusCombo_->addItem(qs(o.label), static_cast<int>(o.id));
  }
  focusCombo_->setCurrentIndex(static_cast<int>(OptimizerId::Momentum));
  connect(focusCombo_, &QComboBox::currentIndexChanged, this, [this] {
    updateInspector();
    if (scatterShown()) runScatter();
  });
  g->addWidget(new QLabel(tr("Inspect"), runBox), 3, 0);
  g->addWidget(focusCombo_, 3, 1, 1, 2);
  l->addWidget(runBox);

  auto* lineUp = new QPushButton(tr("Learning-rate line-up"), w);
  lineUp->setObjectName(QStringLiteral("lineUpButton"));
  lineUp->setToolTip(tr("SGD on the round bowl at four learning rates, side by side"));
  connect(lineUp, &QPushButton::clicked, this, [this] { showLineUp(); });
  auto* scatter = new QPushButton(tr("Scatter starts"), w);
  scatter->setObjectName(QStringLiteral("scatterButton"));
  scatter->setToolTip(tr("The inspected optimizer from a %1 × %1 grid of starts on the "
                         "several-minima surface, each start coloured by the minimum it reached")
                          .arg(kScatterGrid));
  connect(scatter, &QPushButton::clicked, this, [this] { runScatter(); });
  auto* exportButton = new QPushButton(tr("Export PNG…"), w);
  exportButton->setObjectName(QStringLiteral("exportButton"));
  connect(exportButton, &QPushButton::clicked, this, &SurfaceRacePanel::exportClicked);
  auto* buttons = new QGridLayout;
  buttons->addWidget(lineUp, 0, 0);
  buttons->addWidget(scatter, 0, 1);
  buttons->addWidget(exportButton, 1, 0);
  auto* saveButton = new QPushButton(tr("Save setup…"), w);
  saveButton->setToolTip(
      tr("The surface, start, steps and every optimizer's settings, in a "
         "small file to open in class"));
  connect(saveButton, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save setup"), "race.nnplay-lab.json",
                                                   tr("Lab setups (*.nnplay-lab.json)"));
    if (!f.isEmpty()) saveSetup(f);
  });
  auto* openButton = new QPushButton(tr("Open setup…"), w);
  connect(openButton, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open setup"), {},
                                                   tr("Lab setups (*.nnplay-lab.json)"));
    if (!f.isEmpty()) openSetup(f);
  });
  buttons->addWidget(saveButton, 1, 1);
  buttons->addWidget(openButton, 2, 1);
  l->addLayout(buttons);
  auto* hint = new QLabel(tr("Drag the white handle on the plot to move the start."), w);
  hint->setWordWrap(true);
  hint->setStyleSheet(QStringLiteral("color: #555"));
  l->addWidget(hint);
  l->addStretch(1);
  formula_->setText(qs(surface_->formula));
  return w;
}

QWidget* SurfaceRacePanel::buildOptimizerRows() {
  auto* box = new QGroupBox(tr("Optimizers (learning rate, log scale)"), this);
  auto* g = new QGridLayout(box);
  g->setVerticalSpacing(2);
  int line = 0;
  for (Row& r : rows_) {
    const QString name = qs(optimizer(r.id).name);
    r.enabled = new QCheckBox(optimizerLabel(r.id), box);
    r.enabled->setObjectName(name + QStringLiteral("Enabled"));
    r.enabled->setChecked(true);
    connect(r.enabled, &QCheckBox::toggled, this, [this] { recompute(); });
    auto* swatch = new QLabel(box);
    swatch->setFixedSize(16, 6);
    swatch->setStyleSheet(QStringLiteral("background-color: %1").arg(optimizerColor(r.id).name()));
    r.slider = new QSlider(Qt::Horizontal, box);
    r.slider->setObjectName(name + QStringLiteral("LearningRateSlider"));
    r.slider->setRange(0, kLrTicks);
    r.slider->setSingleStep(10);
    r.slider->setPageStep(100);
    r.number = new RateBox(box);
    r.number->setObjectName(name + QStringLiteral("LearningRate"));
    const OptimizerId id = r.id;
    connect(r.slider, &QSlider::valueChanged, this, [this, id](int pos) {
      Row& row = this->row(id);
      row.lr = sliderLearningRate(pos);
      const QSignalBlocker block(row.number);
      row.number->setValue(row.lr);
      recompute();
    });
    connect(r.number, &QDoubleSpinBox::valueChanged, this, [this, id](double v) {
      Row& row = this->row(id);
      row.lr = v;
      const QSignalBlocker block(row.slider);
      row.slider->setValue(sliderPosition(v));
      recompute();
    });
    showLearningRate(r);
    g->addWidget(swatch, line, 0);
    g->addWidget(r.enabled, line, 1);
    g->addWidget(r.slider, line, 2);
    g->addWidget(r.number, line, 3);
    ++line;
    // Its own hyperparameters under it.
    auto* params = new QHBoxLayout;
    const auto add = [&](const QString& label, QDoubleSpinBox* b) {
      params->addWidget(new QLabel(label, box));
      params->addWidget(b);
      connect(b, &QDoubleSpinBox::valueChanged, this, [this] { recompute(); });
    };
    const OptimizerSettings defaults;
    switch (r.id) {
      case OptimizerId::Momentum:
      case OptimizerId::Nesterov:
        r.param1 = parameterBox(box, defaults.momentum, 0.01, name + QStringLiteral("Momentum"));
        add(tr("momentum μ"), r.param1);
        break;
      case OptimizerId::Rmsprop:
        r.param1 = parameterBox(box, defaults.rho, 0.01, name + QStringLiteral("Rho"));
        add(tr("decay ρ"), r.param1);
        break;
      case OptimizerId::Adam:
        r.param1 = parameterBox(box, defaults.beta1, 0.01, name + QStringLiteral("Beta1"));
        r.param2 = parameterBox(box, defaults.beta2, 0.001, name + QStringLiteral("Beta2"));
        add(tr("β1"), r.param1);
        add(tr("β2"), r.param2);
        break;
      case OptimizerId::Sgd:
        break;
    }
    if (r.param1) {
      params->addStretch(1);
      g->addLayout(params, line++, 1, 1, 3);
    } else {
      delete params;
    }
  }
  return box;
}

QWidget* SurfaceRacePanel::buildLineUpPage() {
  auto* page = new QWidget(this);
  auto* l = new QVBoxLayout(page);
  auto* title =
      new QLabel(tr("SGD on the round bowl from the same start, %1 steps: only the learning "
                    "rate differs.")
                     .arg(kLineUpSteps),
                 page);
  title->setWordWrap(true);
  l->addWidget(title);
  auto* row = new QHBoxLayout;
  for (int i = 0; i < 4; ++i) {
    auto* column = new QVBoxLayout;
    auto* p = new SurfacePlot(page);
    p->setObjectName(QStringLiteral("lineUpPlot%1").arg(i));
    p->setInteractive(false);
    p->setHeightForWidth(true);
    auto* note = new QLabel(page);
    note->setObjectName(QStringLiteral("lineUpNote%1").arg(i));
    note->setWordWrap(true);
    note->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    column->addWidget(p);
    column->addWidget(note);
    column->addStretch(1);
    row->addLayout(column, 1);
    lineUpPlots_.push_back(p);
    lineUpNotes_.push_back(note);
  }
  l->addLayout(row, 1);
  auto* back = new QPushButton(tr("Back to the race"), page);
  back->setObjectName(QStringLiteral("backToRaceButton"));
  connect(back, &QPushButton::clicked, this, &SurfaceRacePanel::showRace);
  auto* bl = new QHBoxLayout;
  bl->addWidget(back);
  bl->addStretch(1);
  l->addLayout(bl);
  return page;
}

QColor SurfaceRacePanel::optimizerColor(OptimizerId id) {
  switch (id) {
    case OptimizerId::Sgd:
      return QColor(0xe4, 0x1a, 0x1c);
    case OptimizerId::Momentum:
      return QColor(0xff, 0x7f, 0x00);
    case OptimizerId::Nesterov:
      return QColor(0x98, 0x4e, 0xa3);
    case OptimizerId::Rmsprop:
      return QColor(0x1b, 0x9e, 0x3a);
    case OptimizerId::Adam:
      return QColor(0x22, 0x22, 0x22);
  }
  return Qt::black;
}

SurfaceRacePanel::Row& SurfaceRacePanel::row(OptimizerId id) {
  return rows_[static_cast<std::size_t>(id)];
}

const SurfaceRacePanel::Row& SurfaceRacePanel::row(OptimizerId id) const {
  return rows_[static_cast<std::size_t>(id)];
}

void SurfaceRacePanel::showLearningRate(Row& r) {
  const QSignalBlocker a(r.slider), b(r.number);
  r.slider->setValue(sliderPosition(r.lr));
  r.number->setValue(r.lr);
}

void SurfaceRacePanel::selectSurface(SurfaceId id) {
  surface_ = &nnplay::surface(id);
  {
    const QSignalBlocker block(surfaceCombo_);
    surfaceCombo_->setCurrentIndex(static_cast<int>(id));
  }
  formula_->setText(qs(surface_->formula));
  plot_->setSurface(*surface_);
  plot_->setCaption(QStringLiteral("%1:  %2").arg(qs(surface_->label), qs(surface_->formula)));
  for (Row& r : rows_) {
    r.lr = defaultLearningRate(*surface_, r.id);
    showLearningRate(r);
  }
  start_ = surface_->start;
  showRace();
  recompute();
}

SurfaceId SurfaceRacePanel::surfaceId() const {
  return surface_->id;
}

void SurfaceRacePanel::setOptimizerEnabled(OptimizerId id, bool on) {
  row(id).enabled->setChecked(on);  // toggled() recomputes
}

bool SurfaceRacePanel::optimizerEnabled(OptimizerId id) const {
  return row(id).enabled->isChecked();
}

void SurfaceRacePanel::setOptimizerSettings(OptimizerId id, const OptimizerSettings& s) {
  Row& r = row(id);
  switch (id) {
    case OptimizerId::Momentum:
    case OptimizerId::Nesterov:
      if (r.param1) r.param1->setValue(s.momentum);
      break;
    case OptimizerId::Rmsprop:
      if (r.param1) r.param1->setValue(s.rho);
      break;
    case OptimizerId::Adam:
      if (r.param1) r.param1->setValue(s.beta1);
      if (r.param2) r.param2->setValue(s.beta2);
      break;
    case OptimizerId::Sgd:
      break;
  }
  setLearningRate(id, s.learningRate);
}

bool SurfaceRacePanel::saveSetup(const QString& path) {
  try {
    saveLabSetup(labSetupOf(*this), path);
    return true;
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Save setup"), QString::fromStdString(e.what()));
    return false;
  }
}

bool SurfaceRacePanel::openSetup(const QString& path) {
  try {
    applyLabSetup(*this, loadLabSetup(path));
    return true;
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Open setup"), QString::fromStdString(e.what()));
    return false;
  }
}

void SurfaceRacePanel::setLearningRate(OptimizerId id, double lr) {
  row(id).number->setValue(lr);  // valueChanged() moves the slider and recomputes
}

double SurfaceRacePanel::learningRate(OptimizerId id) const {
  return row(id).lr;
}

QSlider* SurfaceRacePanel::learningRateSlider(OptimizerId id) const {
  return row(id).slider;
}

void SurfaceRacePanel::moveLearningRateSlider(OptimizerId id, int position) {
  QSlider* s = row(id).slider;
  // A drag: sliderPressed, the moves, sliderReleased; valueChanged on each.
  s->setSliderDown(true);
  s->setSliderPosition(position);
  s->setSliderDown(false);
}

OptimizerSettings SurfaceRacePanel::optimizerSettings(OptimizerId id) const {
  const Row& r = row(id);
  OptimizerSettings s;
  s.id = id;
  s.learningRate = static_cast<float>(r.lr);
  if (id == OptimizerId::Momentum || id == OptimizerId::Nesterov) {
    s.momentum = static_cast<float>(r.param1->value());
  } else if (id == OptimizerId::Rmsprop) {
    s.rho = static_cast<float>(r.param1->value());
  } else if (id == OptimizerId::Adam) {
    s.beta1 = static_cast<float>(r.param1->value());
    s.beta2 = static_cast<float>(r.param2->value());
  }
  return s;
}

void SurfaceRacePanel::setStart(Point2 start) {
  start.x = std::clamp(start.x, surface_->xmin, surface_->xmax);
  start.y = std::clamp(start.y, surface_->ymin, surface_->ymax);
  start_ = start;
  recompute();
}

void SurfaceRacePanel::resetStart() {
  setStart(surface_->start);
}

void SurfaceRacePanel::setSteps(int steps) {
  steps = std::clamp(steps, 1, 1000);
  if (stepsBox_->value() != steps) {
    const QSignalBlocker block(stepsBox_);
    stepsBox_->setValue(steps);
  }
  steps_ = steps;
  recompute();
}

const DescentPath* SurfaceRacePanel::path(OptimizerId id) const {
  for (std::size_t i = 0; i < pathIds_.size(); ++i) {
    if (pathIds_[i] == id) return &paths_[i];
  }
  return nullptr;
}

void SurfaceRacePanel::recompute() {
  paths_.clear();
  pathIds_.clear();
  error_.clear();
  for (const Row& r : rows_) {
    if (!r.enabled->isChecked()) continue;
    try {
      paths_.push_back(descend(*surface_, optimizerSettings(r.id), start_, steps_));
      pathIds_.push_back(r.id);
    } catch (const std::exception& e) {
      error_ = tr("%1: %2").arg(optimizerLabel(r.id), QString::fromUtf8(e.what()));
    }
  }
  ++redraws_;
  errorLabel_->setText(error_);
  errorLabel_->setVisible(!error_.isEmpty());
  if (scatterShown()) {
    scatter_ = ScatterResult();
    plot_->setScatter({});
    scatterLabel_->hide();
  }
  if (followEnd_ || step_ > steps_) step_ = steps_;
  startLabel_->setText(tr("Start %1").arg(pair(start_.x, start_.y)));
  refreshPlotPaths();
  updateStepViews();
  updateInspector();
}

void SurfaceRacePanel::refreshPlotPaths() {
  std::vector<PlotPath> shown;
  shown.reserve(paths_.size());
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    // Beside the scatter only the optimizer it shows.
    if (scatterShown() && pathIds_[i] != scatter_.optimizer) continue;
    shown.push_back({optimizerLabel(pathIds_[i]), optimizerColor(pathIds_[i]), paths_[i]});
  }
  plot_->setStart(start_);
  plot_->setPaths(std::move(shown));
}

void SurfaceRacePanel::updateStepViews() {
  {
    const QSignalBlocker block(stepSlider_);
    stepSlider_->setRange(0, steps_);
    stepSlider_->setValue(step_);
  }
  stepLabel_->setText(tr("step %1 / %2").arg(step_).arg(steps_));
  plot_->setStep(step_);
}

void SurfaceRacePanel::setCurrentStep(int step) {
  step_ = std::clamp(step, 0, steps_);
  followEnd_ = step_ == steps_ && !isPlaying();
  updateStepViews();
  updateInspector();
}

void SurfaceRacePanel::play() {
  if (step_ >= steps_) step_ = 0;
  followEnd_ = false;
  timer_->start();
  playButton_->setText(tr("Pause"));
  updateStepViews();
  updateInspector();
}

void SurfaceRacePanel::pause() {
  timer_->stop();
  playButton_->setText(tr("Play"));
  followEnd_ = step_ == steps_;
}

bool SurfaceRacePanel::isPlaying() const {
  return timer_->isActive();
}

void SurfaceRacePanel::advanceAnimation() {
  // About 200 frames for any number of steps.
  step_ = std::min(steps_, step_ + std::max(1, steps_ / 200));
  updateStepViews();
  updateInspector();
  if (step_ >= steps_) pause();
}

void SurfaceRacePanel::setFocusOptimizer(OptimizerId id) {
  focusCombo_->setCurrentIndex(static_cast<int>(id));
}

OptimizerId SurfaceRacePanel::focusOptimizer() const {
  return static_cast<OptimizerId>(focusCombo_->currentData().toInt());
}

QString SurfaceRacePanel::inspectorText() const {
  return inspector_->toPlainText();
}

void SurfaceRacePanel::updateInspector() {
  const OptimizerId id = focusOptimizer();
  const QString name = optimizerLabel(id);
  const DescentPath* p = path(id);
  if (!p || p->points.empty()) {
    inspector_->setPlainText(tr("%1 is not in the race: tick it to inspect its steps.").arg(name));
    plot_->setArrows({});
    return;
  }
  const auto& pts = p->points;
  const std::size_t t = std::min<std::size_t>(static_cast<std::size_t>(step_), pts.size() - 1);
  QStringList lines;
  if (t == 0) {
    lines << tr("%1 at step 0: the start %2, loss %3.")
                 .arg(name, pair(pts[0].x, pts[0].y), num(pts[0].loss))
          << tr("Move the step slider or press Play to look at a step.");
    if (p->divergedAt) lines << tr("(This path diverged at step %1.)").arg(*p->divergedAt);
    inspector_->setPlainText(lines.join(QLatin1Char('\n')));
    plot_->setArrows({});
    return;
  }
  const PathPoint& a = pts[t - 1];
  const PathPoint& b = pts[t];
  const OptimizerSettings s = optimizerSettings(id);
  lines << tr("%1, step %2 of %3 (learning rate %4)")
               .arg(name)
               .arg(t)
               .arg(steps_)
               .arg(num(s.learningRate));
  if (p->divergedAt && static_cast<std::size_t>(step_) >= pts.size()) {
    lines << tr("The path diverged at step %1; this is its last finite step.").arg(*p->divergedAt);
  }
  lines << tr("from %1, loss %2").arg(pair(a.x, a.y), num(a.loss))
        << tr("gradient g = %1").arg(pair(b.gx, b.gy));
  // The second arrow: the velocity, or Adam's bias-corrected first moment.
  double vx = 0.0, vy = 0.0;
  QString vname;
  QString scaling;
  const double td = static_cast<double>(b.step);
  switch (id) {
    case OptimizerId::Momentum:
      vx = b.state[0][0], vy = b.state[0][1], vname = QStringLiteral("−v");
      lines << tr("velocity v = μ·v + g = %1   (μ = %2)").arg(pair(vx, vy), num(s.momentum))
            << tr("update −lr·v");
      break;
    case OptimizerId::Nesterov:
      vx = b.state[0][0], vy = b.state[0][1], vname = QStringLiteral("−v");
      lines << tr("velocity v = μ·v + g = %1   (μ = %2)").arg(pair(vx, vy), num(s.momentum))
            << tr("update −lr·(g + μ·v): the gradient plus a look ahead along v");
      break;
    case OptimizerId::Rmsprop: {
      const double sx = b.state[0][0], sy = b.state[0][1];
      const double cx = 1.0 / (std::sqrt(sx) + s.epsilon), cy = 1.0 / (std::sqrt(sy) + s.epsilon);
      lines
          << tr("running square s = ρ·s + (1 − ρ)·g² = %1   (ρ = %2)").arg(pair(sx, sy), num(s.rho))
          << tr("per-coordinate scaling 1/(√s + ε): x %1, y %2").arg(num(cx), num(cy))
          << tr("update −lr·g/(√s + ε)");
      scaling = tr("1/(√s+ε):  x %1,  y %2").arg(num(cx), num(cy));
      break;
    }
    case OptimizerId::Adam: {
      const double mx = b.state[0][0], my = b.state[0][1];
      const double sx = b.state[1][0], sy = b.state[1][1];
      const double c1 = 1.0 - std::pow(static_cast<double>(s.beta1), td);
      const double c2 = 1.0 - std::pow(static_cast<double>(s.beta2), td);
      const double hx = sx / c2, hy = sy / c2;
      const double cx = 1.0 / (std::sqrt(hx) + s.epsilon), cy = 1.0 / (std::sqrt(hy) + s.epsilon);
      vx = mx / c1, vy = my / c1, vname = QStringLiteral("−m′");
      lines << tr("m = %1, v = %2   (β1 = %3, β2 = %4, t = %5)")
                   .arg(pair(mx, my), pair(sx, sy), num(s.beta1), num(s.beta2))
                   .arg(b.step)
            << tr("bias-corrected m′ = m/(1 − β1ᵗ) = %1,  v′ = v/(1 − β2ᵗ) = %2")
                   .arg(pair(vx, vy), pair(hx, hy))
            << tr("per-coordinate scaling 1/(√v′ + ε): x %1, y %2").arg(num(cx), num(cy))
            << tr("update −lr·m′/(√v′ + ε)");
      scaling = tr("1/(√v′+ε):  x %1,  y %2").arg(num(cx), num(cy));
      break;
    }
    case OptimizerId::Sgd:
      lines << tr("update −lr·g");
      break;
  }
  lines << tr("step taken %1, now at %2, loss %3")
               .arg(pair(b.x - a.x, b.y - a.y), pair(b.x, b.y), num(b.loss));

  const double span = std::min(surface_->xmax - surface_->xmin, surface_->ymax - surface_->ymin);
  const double longest = std::max(std::hypot(b.gx, b.gy), std::hypot(vx, vy));
  const double k = niceFloor(0.25 * span / std::max(longest, 1e-12));
  std::vector<PlotArrow> arrows;
  const Point2 from{a.x, a.y};
  arrows.push_back({from, {-k * b.gx, -k * b.gy}, QColor(0xb2, 0x18, 0x2b), QStringLiteral("−g")});
  QString note = tr("%1, step %2: −g").arg(name).arg(t);
  if (!vname.isEmpty()) {
    arrows.push_back({from, {-k * vx, -k * vy}, QColor(0x21, 0x66, 0xac), vname});
    note += QStringLiteral(" and ") + vname;
  }
  arrows.push_back({from, {b.x - a.x, b.y - a.y}, QColor(0x11, 0x11, 0x11), tr("step")});
  note += tr(" drawn ×%1; the step as taken").arg(num(k));
  lines << tr("arrows: %1 drawn ×%2 (to be visible); the black arrow is the step as taken")
               .arg(vname.isEmpty() ? QStringLiteral("−g") : QStringLiteral("−g and ") + vname)
               .arg(num(k));
  if (!scaling.isEmpty()) note += QLatin1Char('\n') + scaling;
  inspector_->setPlainText(lines.join(QLatin1Char('\n')));
  plot_->setArrows(std::move(arrows), note);
}

const SurfaceRacePanel::ScatterResult& SurfaceRacePanel::runScatter() {
  if (surface_->id != SurfaceId::Minima) selectSurface(SurfaceId::Minima);
  showRace();
  const SurfaceInfo& s = *surface_;
  ScatterResult r;
  r.optimizer = focusOptimizer();
  r.counts.assign(s.minima.size(), 0);
  const OptimizerSettings settings = optimizerSettings(r.optimizer);
  const int n = kScatterGrid;
  try {
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < n; ++i) {
        // Cell centres: no start on the border, where its dot would be cut.
        const Point2 start{s.xmin + (s.xmax - s.xmin) * (i + 0.5) / n,
                           s.ymin + (s.ymax - s.ymin) * (j + 0.5) / n};
        const int k = reachedMinimum(s, descend(s, settings, start, kScatterSteps));
        r.dots.push_back({start, k});
        if (k >= 0)
          ++r.counts[static_cast<std::size_t>(k)];
        else
          ++r.none;
      }
    }
  } catch (const std::exception& e) {
    errorLabel_->setText(QString::fromUtf8(e.what()));
    errorLabel_->show();
    return scatter_;
  }
  QStringList parts;
  for (std::size_t k = 0; k < s.minima.size(); ++k) {
    parts << tr("%1 %2: %3")
                 .arg(minimumName(static_cast<int>(k)), pair(s.minima[k].x, s.minima[k].y))
                 .arg(r.counts[k]);
  }
  parts << tr("none: %1").arg(r.none);
  r.summary = tr("%1 (learning rate %2), %3 steps from %4 starts: ")
                  .arg(optimizerLabel(r.optimizer), num(settings.learningRate))
                  .arg(kScatterSteps)
                  .arg(n * n) +
              parts.join(QStringLiteral(" · "));
  scatter_ = std::move(r);
  plot_->setScatter(scatter_.dots);
  scatterLabel_->setText(scatter_.summary);
  scatterLabel_->show();
  refreshPlotPaths();
  return scatter_;
}

QString SurfaceRacePanel::lineUpOutcome(const DescentPath& path) {
  const auto& pts = path.points;
  // On the bowl each SGD step multiplies x and y by 1 − 2·lr: read it off the path.
  const double factor = pts.size() > 1 && pts[0].x != 0.0 ? pts[1].x / pts[0].x : 1.0;
  const QString map = tr("x ↦ %1·x a step").arg(num(factor));
  if (path.divergedAt) {
    return tr("Each step lands farther out on the other side (%1): the path leaves the plot "
              "and diverges at step %2.")
        .arg(map)
        .arg(*path.divergedAt);
  }
  int settled = -1;
  for (const PathPoint& q : pts) {
    if (q.loss < 1e-4) {
      settled = q.step;
      break;
    }
  }
  const double d = std::hypot(pts.back().x, pts.back().y);
  if (settled < 0) {
    return tr("Creeps (%1): still %2 from the minimum after %3 steps.")
        .arg(map, num(d))
        .arg(pts.back().step);
  }
  if (factor < 0) {
    return tr("Jumps across the minimum every step (%1) and zig-zags in: loss below 10⁻⁴ from "
              "step %2.")
        .arg(map)
        .arg(settled);
  }
  return tr("Straight in (%1): loss below 10⁻⁴ from step %2.").arg(map).arg(settled);
}

const std::vector<SurfaceRacePanel::LineUpRun>& SurfaceRacePanel::showLineUp() {
  pause();
  // Checked with descend(): 0.005 is still far from the minimum after the
  // steps, 0.1 arrives, 0.95 overshoots to and fro (factor −0.9 a step) but
  // settles, 1.05 grows by 1.1 a step and diverges (engine: step 141).
  struct Pick {
    const char* caption;
    double lr;
  };
  static constexpr Pick kPicks[] = {
      {QT_TR_NOOP("too small"), 0.005},
      {QT_TR_NOOP("good"), 0.1},
      {QT_TR_NOOP("too large"), 0.95},
      {QT_TR_NOOP("diverging"), 1.05},
  };
  const SurfaceInfo& bowl = nnplay::surface(SurfaceId::Bowl);
  lineUp_.clear();
  for (std::size_t i = 0; i < std::size(kPicks); ++i) {
    OptimizerSettings s;
    s.id = OptimizerId::Sgd;
    s.learningRate = static_cast<float>(kPicks[i].lr);
    LineUpRun run{
        tr(kPicks[i].caption), kPicks[i].lr, descend(bowl, s, bowl.start, kLineUpSteps), {}};
    SurfacePlot* p = lineUpPlots_[i];
    p->setSurface(bowl);
    p->setStart(bowl.start);
    p->setStep(kLineUpSteps);
    const QString label = tr("lr %1").arg(num(run.learningRate));
    const PathPoint& end = run.path.points.back();
    p->setCaption(run.path.divergedAt
                      ? tr("%1: %2").arg(run.caption, label)
                      : tr("%1: %2, loss %3").arg(run.caption, label, shortNumber(end.loss)));
    p->setPaths({{label, optimizerColor(OptimizerId::Sgd), run.path}});
    run.outcome = lineUpOutcome(run.path);
    lineUpNotes_[i]->setText(run.outcome);
    lineUp_.push_back(std::move(run));
  }
  pages_->setCurrentIndex(1);
  return lineUp_;
}

bool SurfaceRacePanel::lineUpShown() const {
  return pages_->currentIndex() == 1;
}

void SurfaceRacePanel::showRace() {
  pages_->setCurrentIndex(0);
}

QImage SurfaceRacePanel::exportImage() const {
  if (!lineUpShown()) return plot_->renderImage(QSize(960, 640));
  // The four plots side by side, each with its sentence under it.
  const QSize each(320, 340);
  const int noteH = 80;
  QImage img(each.width() * static_cast<int>(lineUpPlots_.size()), each.height() + noteH,
             QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  QPainter p(&img);
  p.setFont(plotFont(font()));
  p.setPen(QColor(0x30, 0x30, 0x30));
  for (std::size_t i = 0; i < lineUpPlots_.size(); ++i) {
    const int x = static_cast<int>(i) * each.width();
    p.drawImage(QPoint(x, 0), lineUpPlots_[i]->renderImage(each));
    if (i < lineUp_.size()) {
      p.drawText(QRect(x + 8, each.height(), each.width() - 16, noteH),
                 Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, lineUp_[i].outcome);
    }
  }
  return img;
}

bool SurfaceRacePanel::exportPng(const QString& file) const {
  return exportImage().save(file, "PNG");
}

void SurfaceRacePanel::exportClicked() {
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Export PNG"),
      lineUpShown() ? QStringLiteral("learning_rates.png")
                    : QStringLiteral("descent_%1.png").arg(qs(surface_->name)),
      tr("PNG images (*.png)"));
  if (file.isEmpty()) return;
  if (!exportPng(file)) {
    QMessageBox::warning(this, tr("Export PNG"), tr("Could not write %1.").arg(file));
  }
}

}  // namespace nnplay::gui
