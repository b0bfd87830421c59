#include "lesson_progress.hpp"

#include <QSettings>
#include <QVariant>

namespace nnplay::gui {
namespace {

QString key(const QString& lessonId) {
  return QStringLiteral("lessons/progress/") + lessonId;
}

}  // namespace

QSet<int> LessonProgress::done(const QString& lessonId) {
  QSet<int> steps;
  for (const QVariant& v : QSettings().value(key(lessonId)).toList()) steps.insert(v.toInt());
  return steps;
}

void LessonProgress::markDone(const QString& lessonId, int step) {
  QSet<int> steps = done(lessonId);
  if (steps.contains(step)) return;
  steps.insert(step);
  QVariantList list;
  for (int s : steps) list.append(s);
  QSettings().setValue(key(lessonId), list);
}

void LessonProgress::clear(const QString& lessonId) {
  QSettings().remove(key(lessonId));
}

}  // namespace nnplay::gui
