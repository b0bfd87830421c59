#pragma once
// Which steps of each lesson a student has done, remembered in QSettings
// (lessons/progress/<lesson id>: the step numbers from 0). A step is done
// when its goal was met, or when it was shown if it has no task.
#include <QSet>
#include <QString>

namespace nnplay::gui {

class LessonProgress {
 public:
  static QSet<int> done(const QString& lessonId);
  static void markDone(const QString& lessonId, int step);
  static void clear(const QString& lessonId);
};

}  // namespace nnplay::gui
