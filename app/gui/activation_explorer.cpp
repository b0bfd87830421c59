#include "activation_explorer.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "chart_style.hpp"
#include "colors.hpp"
#include "plot_axes.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

constexpr int kSteps = 200;  // 201 points, 0.05 apart: z = 0 is one of them
const QColor kHistogramColor{0x9e, 0x9e, 0x9e};

QFont sized(QFont f, double points, bool bold = false) {
  f.setPointSizeF(points);
  f.setBold(bold);
  return f;
}

// Whether each end of f's range is attained (closed bracket); an infinite end
// is always open. Indexed by ActivationId.
struct RangeEnds {
  bool loClosed;
  bool hiClosed;
};
constexpr RangeEnds kRangeEnds[] = {
    {false, false},  // linear (−∞, ∞)
    {false, false},  // sigmoid (0, 1)
    {false, false},  // tanh (−1, 1)
    {true, false},   // relu [0, ∞)
    {false, false},  // leaky relu (−∞, ∞)
    {false, false},  // elu (−1, ∞)
    {true, false},   // gelu [≈−0.17, ∞): its minimum is attained
    {true, false},   // swish [≈−0.28, ∞)
    {false, false},  // softplus (0, ∞)
    {true, true},    // binary step: only 0 and 1, written {0, 1}
    {false, false},  // softmax (0, 1)
};
static_assert(std::size(kRangeEnds) == static_cast<std::size_t>(ActivationId::Softmax) + 1);

QString boundText(float v) {
  if (std::isinf(v)) return v < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
  return QString::number(static_cast<double>(v), 'g', 3).replace(QLatin1Char('-'), QChar(0x2212));
}

// Sets a dynamic-tick axis to [lo, hi] at round spacing, lowering the tick
// count first so no step ever lays out thousands of ticks.
void setAxis(QValueAxis* axis, double lo, double hi, int target) {
  const double step = niceStep(lo, hi, target);
  if (step > axis->tickInterval()) {
    axis->setTickInterval(step);
    axis->setRange(lo, hi);
  } else {
    axis->setRange(lo, hi);
    axis->setTickInterval(step);
  }
}

QValueAxis* makeAxis(const QString& title, const QString& format, const QFont& base) {
  auto* a = new QValueAxis;
  a->setRange(0.0, 1.0);
  a->setTickAnchor(0.0);
  a->setTickInterval(0.5);
  a->setTickType(QValueAxis::TicksDynamic);
  a->setLabelFormat(format);
  a->setTitleText(title);
  a->setLabelsFont(sized(base, 7.0));
  a->setTitleFont(sized(base, 7.5));
  a->setGridLineColor(QColor(0xe6, 0xe6, 0xe6));
  return a;
}

QLineSeries* makeSeries(const QString& name, const QColor& color, Qt::PenStyle style) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setPen(QPen(color, 2.0, style));
  s->setUseOpenGL(false);
  return s;
}

}  // namespace

