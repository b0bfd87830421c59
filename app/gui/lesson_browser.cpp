#include "lesson_browser.hpp"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "lesson_progress.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

enum Column { kTitle, kConcepts, kMinutes, kSteps, kProgress, kColumns };
constexpr int kPathRole = Qt::UserRole + 1;

}  // namespace

LessonBrowser::LessonBrowser(QWidget* parent) : QDialog(parent) {
  setObjectName("lessonBrowser");
  setWindowTitle(tr("Lessons"));
  auto* layout = new QVBoxLayout(this);
  welcome_ = new QLabel(
      tr("<p><b>Welcome to nnplay.</b> The course is here as lessons: each step sets up the "
         "playground, asks you something, and checks your network's goal as it trains. Pick "
         "one to start, or close this and play on your own (Help → Lessons… brings it "
         "back).</p>"));
  welcome_->setObjectName("lessonWelcome");
  welcome_->setWordWrap(true);
  layout->addWidget(welcome_);
  tree_ = new QTreeWidget;
  tree_->setObjectName("lessonTree");
  tree_->setColumnCount(kColumns);
  tree_->setHeaderLabels({tr("Lesson"), tr("Concepts"), tr("Minutes"), tr("Steps"), tr("Done")});
  tree_->header()->setSectionResizeMode(kTitle, QHeaderView::Stretch);
  tree_->header()->setStretchLastSection(false);
  tree_->setRootIsDecorated(false);
  tree_->setItemsExpandable(false);
  layout->addWidget(tree_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Close);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons->button(QDialogButtonBox::Open), &QPushButton::clicked, this,
          [this] { choose(tree_->currentItem()); });
  connect(tree_, &QTreeWidget::itemDoubleClicked, this,
          [this](QTreeWidgetItem* item) { choose(item); });
  resize(820, 520);
}

void LessonBrowser::load(const QString& dir, bool welcome) {
  welcome_->setVisible(welcome);
  entries_ = loadLessons(dir);
  tree_->clear();
  QTreeWidgetItem* chapter = nullptr;
  QString chapterName;
  for (const LessonEntry& e : entries_) {
    if (!e.lesson) {
      auto* item = new QTreeWidgetItem(tree_, {tr("Could not load: %1").arg(e.error)});
      item->setForeground(kTitle, QColor(0xb3, 0x26, 0x1e));
      item->setToolTip(kTitle, e.error);
      continue;
    }
    const Lesson& l = *e.lesson;
    if (!chapter || qs(l.chapter) != chapterName) {
      chapterName = qs(l.chapter);
      chapter = new QTreeWidgetItem(tree_, {chapterName});
      QFont f = chapter->font(kTitle);
      f.setBold(true);
      chapter->setFont(kTitle, f);
      chapter->setFlags(Qt::ItemIsEnabled);
      chapter->setFirstColumnSpanned(true);
    }
    QStringList concepts;
    for (const std::string& c : l.concepts) concepts << qs(c);
    const int steps = static_cast<int>(l.steps.size());
    const int done = static_cast<int>(LessonProgress::done(qs(l.id)).size());
    auto* item =
        new QTreeWidgetItem(chapter, {qs(l.title), concepts.join(", "), QString::number(l.minutes),
                                      QString::number(steps),
                                      done == 0 ? QString() : tr("%1 of %2").arg(done).arg(steps)});
    item->setData(kTitle, kPathRole, e.path);
    item->setToolTip(kTitle, e.path);
  }
  tree_->expandAll();
  for (int c = kConcepts; c < kColumns; ++c) tree_->resizeColumnToContents(c);
}

void LessonBrowser::choose(QTreeWidgetItem* item) {
  if (!item) return;
  const QString path = item->data(kTitle, kPathRole).toString();
  if (path.isEmpty()) return;
  accept();
  emit lessonChosen(path);
}

}  // namespace nnplay::gui
