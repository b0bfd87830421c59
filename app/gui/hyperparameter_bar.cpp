#include "hyperparameter_bar.hpp"

#include <QAbstractItemView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <array>
#include <cmath>

#include "code_control.hpp"
#include "early_stopping_control.hpp"
#include "edit_command.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/generators.hpp"
#include "playground_model.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"
#include "schedule_control.hpp"

namespace nnplay::gui {
namespace {

QString number(double v) {
  return QString::number(v, 'g', 6);
}

QWidget* labelled(const QString& label, QWidget* w) {
  auto* box = new QWidget;
  // Named after its control ("lossComboBox"): a lesson hides the caption with it.
  if (!w->objectName().isEmpty()) box->setObjectName(w->objectName() + "Box");
  auto* l = new QVBoxLayout(box);
  l->setContentsMargins(0, 0, 0, 0);
  l->setSpacing(1);
  auto* caption = new QLabel(label);
  caption->setStyleSheet("color: #666;");
  followParentFont(caption, kSmallText);
  l->addWidget(caption);
  l->addWidget(w);
  // Each control only as wide as it needs; the bar's last column takes the rest.
  box->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);
  w->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
  return box;
}

QComboBox* editableNumbers(const QList<double>& presets, const QString& name) {
  auto* c = new QComboBox;
  c->setObjectName(name);
  c->setEditable(true);
  c->setInsertPolicy(QComboBox::NoInsert);
  auto* v = new QDoubleValidator(0.0, 1000.0, 8, c);
  v->setNotation(QDoubleValidator::ScientificNotation);
  c->setValidator(v);
  for (double p : presets) c->addItem(number(p), p);
  c->setMinimumContentsLength(7);
  return c;
}

enum Regularization { kNone = 0, kL1 = 1, kL2 = 2 };

}  // namespace

