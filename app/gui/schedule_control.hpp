#pragma once
// The learning-rate schedule next to the learning rate: a combo of the
// schedules (schedule.hpp's table), the curve of the factor it puts on the
// rate with a dot where training is, the rate the next step uses in its
// caption ("rate 0.0043", from the snapshot), and a popup with the schedule's settings
// (every and factor for step and exponential decay, epochs and floor for the
// cosine, warm-up epochs for all). Every change is one undoable training-
// settings edit on the model; the session applies it live, so a rate typed
// while training keeps its place in the schedule.
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace nnplay::gui {

class PlaygroundModel;
class ScheduleCurve;
class SettingsPopup;

class ScheduleControl : public QWidget {
  Q_OBJECT

 public:
  explicit ScheduleControl(PlaygroundModel& model, QWidget* parent = nullptr);

  ScheduleCurve* curve() const { return curve_; }
  QString rateText() const;

 public slots:
  void syncFromDocument();
  void syncFromSnapshot();

 private:
  PlaygroundModel& model_;
  QComboBox* combo_ = nullptr;
  ScheduleCurve* curve_ = nullptr;
  QLabel* rate_ = nullptr;
  SettingsPopup* popup_ = nullptr;
  QDoubleSpinBox* every_ = nullptr;
  QDoubleSpinBox* factor_ = nullptr;
  QDoubleSpinBox* epochs_ = nullptr;
  QDoubleSpinBox* floor_ = nullptr;
  QDoubleSpinBox* warmup_ = nullptr;
};

}  // namespace nnplay::gui
