#include "schedule_control.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <functional>

#include "code_control.hpp"
#include "edit_command.hpp"
#include "playground_model.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"
#include "schedule_curve.hpp"
#include "settings_popup.hpp"

namespace nnplay::gui {
namespace {

// The warm-up schedule's default length (schedule.hpp: 5 when 0), written
// out so that the control shows what the schedule does.
constexpr float kDefaultWarmup = 5.0f;

QDoubleSpinBox* spin(double lo, double hi, double step, int decimals, const QString& suffix,
                     const QString& name, const QString& tip) {
  auto* s = new QDoubleSpinBox;
  s->setObjectName(name);
  s->setRange(lo, hi);
  s->setSingleStep(step);
  s->setDecimals(decimals);
  s->setSuffix(suffix);
  s->setKeyboardTracking(false);
  s->setToolTip(tip);
  return s;
}

}  // namespace

ScheduleControl::ScheduleControl(PlaygroundModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  setObjectName("scheduleControl");
  // Like the bar's other controls, a caption over the control; the caption
  // line also holds the rate the next step uses.
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(1);
  auto* captionRow = new QHBoxLayout;
  captionRow->setSpacing(6);
  auto* caption = new QLabel(tr("Schedule"));
  caption->setStyleSheet("color: #666;");
  followParentFont(caption, kSmallText);
  captionRow->addWidget(caption);
  captionRow->addStretch(1);
  column->addLayout(captionRow);
  auto* row = new QHBoxLayout;
  row->setSpacing(4);
  column->addLayout(row);
  setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);

  combo_ = new QComboBox;
  combo_->setObjectName("scheduleCombo");
  for (const ScheduleInfo& s : schedules()) combo_->addItem(qs(s.label), static_cast<int>(s.id));
  combo_->setToolTip(
      tr("Learning-rate schedule: a factor on the learning rate over the epochs. The rate you "
         "set is the peak; a rate changed while training keeps its place in the schedule."));
  connect(combo_, &QComboBox::activated, this, [this](int i) {
    const auto id = static_cast<ScheduleId>(combo_->itemData(i).toInt());
    model_.updateTraining(
        [id](TrainingSettings& t) {
          t.schedule.id = id;
          if (id == ScheduleId::Warmup && t.schedule.warmup == 0.0f)
            t.schedule.warmup = kDefaultWarmup;
        },
        tr("Schedule: %1").arg(combo_->itemText(i)), kMergeNone);
  });
  row->addWidget(combo_);

  curve_ = new ScheduleCurve;
  curve_->setObjectName("scheduleCurve");
  row->addWidget(curve_);

  rate_ = new QLabel;
  rate_->setObjectName("currentRateLabel");
  rate_->setToolTip(tr("The learning rate the next step uses: the rate times the schedule"));
  rate_->setStyleSheet("color: #333;");
  followParentFont(rate_, kSmallText);
  rate_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  captionRow->addWidget(rate_);

  popup_ = new SettingsPopup(tr("⚙"), tr("Schedule settings"));
  popup_->setObjectName("scheduleSettingsButton");
  popup_->setToolTip(tr("The schedule's settings and its warm-up"));
  row->addWidget(popup_);

  const auto edit = [this](QDoubleSpinBox* s, const QString& what,
                           std::function<void(ScheduleSettings&, float)> set) {
    connect(s, &QDoubleSpinBox::valueChanged, this, [this, what, set](double v) {
      model_.updateTraining([&](TrainingSettings& t) { set(t.schedule, static_cast<float>(v)); },
                            tr("Schedule %1 %2").arg(what).arg(v), kMergeSchedule);
    });
  };
  every_ = spin(0.5, 1e6, 1, 1, tr(" epochs"), "scheduleEverySpin",
                tr("Step and exponential decay: epochs per factor"));
  factor_ = spin(0.001, 1, 0.05, 3, {}, "scheduleFactorSpin",
                 tr("Step and exponential decay: the rate is multiplied by this every period"));
  epochs_ = spin(1, 1e6, 10, 0, tr(" epochs"), "scheduleEpochsSpin",
                 tr("Cosine decay: epochs to decay over (the floor after that)"));
  floor_ = spin(0, 1, 0.05, 3, {}, "scheduleFloorSpin",
                tr("Cosine decay: the fraction of the rate it ends at"));
  warmup_ = spin(0, 1e6, 1, 1, tr(" epochs"), "scheduleWarmupSpin",
                 tr("Epochs of linear warm-up from 0 to the rate, before the schedule (any "
                    "schedule)"));
  edit(every_, tr("every"), [](ScheduleSettings& s, float v) { s.every = v; });
  edit(factor_, tr("factor"), [](ScheduleSettings& s, float v) { s.factor = v; });
  edit(epochs_, tr("epochs"), [](ScheduleSettings& s, float v) { s.epochs = v; });
  edit(floor_, tr("floor"), [](ScheduleSettings& s, float v) { s.floor = v; });
  edit(warmup_, tr("warm-up"), [](ScheduleSettings& s, float v) { s.warmup = v; });
  QFormLayout* form = popup_->form();
  form->addRow(tr("Every"), every_);
  form->addRow(tr("Factor"), factor_);
  form->addRow(tr("Decay over"), epochs_);
  form->addRow(tr("Floor"), floor_);
  form->addRow(tr("Warm-up"), warmup_);

  for (QWidget* w : std::initializer_list<QWidget*>{this, caption, combo_, curve_, rate_, popup_,
                                                    popup_->panel()})
    setCodeControl(w, "learning_rate");

  connect(&model_, &PlaygroundModel::documentChanged, this, &ScheduleControl::syncFromDocument);
  connect(&model_, &PlaygroundModel::snapshotChanged, this, &ScheduleControl::syncFromSnapshot);
  syncFromDocument();
  syncFromSnapshot();
}

QString ScheduleControl::rateText() const {
  return rate_->text();
}

void ScheduleControl::syncFromDocument() {
  const ScheduleSettings& s = model_.document().training.schedule;
  const QSignalBlocker b1(combo_), b2(every_), b3(factor_), b4(epochs_), b5(floor_), b6(warmup_);
  combo_->setCurrentIndex(combo_->findData(static_cast<int>(s.id)));
  every_->setValue(s.every);
  factor_->setValue(s.factor);
  epochs_->setValue(s.epochs);
  floor_->setValue(s.floor);
  warmup_->setValue(s.warmup);
  const bool decay = s.id == ScheduleId::Step || s.id == ScheduleId::Exponential;
  QFormLayout* form = popup_->form();
  form->setRowVisible(every_, decay);
  form->setRowVisible(factor_, decay);
  form->setRowVisible(epochs_, s.id == ScheduleId::Cosine);
  form->setRowVisible(floor_, s.id == ScheduleId::Cosine);
  if (popup_->panel()->isVisible()) popup_->panel()->adjustSize();
  curve_->setSchedule(s);
  curve_->setToolTip(tr("%1: the factor on the learning rate over the first %2 epochs")
                         .arg(combo_->currentText())
                         .arg(curve_->span()));
}

void ScheduleControl::syncFromSnapshot() {
  const auto snap = model_.snapshot();
  if (!snap) return;
  curve_->setEpoch(static_cast<double>(snap->epoch));
  const QString text =
      snap->ready ? tr("rate %1").arg(QString::number(snap->learningRate, 'g', 3)) : tr("rate –");
  if (rate_->text() != text) rate_->setText(text);
}

}  // namespace nnplay::gui
