#include "lesson_library.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace nnplay::gui {

QString lessonsDir() {
  const QStringList candidates = {
      QCoreApplication::applicationDirPath() + "/../share/nnplay/lessons",
      QStringLiteral(NNPLAY_RESOURCES_DIR "/lessons"),
  };
  for (const QString& c : candidates) {
    if (!QDir(c).entryList({"*.json"}, QDir::Files).isEmpty()) return QDir(c).canonicalPath();
  }
  return candidates.back();
}

std::vector<LessonEntry> loadLessons(const QString& dir) {
  std::vector<LessonEntry> entries;
  const QDir d(dir);
  for (const QString& name : d.entryList({"*.json"}, QDir::Files, QDir::Name)) {
    LessonEntry e;
    e.path = d.filePath(name);
    try {
      e.lesson = loadLesson(e.path.toStdString());
    } catch (const std::exception& ex) {
      e.error = QString::fromStdString(ex.what());
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace nnplay::gui
