#include "early_stopping_control.hpp"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include "code_control.hpp"
#include "edit_command.hpp"
#include "playground_model.hpp"
#include "presentation_scale.hpp"
#include "settings_popup.hpp"

namespace nnplay::gui {

EarlyStoppingControl::EarlyStoppingControl(PlaygroundModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  setObjectName("earlyStopping");
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(4);

  enabled_ = new QCheckBox(tr("On"));
  enabled_->setObjectName("earlyStoppingCheck");
  enabled_->setToolTip(
      tr("Early stopping: pause training when the validation loss (the test loss without a "
         "validation set) has not improved for `patience` epochs, and put back the best weights"));
  connect(enabled_, &QCheckBox::toggled, this, [this](bool on) {
    model_.updateTraining([on](TrainingSettings& t) { t.earlyStopping.enabled = on; },
                          on ? tr("Early stopping on") : tr("Early stopping off"), kMergeNone);
  });
  row->addWidget(enabled_);

  patienceLabel_ = new QLabel(tr("patience"));
  row->addWidget(patienceLabel_);
  patience_ = new QSpinBox;
  patience_->setObjectName("patienceSpin");
  patience_->setRange(1, 100000);
  patience_->setKeyboardTracking(false);
  patience_->setToolTip(tr("Epochs without improvement before training stops (1 to 100,000)"));
  connect(patience_, &QSpinBox::valueChanged, this, [this](int v) {
    model_.updateTraining([v](TrainingSettings& t) { t.earlyStopping.patience = v; },
                          tr("Patience %1").arg(v), kMergeEarlyStopping);
  });
  row->addWidget(patience_);

  popup_ = new SettingsPopup(tr("⚙"), tr("Early stopping"));
  popup_->setObjectName("earlyStoppingSettingsButton");
  popup_->setToolTip(tr("The minimum improvement and whether to restore the best weights"));
  row->addWidget(popup_);

  minDelta_ = new QDoubleSpinBox;
  minDelta_->setObjectName("minDeltaSpin");
  minDelta_->setRange(0.0, 1000.0);
  minDelta_->setDecimals(5);
  minDelta_->setSingleStep(0.001);
  minDelta_->setKeyboardTracking(false);
  minDelta_->setToolTip(tr("A loss must fall by more than this to count as an improvement"));
  connect(minDelta_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    model_.updateTraining(
        [v](TrainingSettings& t) { t.earlyStopping.minDelta = static_cast<float>(v); },
        tr("Minimum improvement %1").arg(v), kMergeEarlyStopping);
  });
  restoreBest_ = new QCheckBox(tr("Restore the best weights"));
  restoreBest_->setObjectName("restoreBestCheck");
  restoreBest_->setToolTip(
      tr("When it stops, put back the weights of the best epoch (otherwise keep the last ones)"));
  connect(restoreBest_, &QCheckBox::toggled, this, [this](bool on) {
    model_.updateTraining([on](TrainingSettings& t) { t.earlyStopping.restoreBest = on; },
                          on ? tr("Restore the best weights") : tr("Keep the last weights"),
                          kMergeNone);
  });
  watched_ = new QLabel;
  watched_->setObjectName("earlyStoppingWatched");
  watched_->setWordWrap(true);
  watched_->setStyleSheet("color: #666;");
  followParentFont(watched_, kSmallText);
  watched_->setMinimumWidth(260);
  QFormLayout* form = popup_->form();
  form->addRow(tr("Minimum improvement"), minDelta_);
  form->addRow(restoreBest_);
  form->addRow(watched_);

  // Nothing in the generated code stops early; the fit call's epochs are the nearest line.
  for (QWidget* w : std::initializer_list<QWidget*>{this, enabled_, patienceLabel_, patience_,
                                                    popup_, popup_->panel()})
    setCodeControl(w, "epochs");

  connect(&model_, &PlaygroundModel::documentChanged, this,
          &EarlyStoppingControl::syncFromDocument);
  syncFromDocument();
}

void EarlyStoppingControl::syncFromDocument() {
  const Document& doc = model_.document();
  const EarlyStoppingSettings& e = doc.training.earlyStopping;
  const QSignalBlocker b1(enabled_), b2(patience_), b3(minDelta_), b4(restoreBest_);
  enabled_->setChecked(e.enabled);
  patience_->setValue(e.patience);
  minDelta_->setValue(e.minDelta);
  restoreBest_->setChecked(e.restoreBest);
  watched_->setText(
      doc.data.validationRatio > 0
          ? tr("Watches the validation loss. When it stops, training pauses; play goes on with a "
               "fresh patience.")
          : tr("Watches the test loss (there is no validation set: set one in the data panel). "
               "When it stops, training pauses; play goes on with a fresh patience."));
}

}  // namespace nnplay::gui