ActivationExplorer::ActivationExplorer(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  const QFont base = font();

  layerCombo_ = new QComboBox(this);
  layerCombo_->setObjectName(QStringLiteral("layerCombo"));
  layerCombo_->setToolTip(tr("The layer whose pre-activations z the histogram shows"));
  layerCaption_ = new QLabel(tr("Layer"), this);
  activationCombo_ = new QComboBox(this);
  activationCombo_->setObjectName(QStringLiteral("activationCombo"));
  activationCombo_->setToolTip(tr("The activation whose f and f′ are drawn"));
  for (const ActivationInfo& info : activations()) {
    activationCombo_->addItem(qs(info.label), static_cast<int>(info.id));
  }
  auto* row = new QHBoxLayout;
  row->setContentsMargins(4, 0, 4, 0);
  row->addWidget(layerCaption_);
  row->addWidget(layerCombo_, 1);
  row->addSpacing(8);
  row->addWidget(new QLabel(tr("Activation"), this));
  row->addWidget(activationCombo_, 1);
  layout->addLayout(row);

  chart_ = new QChart;
  chart_->setTitleFont(sized(base, 8.5, true));
  chart_->setMargins(QMargins(2, 0, 4, 2));
  chart_->layout()->setContentsMargins(0, 0, 0, 0);
  chart_->setBackgroundRoundness(0);
  chart_->setAnimationOptions(QChart::NoAnimation);
  chart_->legend()->setAlignment(Qt::AlignTop);
  chart_->legend()->setFont(sized(base, 7.5));
  chart_->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

  // The histogram first, so the curves are drawn over it.
  histUpper_ = new QLineSeries;
  histArea_ = new QAreaSeries(histUpper_);
  histUpper_->setParent(histArea_);  // the area series uses it but does not own it
  histArea_->setName(tr("layer's z"));
  QColor fill = kHistogramColor;
  fill.setAlpha(90);
  histArea_->setBrush(fill);
  histArea_->setPen(QPen(kHistogramColor, 1.0));
  histArea_->setUseOpenGL(false);
  chart_->addSeries(histArea_);
  // From its series an area's marker elides its label ("layer..."); a plain box does not.
  for (QLegendMarker* m : chart_->legend()->markers(histArea_)) {
    m->setShape(QLegend::MarkerShapeRectangle);
  }
  fSeries_ = makeSeries(tr("f(z)"), kPositive, Qt::SolidLine);
  dfSeries_ = makeSeries(tr("f′(z)"), kNegative, Qt::DashLine);
  chart_->addSeries(fSeries_);
  chart_->addSeries(dfSeries_);

  zAxis_ = makeAxis(tr("z"), QStringLiteral("%.0f"), base);
  setAxis(zAxis_, kZMin, kZMax, 10);
  fAxis_ = makeAxis(tr("f(z), f′(z)"), QStringLiteral("%.2g"), base);
  countAxis_ = makeAxis(tr("values per bin"), QStringLiteral("%.0f"), base);
  countAxis_->setGridLineVisible(false);
  chart_->addAxis(zAxis_, Qt::AlignBottom);
  chart_->addAxis(fAxis_, Qt::AlignLeft);
  chart_->addAxis(countAxis_, Qt::AlignRight);
  histArea_->attachAxis(zAxis_);
  histArea_->attachAxis(countAxis_);
  for (QLineSeries* s : {fSeries_, dfSeries_}) {
    s->attachAxis(zAxis_);
    s->attachAxis(fAxis_);
  }

  view_ = new QChartView(chart_, this);
  view_->setObjectName(QStringLiteral("activationChartView"));
  view_->setRenderHint(QPainter::Antialiasing, true);
  view_->setMinimumSize(320, 220);
  view_->setFrameShape(QFrame::NoFrame);
  view_->setToolTip(
      tr("f (blue) and its derivative f′ (orange, dashed) over z; grey: how the layer's "
         "pre-activations z are spread"));
  layout->addWidget(view_, 1);

  rangeLabel_ = new QLabel(this);
  rangeLabel_->setObjectName(QStringLiteral("rangeLabel"));
  noteLabel_ = new QLabel(this);
  noteLabel_->setObjectName(QStringLiteral("noteLabel"));
  noteLabel_->setStyleSheet("color: #666;");
  summaryLabel_ = new QLabel(this);
  summaryLabel_->setObjectName(QStringLiteral("summaryLabel"));
  summaryLabel_->setToolTip(
      tr("Dead: zero on every sample, so it never learns again; saturated: |f′| < 0.01 on most "
         "samples, so it learns very slowly"));
  for (QLabel* l : {rangeLabel_, noteLabel_, summaryLabel_}) {
    l->setWordWrap(true);
    l->setContentsMargins(4, 0, 4, 0);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(l);
  }

  connect(layerCombo_, &QComboBox::currentIndexChanged, this, &ActivationExplorer::setLayer);
  connect(activationCombo_, &QComboBox::currentIndexChanged, this, [this](int index) {
    setActivation(static_cast<ActivationId>(activationCombo_->itemData(index).toInt()));
  });

  setLayers({});
  setActivation(activation_);
  styleChart(chart_, font(), logicalDpiY());
}

