#include "lesson_panel.hpp"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "lesson_progress.hpp"
#include "lesson_question_box.hpp"
#include "lesson_task_box.hpp"
#include "playground_model.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

constexpr double kStepTitleFont = 1.3;  // relative to the (scaled) text

QPushButton* button(const QString& text, const QString& name, const QString& tip) {
  auto* b = new QPushButton(text);
  b->setObjectName(name);
  b->setToolTip(tip);
  return b;
}

enum class Move { None, Next, Previous };

// PageDown / PageUp anywhere in the panel; the arrows too, except where a
// widget needs them (the choices of a question, the outline's up and down).
Move moveOf(const QKeyEvent& k, const QObject* target) {
  if (k.modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) {
    return Move::None;
  }
  switch (k.key()) {
    case Qt::Key_PageDown:
      return Move::Next;
    case Qt::Key_PageUp:
      return Move::Previous;
    default:
      break;
  }
  if (qobject_cast<const QRadioButton*>(target)) return Move::None;
  const bool vertical =
      !qobject_cast<const QListWidget*>(target) && !qobject_cast<const QTextBrowser*>(target);
  switch (k.key()) {
    case Qt::Key_Right:
      return Move::Next;
    case Qt::Key_Left:
      return Move::Previous;
    case Qt::Key_Down:
      return vertical ? Move::Next : Move::None;
    case Qt::Key_Up:
      return vertical ? Move::Previous : Move::None;
    default:
      return Move::None;
  }
}

}  // namespace

LessonPanel::LessonPanel(PlaygroundModel& model, QWidget* parent) : QWidget(parent), model_(model) {
  setObjectName("lessonPanel");
  setFocusPolicy(Qt::StrongFocus);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);

  auto* head = new QHBoxLayout;
  lessonTitle_ = new QLabel;
  lessonTitle_->setObjectName("lessonTitle");
  lessonTitle_->setWordWrap(true);
  followParentFont(lessonTitle_, 1.0, QFont::DemiBold, true);
  close_ = button(tr("Leave"), "lessonCloseButton",
                  tr("Leave the lesson: every control shows again, the document stays"));
  head->addWidget(lessonTitle_, 1);
  head->addWidget(close_, 0, Qt::AlignTop);
  layout->addLayout(head);

  position_ = new QLabel;
  position_->setObjectName("lessonPosition");
  position_->setStyleSheet("color: #666;");
  followParentFont(position_, kSmallText);
  layout->addWidget(position_);

  stepTitle_ = new QLabel;
  stepTitle_->setObjectName("lessonStepTitle");
  stepTitle_->setWordWrap(true);
  followParentFont(stepTitle_, kStepTitleFont, QFont::Bold, true);
  layout->addWidget(stepTitle_);

  text_ = new QTextBrowser;
  text_->setObjectName("lessonText");
  text_->setOpenExternalLinks(true);
  text_->setFrameShape(QFrame::NoFrame);
  text_->setMinimumHeight(120);
  layout->addWidget(text_, 3);

  task_ = new LessonTaskBox;
  question_ = new LessonQuestionBox;
  layout->addWidget(task_);
  layout->addWidget(question_);

  auto* moves = new QHBoxLayout;
  previous_ = button(tr("◀ Previous"), "lessonPreviousButton", tr("The previous step (PageUp)"));
  reset_ = button(tr("Reset step"), "lessonResetButton",
                  tr("Apply this step's setup again: the same starting weights"));
  next_ = button(tr("Next ▶"), "lessonNextButton", tr("The next step (PageDown)"));
  moves->addWidget(previous_);
  moves->addWidget(reset_);
  moves->addWidget(next_);
  layout->addLayout(moves);
  solution_ = button(tr("Apply solution"), "lessonSolutionButton",
                     tr("For the teacher: the settings that reach the goal, in one click"));
  layout->addWidget(solution_);

  outlineCaption_ = new QLabel(tr("Steps"));
  outlineCaption_->setStyleSheet("color: #666;");
  followParentFont(outlineCaption_, kSmallText);
  layout->addWidget(outlineCaption_);
  outline_ = new QListWidget;
  outline_->setObjectName("lessonOutline");
  layout->addWidget(outline_, 2);
  layout->addStretch(0);  // takes the room of the text and outline while compact

  connect(previous_, &QPushButton::clicked, this, &LessonPanel::previous);
  connect(next_, &QPushButton::clicked, this, &LessonPanel::next);
  connect(reset_, &QPushButton::clicked, this, &LessonPanel::resetStep);
  connect(solution_, &QPushButton::clicked, this, &LessonPanel::applySolution);
  connect(close_, &QPushButton::clicked, this, &LessonPanel::close);
  connect(outline_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row != index_) goTo(row);
  });
  connect(task_, &LessonTaskBox::goalMet, this, &LessonPanel::onGoalMet);
  connect(&model_, &PlaygroundModel::snapshotChanged, this, &LessonPanel::onSnapshot);
  for (QWidget* w : findChildren<QWidget*>()) w->installEventFilter(this);
}

const LessonStep* LessonPanel::step() const {
  if (!lesson_ || index_ < 0 || index_ >= static_cast<int>(lesson_->steps.size())) return nullptr;
  return &lesson_->steps[static_cast<std::size_t>(index_)];
}

