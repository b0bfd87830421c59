#pragma once
// A step's prediction question: asked before the run, 2 to 4 choices as
// radio buttons; the answer and its reason are revealed after the run (the
// goal met, or Reveal pressed once the network has trained), with the
// student's own choice marked right or wrong.
#include <QGroupBox>
#include <vector>

#include "nnplay/lesson.hpp"

class QLabel;
class QPushButton;
class QRadioButton;

namespace nnplay::gui {

class LessonQuestionBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit LessonQuestionBox(QWidget* parent = nullptr);

  // Asks `q` afresh (nothing chosen, the answer hidden).
  void ask(const LessonQuestion& q);
  // Reveal becomes possible once the network has trained.
  void setRunHappened(bool trained);
  bool revealed() const { return revealed_; }
  int chosen() const;  // -1: none
  QString answerText() const;

 public slots:
  void reveal();

 private:
  LessonQuestion question_;
  std::vector<QRadioButton*> choices_;
  QLabel* prompt_;
  QLabel* answer_;
  QPushButton* reveal_;
  bool revealed_ = false;
};

}  // namespace nnplay::gui
