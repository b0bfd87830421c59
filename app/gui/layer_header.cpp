#include "layer_header.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>
#include <array>
#include <cmath>

#include "code_control.hpp"
#include "nnplay/activation.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

constexpr std::array kDropoutRates = {0.0f, 0.1f, 0.2f, 0.3f, 0.5f};

QString dropoutText(float rate) {
  return QStringLiteral("drop %1").arg(static_cast<double>(rate));
}

QToolButton* smallButton(const QString& text, QWidget* parent) {
  auto* b = new QToolButton(parent);
  b->setText(text);
  b->setAutoRaise(false);
  b->setFixedSize(22, 22);
  return b;
}

}  // namespace

LayerHeader::LayerHeader(QWidget* parent)
    : QWidget(parent),
      add_(smallButton(QStringLiteral("+"), this)),
      remove_(smallButton(QStringLiteral("\u2212"), this)),
      units_(new QLabel(this)),
      activation_(new QComboBox(this)),
      dropout_(new QComboBox(this)),
      batchNorm_(new QCheckBox(QStringLiteral("BN"), this)),
      bias_(new QCheckBox(QStringLiteral("b"), this)) {
  fitToText();
  // Compact controls, as in TF Playground: eight columns must fit a laptop screen.
  // (A multiple of the window's text, so that presentation mode scales it.)
  followParentFont(this, 0.9);
  // The longest activation label ("Leaky ReLU (0.01)") must not widen the
  // column; the popup still shows it whole.
  activation_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  activation_->setMinimumContentsLength(6);
  dropout_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  dropout_->setMinimumContentsLength(4);
  for (float r : kDropoutRates) dropout_->addItem(dropoutText(r), r);
  dropout_->setToolTip(
      tr("Dropout: the share of this layer's neurons switched off at random "
         "in each training step (never when predicting)"));
  batchNorm_->setToolTip(
      tr("Batch normalization before the activation (replaces the bias "
         "with batch norm's beta and gamma)"));
  activation_->setToolTip(tr("Activation function of this layer"));
  bias_->setToolTip(
      tr("The layer's bias b in z = x·W + b. Without it, a constant input (the "
         "feature 1) can do its job."));

  auto* top = new QHBoxLayout;
  top->setContentsMargins(0, 0, 0, 0);
  top->setSpacing(2);
  top->addWidget(add_);
  top->addWidget(remove_);
  top->addWidget(units_, 1);
  auto* bottom = new QHBoxLayout;
  bottom->setContentsMargins(0, 0, 0, 0);
  bottom->setSpacing(2);
  bottom->addWidget(dropout_, 1);
  bottom->addWidget(batchNorm_);
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(3);
  v->addLayout(top);
  // The bias beside the activation: z = x·W + b, then f(z).
  auto* middle = new QHBoxLayout;
  middle->setContentsMargins(0, 0, 0, 0);
  middle->setSpacing(2);
  middle->addWidget(activation_, 1);
  middle->addWidget(bias_);
  v->addLayout(middle);
  v->addLayout(bottom);
  v->addStretch(1);

  resync_.setSingleShot(true);
  resync_.setInterval(1000);
  connect(&resync_, &QTimer::timeout, this, [this] { showValues(layer_); });
  connect(add_, &QToolButton::clicked, this, [this] { emit addNeuronRequested(index_); });
  connect(remove_, &QToolButton::clicked, this, [this] { emit removeNeuronRequested(index_); });
  connect(activation_, &QComboBox::activated, this, [this](int i) {
    const auto id = static_cast<ActivationId>(activation_->itemData(i).toInt());
    if (id == layer_.activation) return;
    requested();
    emit activationChangeRequested(index_, id);
  });
  connect(dropout_, &QComboBox::activated, this, [this](int i) {
    const float rate = dropout_->itemData(i).toFloat();
    if (rate == layer_.dropout) return;
    requested();
    emit dropoutChangeRequested(index_, rate);
  });
  connect(batchNorm_, &QCheckBox::toggled, this, [this](bool on) {
    requested();
    emit batchNormChangeRequested(index_, on);
  });
  connect(bias_, &QCheckBox::toggled, this, [this](bool on) {
    requested();
    emit biasChangeRequested(index_, on);
  });
}