void ActivationExplorer::changeEvent(QEvent* e) {
  QWidget::changeEvent(e);
  if (e->type() == QEvent::FontChange) styleChart(chart_, font(), logicalDpiY());
}

void ActivationExplorer::setLayers(std::vector<LayerPreActivations> layers) {
  const int old = layer_;
  const bool hadOld = old >= 0 && old < static_cast<int>(layers_.size());
  const ActivationId oldActivation = hadOld ? layers_[old].activation : activation_;
  layers_ = std::move(layers);
  const int n = static_cast<int>(layers_.size());
  layer_ = n == 0 ? -1 : (old >= 0 && old < n ? old : 0);
  {
    const QSignalBlocker block(layerCombo_);
    layerCombo_->clear();
    for (const LayerPreActivations& l : layers_) layerCombo_->addItem(l.label);
    layerCombo_->setCurrentIndex(layer_);
  }
  layerCombo_->setVisible(n > 0);
  layerCaption_->setVisible(n > 0);
  // A new layer shows its activation; the same one keeps what the person chose.
  if (layer_ >= 0 && (!hadOld || old != layer_ || oldActivation != layers_[layer_].activation)) {
    setActivation(layers_[layer_].activation);
  }
  updateHistogram();
  updateTexts();
}

void ActivationExplorer::setLayer(int index) {
  if (index < 0 || index >= static_cast<int>(layers_.size())) return;
  layer_ = index;
  {
    const QSignalBlocker block(layerCombo_);
    layerCombo_->setCurrentIndex(index);
  }
  setActivation(layers_[index].activation);
  updateHistogram();
  updateTexts();
}

void ActivationExplorer::setActivation(ActivationId id) {
  activation_ = id;
  {
    const QSignalBlocker block(activationCombo_);
    activationCombo_->setCurrentIndex(activationCombo_->findData(static_cast<int>(id)));
  }
  updateCurves();
  updateTexts();
}

void ActivationExplorer::updateCurves() {
  const ActivationInfo& info = nnplay::activation(activation_);
  constexpr std::size_t n = kSteps + 1;
  // Softmax: rows [z, 0], and da = [1, 0] picks d a0 / d z0 out of the
  // Jacobian-vector product. Everything else: one value a row, da = 1.
  const std::size_t cols = info.rowWise ? 2 : 1;
  std::vector<float> z(n * cols, 0.0f), a(n * cols), da(n * cols, 0.0f), dz(n * cols);
  for (std::size_t i = 0; i < n; ++i) {
    z[i * cols] = static_cast<float>(kZMin + (kZMax - kZMin) * static_cast<double>(i) / kSteps);
    da[i * cols] = 1.0f;
  }
  info.forward(z.data(), a.data(), z.size(), cols);
  info.backward(z.data(), a.data(), da.data(), dz.data(), z.size(), cols);

  f_.clear();
  df_.clear();
  double lo = 0.0, hi = 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = z[i * cols];
    f_.emplace_back(x, a[i * cols]);
    df_.emplace_back(x, dz[i * cols]);
    lo = std::min({lo, f_.back().y(), df_.back().y()});
    hi = std::max({hi, f_.back().y(), df_.back().y()});
  }
  const double pad = 0.06 * (hi - lo);
  setAxis(fAxis_, lo - pad, hi + pad, 6);
  fSeries_->replace(QList<QPointF>(f_.begin(), f_.end()));
  dfSeries_->replace(QList<QPointF>(df_.begin(), df_.end()));
  chart_->setTitle(tr("%1: f and f′").arg(qs(info.label)));
}

