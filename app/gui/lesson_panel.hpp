#pragma once
// The lesson being taught, as a panel beside the playground: the lesson's
// title, step n of N, the step's title and text, an outline of the steps
// (a click jumps), Previous / Next (and PageUp / PageDown, the arrow keys
// while the panel has focus: what presentation clickers send), Reset step,
// the task with its live goal (LessonTaskBox), the prediction question
// (LessonQuestionBox) and, for the teacher, Apply solution.
//
// Contract:
//  - Showing a step applies its setup to the model as one undo step
//    (PlaygroundModel::applyProject): the weights start from its seed (or
//    the weights it gives), and the student's own edits stay undoable.
//    Reset step applies it again: the same starting weights, bit for bit.
//  - The goal is fed every snapshot the model publishes after the step was
//    applied (never one from before it). Met: ✓, the epoch and the time
//    taken, Next lights up, the question's answer shows, the step counts as
//    done (LessonProgress). A step without a task is done when shown.
//  - What the window must do for a step (hide controls, open views, the
//    display options, the caption) it asks by signals; LessonDock does it.
#include <QWidget>
#include <optional>

#include "nnplay/lesson.hpp"

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace nnplay::gui {

class LessonQuestionBox;
class LessonTaskBox;
class PlaygroundModel;

class LessonPanel : public QWidget {
  Q_OBJECT

 public:
  explicit LessonPanel(PlaygroundModel& model, QWidget* parent = nullptr);

  // Opens `lesson` at `step` (its first by default).
  void open(Lesson lesson, int step = 0);
  bool hasLesson() const { return lesson_.has_value(); }
  const std::optional<Lesson>& lesson() const { return lesson_; }
  int stepIndex() const { return index_; }
  const LessonStep* step() const;

  LessonTaskBox* taskBox() const { return task_; }
  LessonQuestionBox* questionBox() const { return question_; }
  QPushButton* nextButton() const { return next_; }
  // While presenting the caption shows the text: the panel keeps the task,
  // the question and the buttons, leaving the playground its room.
  void setCompact(bool on);

 public slots:
  void goTo(int step);
  void next();
  void previous();
  void resetStep();
  void applySolution();
  void close();

 signals:
  // A step was shown (or shown again by Reset step): the window hides the
  // controls it leaves out, opens its views, applies its display options.
  void stepShown(const nnplay::LessonStep& step);
  void captionChanged(const QString& html);
  void closed();

 protected:
  bool event(QEvent* e) override;
  void keyPressEvent(QKeyEvent* e) override;
  bool eventFilter(QObject* watched, QEvent* e) override;

 private:
  void onSnapshot();
  void onGoalMet();
  void showStep();
  void updateOutline();
  void markDone();

  PlaygroundModel& model_;
  std::optional<Lesson> lesson_;
  int index_ = 0;
  bool listening_ = false;  // the goal hears snapshots only once the step is applied
  QLabel* lessonTitle_;
  QLabel* position_;
  QLabel* stepTitle_;
  QTextBrowser* text_;
  QLabel* outlineCaption_;
  QListWidget* outline_;
  LessonTaskBox* task_;
  LessonQuestionBox* question_;
  QPushButton* previous_;
  QPushButton* next_;
  QPushButton* reset_;
  QPushButton* solution_;
  QPushButton* close_;
};

}  // namespace nnplay::gui
