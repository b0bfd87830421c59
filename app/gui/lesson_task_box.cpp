#include "lesson_task_box.hpp"

#include <QLabel>
#include <QVBoxLayout>

#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

QString duration(double seconds) {
  const int s = static_cast<int>(seconds + 0.5);
  return s < 60 ? QObject::tr("%1 s").arg(s)
                : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

LessonTaskBox::LessonTaskBox(QWidget* parent) : QGroupBox(tr("Your task"), parent) {
  setObjectName("lessonTask");
  auto* layout = new QVBoxLayout(this);
  prompt_ = new QLabel;
  prompt_->setObjectName("lessonTaskPrompt");
  prompt_->setWordWrap(true);
  prompt_->setTextFormat(Qt::RichText);
  goal_ = new QLabel;
  goal_->setObjectName("lessonGoal");
  goal_->setWordWrap(true);
  status_ = new QLabel;
  status_->setObjectName("lessonGoalStatus");
  status_->setWordWrap(true);
  layout->addWidget(prompt_);
  layout->addWidget(goal_);
  layout->addWidget(status_);
}

void LessonTaskBox::setTask(const std::optional<LessonTask>& task) {
  tracker_.reset();
  seconds_ = 0;
  setVisible(task.has_value());
  if (!task) return;
  tracker_ = std::make_unique<GoalTracker>(*task);
  clock_.start();
  prompt_->setText(qs(task->prompt));
  QStringList conditions;
  for (const GoalCondition& c : task->goal) conditions << qs(describeCondition(c));
  QString goal = tr("Goal: %1").arg(conditions.join(tr(" and ")));
  if (task->withinEpochs > 0) goal += tr(", within %1 epochs").arg(task->withinEpochs);
  goal_->setText(goal);
  show(tracker_->progress());
}

GoalState LessonTaskBox::state() const {
  return tracker_ ? tracker_->progress().state : GoalState::Pending;
}

QString LessonTaskBox::statusText() const {
  return status_->text();
}

void LessonTaskBox::update(const Snapshot& s) {
  if (!tracker_) return;
  const GoalState before = tracker_->progress().state;
  const GoalProgress& p = tracker_->update(s);
  if (p.state == before) {
    if (p.state == GoalState::Pending) show(p);
    return;
  }
  if (p.state == GoalState::Met) seconds_ = clock_.elapsed() / 1000.0;
  show(p);
  if (p.state == GoalState::Met) emit goalMet(p.metAtEpoch, seconds_);
  if (p.state == GoalState::Failed) emit goalFailed();
}

void LessonTaskBox::show(const GoalProgress& p) {
  QString text;
  QString colour;
  switch (p.state) {
    case GoalState::Pending:
      text = p.summary.empty() ? tr("Not yet: train to see where you are.")
                               : tr("Now: %1").arg(qs(p.summary));
      colour = "#555";
      break;
    case GoalState::Met:
      text = tr("✓ Goal met at epoch %1, after %2: %3")
                 .arg(p.metAtEpoch)
                 .arg(duration(seconds_))
                 .arg(qs(p.summary));
      colour = "#1b7a2f";
      break;
    case GoalState::Failed:
      text = tr("✗ Not within the epochs given (%1). Reset step to try again.").arg(qs(p.summary));
      colour = "#b3261e";
      break;
  }
  status_->setText(text);
  // Restyled only when the state changes, not on every snapshot.
  if (status_->property("colour").toString() != colour) {
    status_->setProperty("colour", colour);
    status_->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
  }
}

}  // namespace nnplay::gui
