#pragma once
// The lessons that ship with nnplay: one file each in resources/lessons
// (installed as share/nnplay/lessons next to the program, or read from the
// source tree it was built from, like the datasets). A file that does not
// load is listed with its error instead of its lesson: the browser shows it
// and the window keeps running.
#include <QString>
#include <optional>
#include <vector>

#include "nnplay/lesson.hpp"

namespace nnplay::gui {

struct LessonEntry {
  QString path;
  std::optional<Lesson> lesson;
  QString error;  // why it did not load (file, step and field named)
};

// The folder the shipped lessons are in.
QString lessonsDir();
// Every *.json file in `dir`, in file-name order (the course's order).
std::vector<LessonEntry> loadLessons(const QString& dir);

}  // namespace nnplay::gui