int LayerHeader::scaledWidth() {
  // The label and the combo boxes grow with the text, the frames and gaps
  // between them do not: 70 % of the text's growth is enough for "32
  // neurons" and keeps three layers' full headers in the view.
  return static_cast<int>(std::lround(kWidth * (1.0 + 0.7 * (presentationScale() - 1.0))));
}

void LayerHeader::fitToText() {
  setFixedWidth(scaledWidth());
  const int side = static_cast<int>(std::lround(22 * presentationScale()));
  add_->setFixedSize(side, side);
  remove_->setFixedSize(side, side);
}

void LayerHeader::changeEvent(QEvent* e) {
  QWidget::changeEvent(e);
  if (e->type() == QEvent::FontChange) fitToText();
}

void LayerHeader::fillActivations(bool output) {
  if (activationsFor_ == static_cast<int>(output)) return;
  activationsFor_ = static_cast<int>(output);
  activation_->clear();
  for (const ActivationInfo& a : activations()) {
    if (a.rowWise && !output) continue;  // softmax is for the output layer only
    QString label = qs(a.label);
    // Only the output list has Softmax: "(output only)" would just be cut off.
    label.remove(QStringLiteral(" (output only)"));
    activation_->addItem(label, static_cast<int>(a.id));
  }
}

void LayerHeader::setLayer(int index, int count, const LayerSpec& layer) {
  const bool output = index == count - 1;
  const QString n = QString::number(index);
  // The person counts hidden layers from 1, as in "2 hidden layers".
  const QString name = output ? tr("the output layer") : tr("hidden layer %1").arg(index + 1);
  index_ = index;
  add_->setObjectName(QStringLiteral("addNeuronButton_") + n);
  remove_->setObjectName(QStringLiteral("removeNeuronButton_") + n);
  activation_->setObjectName(QStringLiteral("activationCombo_") + n);
  dropout_->setObjectName(QStringLiteral("dropoutCombo_") + n);
  batchNorm_->setObjectName(QStringLiteral("batchNormCheck_") + n);
  bias_->setObjectName(QStringLiteral("biasCheck_") + n);
  // The code lines of this layer: the header as a whole (units, +/−) is its
  // Dense / Linear line, the controls their own arguments or lines.
  setCodeControl(this, "layers", index);
  setCodeControl(activation_, "activation", index);
  setCodeControl(dropout_, "dropout", index);
  setCodeControl(batchNorm_, "batch_norm", index);
  setCodeControl(bias_, "layers", index);
  fillActivations(output);
  activation_->setToolTip(tr("Activation function of %1").arg(name));

  units_->setText(layer.units == 1 ? tr("1 neuron") : tr("%1 neurons").arg(layer.units));
  units_->setToolTip(output ? tr("The output layer: its width is set by the data (classes or "
                                 "targets)")
                            : tr("Neurons in %1").arg(name));
  add_->setVisible(!output);
  remove_->setVisible(!output);
  add_->setEnabled(layer.units < kMaxUnits);
  remove_->setEnabled(layer.units > 1);
  add_->setToolTip(tr("Add a neuron to %1").arg(name));
  remove_->setToolTip(tr("Remove a neuron from %1").arg(name));

  dropout_->setVisible(!output);
  batchNorm_->setVisible(!output);
  showValues(layer);
}

void LayerHeader::showValues(const LayerSpec& layer) {
  layer_ = layer;
  const QSignalBlocker b1(activation_), b2(dropout_), b3(batchNorm_), b4(bias_);
  // -1 (blank) only for an invalid spec, such as softmax on a hidden layer.
  activation_->setCurrentIndex(activation_->findData(static_cast<int>(layer.activation)));
  int d = -1;
  for (int i = 0; i < dropout_->count(); ++i) {
    if (std::abs(dropout_->itemData(i).toFloat() - layer.dropout) < 1e-6f) d = i;
  }
  if (d < 0) {  // a rate from a file that the list does not offer: show it anyway
    dropout_->addItem(dropoutText(layer.dropout), layer.dropout);
    d = dropout_->count() - 1;
  }
  dropout_->setCurrentIndex(d);
  batchNorm_->setChecked(layer.batchNorm);
  bias_->setChecked(layer.bias && !layer.batchNorm);
  // Batch norm's β is the bias then.
  bias_->setEnabled(!layer.batchNorm);
}

}  // namespace nnplay::gui
