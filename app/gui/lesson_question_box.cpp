#include "lesson_question_box.hpp"

#include <QButtonGroup>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "qt_strings.hpp"

namespace nnplay::gui {

LessonQuestionBox::LessonQuestionBox(QWidget* parent) : QGroupBox(tr("Predict first"), parent) {
  setObjectName("lessonQuestion");
  auto* layout = new QVBoxLayout(this);
  prompt_ = new QLabel;
  prompt_->setObjectName("lessonQuestionPrompt");
  prompt_->setWordWrap(true);
  prompt_->setTextFormat(Qt::RichText);
  layout->addWidget(prompt_);
  auto* group = new QButtonGroup(this);
  for (int i = 0; i < 4; ++i) {
    auto* b = new QRadioButton;
    b->setObjectName(QStringLiteral("lessonChoice_%1").arg(i));
    group->addButton(b, i);
    layout->addWidget(b);
    choices_.push_back(b);
  }
  reveal_ = new QPushButton(tr("Reveal the answer"));
  reveal_->setObjectName("lessonRevealButton");
  reveal_->setToolTip(tr("After the run: the right answer and why"));
  connect(reveal_, &QPushButton::clicked, this, &LessonQuestionBox::reveal);
  layout->addWidget(reveal_);
  answer_ = new QLabel;
  answer_->setObjectName("lessonAnswer");
  answer_->setWordWrap(true);
  answer_->setTextFormat(Qt::RichText);
  layout->addWidget(answer_);
}

void LessonQuestionBox::ask(const LessonQuestion& q) {
  question_ = q;
  revealed_ = false;
  prompt_->setText(qs(q.prompt));
  for (std::size_t i = 0; i < choices_.size(); ++i) {
    QRadioButton* b = choices_[i];
    // An exclusive group keeps one checked: clearing needs it off for a moment.
    b->group()->setExclusive(false);
    b->setChecked(false);
    b->group()->setExclusive(true);
    b->setEnabled(true);
    b->setVisible(i < q.choices.size());
    if (i < q.choices.size()) b->setText(qs(q.choices[i]));
  }
  answer_->clear();
  answer_->hide();
  reveal_->setEnabled(false);
  reveal_->show();
}

void LessonQuestionBox::setRunHappened(bool trained) {
  if (!revealed_) reveal_->setEnabled(trained);
}

int LessonQuestionBox::chosen() const {
  for (std::size_t i = 0; i < choices_.size(); ++i) {
    if (choices_[i]->isChecked()) return static_cast<int>(i);
  }
  return -1;
}

QString LessonQuestionBox::answerText() const {
  return answer_->text();
}

void LessonQuestionBox::reveal() {
  if (revealed_ || question_.choices.empty()) return;
  revealed_ = true;
  const int mine = chosen();
  for (std::size_t i = 0; i < question_.choices.size(); ++i) {
    QRadioButton* b = choices_[i];
    QString text = qs(question_.choices[i]);
    if (static_cast<int>(i) == question_.answer) {
      text = QStringLiteral("✓ ") + text;
    } else if (static_cast<int>(i) == mine) {
      text = QStringLiteral("✗ ") + text;
    }
    b->setText(text);
    b->setEnabled(false);
  }
  const QString right = qs(question_.choices[static_cast<std::size_t>(question_.answer)]);
  QString verdict;
  if (mine < 0) {
    verdict = tr("The answer: <b>%1</b>.").arg(right.toHtmlEscaped());
  } else if (mine == question_.answer) {
    verdict = tr("Right: <b>%1</b>.").arg(right.toHtmlEscaped());
  } else {
    verdict = tr("Not quite: the answer is <b>%1</b>.").arg(right.toHtmlEscaped());
  }
  answer_->setText(verdict + " " + qs(question_.reason));
  answer_->show();
  reveal_->hide();
}

}  // namespace nnplay::gui
