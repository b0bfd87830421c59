#pragma once
// The course's lessons in order, grouped by chapter (Help → Lessons…, and
// the start page on first run): each with its concepts, length, number of
// steps and the student's progress. A double-click (or Open) starts one. A
// file that did not load is listed with its error, not hidden.
#include <QDialog>
#include <vector>

#include "lesson_library.hpp"

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace nnplay::gui {

class LessonBrowser : public QDialog {
  Q_OBJECT

 public:
  explicit LessonBrowser(QWidget* parent = nullptr);

  // Reads the lessons in `dir` again (and the progress); `welcome` shows the
  // start page's greeting above the list.
  void load(const QString& dir, bool welcome);
  QTreeWidget* tree() const { return tree_; }
  const std::vector<LessonEntry>& entries() const { return entries_; }

 signals:
  void lessonChosen(const QString& path);

 private:
  void choose(QTreeWidgetItem* item);

  QLabel* welcome_;
  QTreeWidget* tree_;
  std::vector<LessonEntry> entries_;
};

}  // namespace nnplay::gui