HyperparameterBar::HyperparameterBar(PlaygroundModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  // Three rows that fill left to right: the optimization (rate, schedule,
  // optimizer), what is minimized and when to stop, then the run's setup.
  auto* rows = new QVBoxLayout(this);
  rows->setContentsMargins(6, 2, 6, 2);
  rows->setSpacing(2);
  struct Placer {
    std::array<QHBoxLayout*, 3> lines;
    std::array<int, 2> widths = {4, 5};  // controls in the first and second row
    int placed = 0;
    void addWidget(QWidget* w) {
      const int row = placed < widths[0] ? 0 : (placed < widths[0] + widths[1] ? 1 : 2);
      lines[static_cast<std::size_t>(row)]->addWidget(w);
      ++placed;
    }
    void addStretch(int s) {
      for (QHBoxLayout* l : lines) l->addStretch(s);
    }
  } placer{{new QHBoxLayout, new QHBoxLayout, new QHBoxLayout}};
  for (QHBoxLayout* r : placer.lines) {
    r->setSpacing(10);
    rows->addLayout(r);
  }
  Placer* row = &placer;

  learningRate_ = editableNumbers({0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10},
                                  "learningRateCombo");
  learningRate_->setToolTip(
      tr("Learning rate: how far each step moves the weights. Pick a preset or type any value."));
  onNumberEntered(learningRate_, false, [this](double v) {
    model_.updateTraining(
        [v](TrainingSettings& t) { t.optimizer.learningRate = static_cast<float>(v); },
        tr("Learning rate %1").arg(number(v)), kMergeLearningRate);
  });
  setCodeControl(learningRate_, "learning_rate");
  row->addWidget(labelled(tr("Learning rate"), learningRate_));

  schedule_ = new ScheduleControl(model_);
  row->addWidget(schedule_);  // with its own caption: the rate it gives now

  optimizer_ = new QComboBox;
  optimizer_->setObjectName("optimizerCombo");
  for (const OptimizerInfo& o : optimizers())
    optimizer_->addItem(qs(o.label), static_cast<int>(o.id));
  optimizer_->setToolTip(
      tr("How the gradient becomes a step: plain SGD, with momentum, Nesterov momentum, RMSprop or "
         "Adam"));
  connect(optimizer_, &QComboBox::activated, this, [this](int i) {
    const auto id = static_cast<OptimizerId>(optimizer_->itemData(i).toInt());
    model_.updateTraining([id](TrainingSettings& t) { t.optimizer.id = id; },
                          tr("Optimizer: %1").arg(optimizer_->itemText(i)), kMergeNone);
  });
  setCodeControl(optimizer_, "optimizer");
  row->addWidget(labelled(tr("Optimizer"), optimizer_));

  auto spin = [](double lo, double hi, double step, int decimals, const QString& name,
                 const QString& tip) {
    auto* s = new QDoubleSpinBox;
    s->setObjectName(name);
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setKeyboardTracking(false);
    s->setToolTip(tip);
    return s;
  };
  momentum_ = spin(0, 0.999, 0.05, 3, "momentumSpin",
                   tr("Momentum: the share of the previous step kept in the next"));
  rho_ = spin(0, 0.9999, 0.01, 4, "rhoSpin",
              tr("RMSprop decay: how slowly the mean of squared gradients forgets"));
  beta1_ = spin(0, 0.9999, 0.01, 4, "beta1Spin", tr("Adam β₁: decay of the mean gradient"));
  beta2_ =
      spin(0, 0.99999, 0.001, 5, "beta2Spin", tr("Adam β₂: decay of the mean squared gradient"));
  connect(momentum_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    model_.updateTraining(
        [v](TrainingSettings& t) { t.optimizer.momentum = static_cast<float>(v); },
        tr("Momentum %1").arg(v), kMergeOptimizerParameter);
  });
  connect(rho_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    model_.updateTraining([v](TrainingSettings& t) { t.optimizer.rho = static_cast<float>(v); },
                          tr("RMSprop decay %1").arg(v), kMergeOptimizerParameter);
  });
  connect(beta1_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    model_.updateTraining([v](TrainingSettings& t) { t.optimizer.beta1 = static_cast<float>(v); },
                          tr("β₁ %1").arg(v), kMergeOptimizerParameter);
  });
  connect(beta2_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    model_.updateTraining([v](TrainingSettings& t) { t.optimizer.beta2 = static_cast<float>(v); },
                          tr("β₂ %1").arg(v), kMergeOptimizerParameter);
  });
  auto* params = new QWidget;
  params->setObjectName("optimizerParameters");
  auto* pl = new QHBoxLayout(params);
  pl->setContentsMargins(0, 0, 0, 0);
  momentumLabel_ = new QLabel(tr("momentum"));
  rhoLabel_ = new QLabel(tr("ρ"));
  betaLabel_ = new QLabel(tr("β₁ β₂"));
  for (QWidget* w : std::initializer_list<QWidget*>{momentumLabel_, momentum_, rhoLabel_, rho_,
                                                    betaLabel_, beta1_, beta2_})
    pl->addWidget(w);
  setCodeControl(params, "optimizer");  // momentum, ρ, β: the optimizer's arguments
  row->addWidget(labelled(tr("Parameters"), params));

  loss_ = new QComboBox;
  loss_->setObjectName("lossCombo");
  for (const LossInfo& l : losses()) loss_->addItem(qs(l.label), static_cast<int>(l.id));
  loss_->setToolTip(
      tr("What the network minimizes. Cross-entropy uses a softmax output with one-hot labels; "
         "binary cross-entropy a sigmoid."));
  connect(loss_, &QComboBox::activated, this,
          [this](int i) { model_.setLoss(static_cast<LossId>(loss_->itemData(i).toInt())); });
  setCodeControl(loss_, "loss");
  row->addWidget(labelled(tr("Loss"), loss_));

  regularization_ = new QComboBox;
  regularization_->setObjectName("regularizationCombo");
  regularization_->addItem(tr("None"), kNone);
  regularization_->addItem(tr("L1"), kL1);
  regularization_->addItem(tr("L2"), kL2);
  regularization_->setToolTip(
      tr("A penalty on large weights (kernels only): L1 drives weights to zero, L2 shrinks them"));
  regularizationRate_ = editableNumbers({0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10},
                                        "regularizationRateCombo");
  regularizationRate_->setToolTip(tr("Regularization rate: the weight of the penalty"));
  connect(regularization_, &QComboBox::activated, this, [this](int) {
    setRegularization(regularization_->currentData().toInt(),
                      regularizationRate_->currentText().toDouble());
  });
  onNumberEntered(regularizationRate_, true, [this](double v) {
    int kind = regularization_->currentData().toInt();
    if (kind == kNone && v > 0) kind = kL2;  // a rate means a penalty; L2 is the usual one
    setRegularization(kind, v);
  });
  row->addWidget(labelled(tr("Regularization"), regularization_));
  row->addWidget(labelled(tr("Rate"), regularizationRate_));

  batch_ = new QSpinBox;
  batch_->setObjectName("batchSpin");
  batch_->setRange(1, 100000);
  batch_->setKeyboardTracking(false);
  batch_->setMinimumWidth(80);
  batch_->setToolTip(
      tr("Samples per step: 1 is stochastic gradient descent; the training set size is full-batch "
         "gradient descent"));
  connect(batch_, &QSpinBox::valueChanged, this, [this](int v) {
    model_.updateTraining([v](TrainingSettings& t) { t.batchSize = v; }, tr("Batch size %1").arg(v),
                          kMergeBatchSize);
  });
  setCodeControl(batch_, "batch_size");
  row->addWidget(labelled(tr("Batch size"), batch_));

  earlyStopping_ = new EarlyStoppingControl(model_);
  row->addWidget(labelled(tr("Early stopping"), earlyStopping_));

  init_ = new QComboBox;
  init_->setObjectName("initCombo");
  for (const InitializerInfo& i : initializers())
    init_->addItem(qs(i.label), static_cast<int>(i.id));
  init_->setToolTip(
      tr("How weights are initialized (takes effect at the next reset or network change)"));
  connect(init_, &QComboBox::activated, this, [this](int i) {
    model_.setInitializer(static_cast<InitId>(init_->itemData(i).toInt()));
  });
  setCodeControl(init_, "init");
  row->addWidget(labelled(tr("Initializer"), init_));

  problem_ = new QComboBox;
  problem_->setObjectName("problemCombo");
  problem_->addItem(tr("Classification"), static_cast<int>(Task::Classification));
  problem_->addItem(tr("Regression"), static_cast<int>(Task::Regression));
  problem_->setToolTip(
      tr("Classification (pick a class) or regression (predict a number): for generated data it "
         "switches the datasets offered, for a table it says how to read the target column"));
  connect(problem_, &QComboBox::activated, this, [this](int i) {
    const auto task = static_cast<Task>(problem_->itemData(i).toInt());
    if (task == model_.shape().task) return;
    DataSpec d = model_.document().data;
    if (d.kind == DataSourceKind::Csv) {
      // A table keeps its file: its target column is read as classes or as numbers.
      d.table.task = task;
      model_.setData(d, tr("Problem type: %1").arg(problem_->itemText(i)));
      return;
    }
    d = DataSpec{};
    d.generator = task == Task::Regression ? "plane" : "circle";
    d.params.samples = generatorByName(d.generator).defaultSamples;
    model_.setData(d, tr("Problem type: %1").arg(problem_->itemText(i)));
  });
  setCodeControl(problem_, "data");
  row->addWidget(labelled(tr("Problem type"), problem_));

  seed_ = new QSpinBox;
  seed_->setObjectName("seedSpin");
  seed_->setRange(0, 1000000);
  seed_->setKeyboardTracking(false);
  seed_->setMinimumWidth(80);
  seed_->setToolTip(
      tr("Seed of the weights' initialization, dropout and the shuffling of batches"));
  connect(seed_, &QSpinBox::valueChanged, this, [this](int v) {
    model_.updateTraining([v](TrainingSettings& t) { t.seed = static_cast<std::uint64_t>(v); },
                          tr("Seed %1").arg(v), kMergeSeed);
  });
  setCodeControl(seed_, "seed");
  row->addWidget(labelled(tr("Seed"), seed_));

  device_ = new QComboBox;
  device_->setObjectName("deviceCombo");
  connect(device_, &QComboBox::activated, this,
          [this](int i) { model_.setDevice(device_->itemData(i).toString().toStdString()); });
  row->addWidget(labelled(tr("Device"), device_));
  row->addStretch(1);
  fillDevices();
  // OpenCL device names run to 50 characters ("pthread-skylake-avx512-Intel(R) Xeon(R)
  // Processor"): the box stays narrow, its list as wide as the names.
  device_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  device_->setMinimumContentsLength(12);
  device_->view()->setMinimumWidth(device_->view()->sizeHintForColumn(0) + 24);

  connect(&model_, &PlaygroundModel::documentChanged, this, &HyperparameterBar::syncFromDocument);
  syncFromDocument();
}

