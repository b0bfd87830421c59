#pragma once
// Early stopping in the hyperparameter bar (Keras's EarlyStopping): on/off
// and the patience in the bar, the minimum improvement and "restore the best
// weights" in a popup, with what is watched (the validation loss, or the test
// loss without a validation set). Every change is one undoable training-
// settings edit; the session applies it live, epoch by epoch.
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace nnplay::gui {

class PlaygroundModel;
class SettingsPopup;

class EarlyStoppingControl : public QWidget {
  Q_OBJECT

 public:
  explicit EarlyStoppingControl(PlaygroundModel& model, QWidget* parent = nullptr);

 public slots:
  void syncFromDocument();

 private:
  PlaygroundModel& model_;
  QCheckBox* enabled_ = nullptr;
  QLabel* patienceLabel_ = nullptr;
  QSpinBox* patience_ = nullptr;
  SettingsPopup* popup_ = nullptr;
  QDoubleSpinBox* minDelta_ = nullptr;
  QCheckBox* restoreBest_ = nullptr;
  QLabel* watched_ = nullptr;
};

}  // namespace nnplay::gui
