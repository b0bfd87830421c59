#pragma once
// The top bar: learning rate (presets and free entry) with its schedule,
// optimizer with its parameters, loss, regularization and its rate, batch
// size, early stopping, initializer, problem type, seed and device (with each
// device's advice as its tooltip). Every change is one undoable edit on the
// model; typing in a spin box or dragging merges into one step.
#include <QWidget>
#include <functional>

#include "nnplay/trainer.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace nnplay::gui {

class EarlyStoppingControl;
class PlaygroundModel;
class ScheduleControl;

class HyperparameterBar : public QWidget {
  Q_OBJECT
 public:
  explicit HyperparameterBar(PlaygroundModel& model, QWidget* parent = nullptr);

 public slots:
  void syncFromDocument();

 private:
  void setRegularization(int kind, double rate);
  void fillDevices();
  void onNumberEntered(QComboBox* combo, bool zeroAllowed,
                       const std::function<void(double)>& apply);

  PlaygroundModel& model_;
  QComboBox* learningRate_ = nullptr;
  ScheduleControl* schedule_ = nullptr;
  EarlyStoppingControl* earlyStopping_ = nullptr;
  QComboBox* optimizer_ = nullptr;
  QLabel* momentumLabel_ = nullptr;
  QDoubleSpinBox* momentum_ = nullptr;
  QLabel* rhoLabel_ = nullptr;
  QDoubleSpinBox* rho_ = nullptr;
  QLabel* betaLabel_ = nullptr;
  QDoubleSpinBox* beta1_ = nullptr;
  QDoubleSpinBox* beta2_ = nullptr;
  QComboBox* loss_ = nullptr;
  QComboBox* regularization_ = nullptr;
  QComboBox* regularizationRate_ = nullptr;
  QSpinBox* batch_ = nullptr;
  QComboBox* init_ = nullptr;
  QComboBox* problem_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QComboBox* device_ = nullptr;
};

}  // namespace nnplay::gui