void HyperparameterBar::onNumberEntered(QComboBox* combo, bool zeroAllowed,
                                        const std::function<void(double)>& apply) {
  // A preset picked or a number typed (Enter or leaving the field); anything
  // else puts the document's value back.
  auto parse = [this, zeroAllowed, apply](const QString& text) {
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0 || (v == 0 && !zeroAllowed)) {
      syncFromDocument();
      return;
    }
    apply(v);
  };
  connect(combo, &QComboBox::textActivated, this, parse);
  connect(combo->lineEdit(), &QLineEdit::editingFinished, this,
          [combo, parse] { parse(combo->currentText()); });
}

void HyperparameterBar::fillDevices() {
  const DeviceList list = listDevices();
  for (const DeviceInfo& d : list.devices) {
    const QString label = d.backend == "cpu" ? tr("CPU") : QString::fromStdString(d.name);
    device_->addItem(label, QString::fromStdString(d.choice));
    device_->setItemData(device_->count() - 1, QString::fromStdString(d.advice), Qt::ToolTipRole);
  }
  QString tip = tr("Where training runs. Hover an entry for when it pays off.");
  if (!list.openclProblem.empty())
    tip += "\n" + tr("No OpenCL device: %1").arg(QString::fromStdString(list.openclProblem));
  device_->setToolTip(tip);
}