void ActivationExplorer::updateHistogram() {
  std::fill(counts_.begin(), counts_.end(), 0);
  clipped_ = 0;
  const double width = (kZMax - kZMin) / kBins;
  if (layer_ >= 0) {
    for (float v : layers_[static_cast<std::size_t>(layer_)].values) {
      if (std::isnan(v)) continue;
      if (v < kZMin || v > kZMax) ++clipped_;
      const double bin = std::floor((static_cast<double>(v) - kZMin) / width);
      ++counts_[static_cast<std::size_t>(std::clamp(bin, 0.0, kBins - 1.0))];
    }
  }
  QList<QPointF> steps;
  steps.reserve(2 * kBins + 2);
  steps.append(QPointF(kZMin, 0.0));
  for (int i = 0; i < kBins; ++i) {
    const double c = counts_[static_cast<std::size_t>(i)];
    steps.append(QPointF(kZMin + i * width, c));
    steps.append(QPointF(kZMin + (i + 1) * width, c));
  }
  steps.append(QPointF(kZMax, 0.0));
  histUpper_->replace(steps);

  const bool show = layer_ >= 0;
  const int most = *std::max_element(counts_.begin(), counts_.end());
  setAxis(countAxis_, 0.0, std::max(1.0, most * 1.1), 5);
  histArea_->setVisible(show);
  countAxis_->setVisible(show);
  for (QLegendMarker* m : chart_->legend()->markers(histArea_)) m->setVisible(show);
}

QString ActivationExplorer::rangeText() const {
  const ActivationInfo& info = nnplay::activation(activation_);
  if (info.straightThrough) return tr("range {0, 1}: only the two values");
  const RangeEnds ends = kRangeEnds[static_cast<std::size_t>(activation_)];
  const bool loClosed = ends.loClosed && !std::isinf(info.lo);
  const bool hiClosed = ends.hiClosed && !std::isinf(info.hi);
  QString s = tr("range %1%2, %3%4")
                  .arg(loClosed ? QLatin1Char('[') : QLatin1Char('('))
                  .arg(boundText(info.lo), boundText(info.hi))
                  .arg(hiClosed ? QLatin1Char(']') : QLatin1Char(')'));
  if (info.rowWise) s += tr(", and each row sums to 1");
  return s;
}

QString ActivationExplorer::noteText() const {
  const ActivationInfo& info = nnplay::activation(activation_);
  QStringList notes;
  if (info.rowWise) {
    notes << tr(
        "Softmax works on a whole row: shown is the first component of softmax([z, 0]) "
        "and its derivative with respect to z.");
  }
  if (info.straightThrough) {
    notes << tr("Trains with f′ taken as 1: the straight-through estimator (the true f′ is 0).");
  }
  if (clipped_ > 0) {
    notes << (clipped_ == 1
                  ? tr("1 value outside [−5, 5] counted in an edge bin.")
                  : tr("%1 values outside [−5, 5] counted in the edge bins.").arg(clipped_));
  }
  return notes.join(QLatin1Char('\n'));
}

QString ActivationExplorer::summaryText() const {
  if (layer_ < 0) return {};
  const LayerPreActivations& l = layers_[static_cast<std::size_t>(layer_)];
  // "Hidden layer 2 (ReLU, 8 units)" -> "Hidden layer 2": the rest is said below.
  QString name = l.label;
  if (const qsizetype cut = name.indexOf(QStringLiteral(" (")); cut > 0) name.truncate(cut);
  const auto percent = [](double share) { return std::lround(share * 100.0); };
  if (l.units <= 0) {
    return tr("%1: %2 % of units dead, %3 % saturated")
        .arg(name)
        .arg(percent(l.deadShare))
        .arg(percent(l.saturatedShare));
  }
  const long dead = std::lround(l.deadShare * l.units);
  const long saturated = std::lround(l.saturatedShare * l.units);
  QString s = tr("%1: %2 of %3 units dead (%4 %), %5 saturated")
                  .arg(name)
                  .arg(dead)
                  .arg(l.units)
                  .arg(percent(l.deadShare))
                  .arg(saturated);
  if (saturated > 0) s += tr(" (%1 %)").arg(percent(l.saturatedShare));
  return s;
}

void ActivationExplorer::updateTexts() {
  rangeLabel_->setText(rangeText());
  const QString note = noteText();
  noteLabel_->setText(note);
  noteLabel_->setVisible(!note.isEmpty());
  const QString summary = summaryText();
  summaryLabel_->setText(summary);
  summaryLabel_->setVisible(!summary.isEmpty());
}

}  // namespace nnplay::gui