void LessonPanel::setCompact(bool on) {
  text_->setVisible(!on);
  outline_->setVisible(!on);
  outlineCaption_->setVisible(!on);
  auto* box = static_cast<QBoxLayout*>(layout());
  box->setStretch(box->count() - 1, on ? 1 : 0);
}

void LessonPanel::open(Lesson lesson, int step) {
  lesson_ = std::move(lesson);
  lessonTitle_->setText(qs(lesson_->title));
  index_ = -1;
  goTo(step);
}

void LessonPanel::goTo(int step) {
  if (!lesson_) return;
  const int n = static_cast<int>(lesson_->steps.size());
  index_ = std::clamp(step, 0, n - 1);
  showStep();
}

void LessonPanel::next() {
  if (lesson_ && index_ + 1 < static_cast<int>(lesson_->steps.size())) goTo(index_ + 1);
}

void LessonPanel::previous() {
  if (lesson_ && index_ > 0) goTo(index_ - 1);
}

void LessonPanel::resetStep() {
  if (step()) showStep();
}

void LessonPanel::applySolution() {
  const LessonStep* s = step();
  if (!s || !s->solution) return;
  listening_ = false;
  model_.applyProject(*s->solution, tr("Apply the solution of “%1”").arg(qs(s->title)));
  model_.session().sync();
  model_.poll();
  task_->setTask(s->task);  // the goal counts from the solution's start
  listening_ = true;
  onSnapshot();
}

void LessonPanel::close() {
  listening_ = false;
  lesson_.reset();
  emit captionChanged({});
  emit closed();
}

void LessonPanel::showStep() {
  const LessonStep& s = *step();
  // The step's document as one undo step; the goal hears nothing until the
  // session has taken it (no snapshot of the run before counts).
  listening_ = false;
  model_.applyProject(s.setup, tr("Lesson step %1: %2").arg(index_ + 1).arg(qs(s.title)));
  model_.session().sync();
  model_.poll();

  const int n = static_cast<int>(lesson_->steps.size());
  position_->setText(tr("Step %1 of %2 · %3").arg(index_ + 1).arg(n).arg(qs(lesson_->chapter)));
  stepTitle_->setText(qs(s.title));
  text_->setHtml(qs(s.text));
  task_->setTask(s.task);
  question_->setVisible(s.question.has_value());
  if (s.question) question_->ask(*s.question);
  solution_->setVisible(s.solution.has_value());
  previous_->setEnabled(index_ > 0);
  next_->setEnabled(index_ + 1 < n);
  next_->setStyleSheet({});
  next_->setProperty("goalMet", false);
  if (!s.task) markDone();
  updateOutline();

  emit stepShown(s);
  QString caption = QStringLiteral("<b>%1</b> %2").arg(qs(s.title).toHtmlEscaped(), qs(s.text));
  if (s.task) caption += QStringLiteral("<p><i>%1</i></p>").arg(qs(s.task->prompt));
  emit captionChanged(caption);
  listening_ = true;
  onSnapshot();
}

void LessonPanel::onSnapshot() {
  if (!listening_) return;
  const auto s = model_.snapshot();
  if (!s) return;
  task_->update(*s);
  question_->setRunHappened(s->epoch > 0 || s->samplesSeen > 0);
}

void LessonPanel::onGoalMet() {
  // Next lights up; the prediction's answer shows; the step is done.
  next_->setProperty("goalMet", true);
  next_->setStyleSheet("QPushButton { background: #2e7d32; color: white; }");
  question_->reveal();
  markDone();
  updateOutline();
}

void LessonPanel::markDone() {
  if (lesson_) LessonProgress::markDone(qs(lesson_->id), index_);
}

void LessonPanel::updateOutline() {
  const QSignalBlocker block(outline_);
  outline_->clear();
  if (!lesson_) return;
  const QSet<int> done = LessonProgress::done(qs(lesson_->id));
  for (std::size_t i = 0; i < lesson_->steps.size(); ++i) {
    const int row = static_cast<int>(i);
    outline_->addItem(QStringLiteral("%1 %2. %3")
                          .arg(done.contains(row) ? QStringLiteral("✓") : QStringLiteral("  "))
                          .arg(row + 1)
                          .arg(qs(lesson_->steps[i].title)));
  }
  outline_->setCurrentRow(index_);
}

void LessonPanel::keyPressEvent(QKeyEvent* e) {
  switch (moveOf(*e, this)) {
    case Move::Next:
      next();
      return;
    case Move::Previous:
      previous();
      return;
    case Move::None:
      QWidget::keyPressEvent(e);
  }
}

bool LessonPanel::event(QEvent* e) {
  // The window's → (one batch) and ← shortcuts give way while the panel has focus.
  if (e->type() == QEvent::ShortcutOverride && lesson_ &&
      moveOf(*static_cast<QKeyEvent*>(e), this) != Move::None) {
    e->accept();
    return true;
  }
  return QWidget::event(e);
}

bool LessonPanel::eventFilter(QObject* watched, QEvent* e) {
  if (e->type() == QEvent::ShortcutOverride && lesson_ &&
      moveOf(*static_cast<QKeyEvent*>(e), watched) != Move::None) {
    e->accept();
    return true;
  }
  if (e->type() == QEvent::KeyPress && lesson_) {
    const Move m = moveOf(*static_cast<QKeyEvent*>(e), watched);
    if (m == Move::Next) next();
    if (m == Move::Previous) previous();
    if (m != Move::None) return true;
  }
  return QWidget::eventFilter(watched, e);
}

}  // namespace nnplay::gui