void HyperparameterBar::setRegularization(int kind, double rate) {
  model_.updateTraining(
      [kind, rate](TrainingSettings& t) {
        t.l1 = kind == kL1 ? static_cast<float>(rate) : 0.0f;
        t.l2 = kind == kL2 ? static_cast<float>(rate) : 0.0f;
      },
      kind == kNone ? tr("No regularization")
                    : tr("%1 regularization %2").arg(kind == kL1 ? "L1" : "L2").arg(number(rate)),
      kMergeRegularizationRate);
}

void HyperparameterBar::syncFromDocument() {
  const Document& doc = model_.document();
  const TrainingSettings& t = doc.training;
  const QSignalBlocker b1(learningRate_), b2(optimizer_), b3(momentum_), b4(rho_), b5(beta1_),
      b6(beta2_), b7(loss_), b8(regularization_), b9(regularizationRate_), b10(batch_), b11(init_),
      b12(problem_), b13(seed_), b14(device_);
  learningRate_->setCurrentText(number(t.optimizer.learningRate));
  optimizer_->setCurrentIndex(optimizer_->findData(static_cast<int>(t.optimizer.id)));
  momentum_->setValue(t.optimizer.momentum);
  rho_->setValue(t.optimizer.rho);
  beta1_->setValue(t.optimizer.beta1);
  beta2_->setValue(t.optimizer.beta2);
  const bool usesMomentum =
      t.optimizer.id == OptimizerId::Momentum || t.optimizer.id == OptimizerId::Nesterov;
  momentumLabel_->setVisible(usesMomentum);
  momentum_->setVisible(usesMomentum);
  rhoLabel_->setVisible(t.optimizer.id == OptimizerId::Rmsprop);
  rho_->setVisible(t.optimizer.id == OptimizerId::Rmsprop);
  betaLabel_->setVisible(t.optimizer.id == OptimizerId::Adam);
  beta1_->setVisible(t.optimizer.id == OptimizerId::Adam);
  beta2_->setVisible(t.optimizer.id == OptimizerId::Adam);
  loss_->setCurrentIndex(loss_->findData(static_cast<int>(t.loss)));
  const int kind = t.l1 > 0 ? kL1 : (t.l2 > 0 ? kL2 : kNone);
  regularization_->setCurrentIndex(regularization_->findData(kind));
  regularizationRate_->setCurrentText(number(kind == kL1 ? t.l1 : t.l2));
  // The penalty's lines in the code: L1's or L2's (none: the L2 line, if any).
  for (QWidget* w :
       {static_cast<QWidget*>(regularization_), static_cast<QWidget*>(regularizationRate_)})
    setCodeControl(w, kind == kL1 ? "l1" : "l2");
  batch_->setValue(t.batchSize);
  init_->setCurrentIndex(init_->findData(static_cast<int>(doc.network.init)));
  problem_->setCurrentIndex(problem_->findData(static_cast<int>(model_.shape().task)));
  seed_->setValue(static_cast<int>(t.seed));
  device_->setCurrentIndex(std::max(0, device_->findData(QString::fromStdString(doc.device))));
}

}  // namespace nnplay::gui
