#pragma once
// A step's task: what to do, its goal with each condition's live value, and
// — once met — a ✓ with the epoch and the time it took. The goal is the
// engine's (GoalTracker, lesson_goal.hpp), fed every snapshot the model
// publishes; this box only shows it.
#include <QElapsedTimer>
#include <QGroupBox>
#include <memory>
#include <optional>

#include "nnplay/lesson_goal.hpp"

class QLabel;

namespace nnplay::gui {

class LessonTaskBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit LessonTaskBox(QWidget* parent = nullptr);

  // A new task (or none: the box hides); the clock starts now.
  void setTask(const std::optional<LessonTask>& task);
  // Feeds the goal one snapshot; emits goalMet() once when it is met.
  void update(const Snapshot& s);
  GoalState state() const;
  QString statusText() const;

 signals:
  void goalMet(long epoch, double seconds);
  void goalFailed();

 private:
  void show(const GoalProgress& p);

  std::unique_ptr<GoalTracker> tracker_;
  QElapsedTimer clock_;
  double seconds_ = 0;
  QLabel* prompt_;
  QLabel* goal_;
  QLabel* status_;
};

}  // namespace nnplay::gui
