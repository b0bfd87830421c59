#pragma once
// Writing lesson files: File → Save as lesson step in the window appends the
// current document, with the controls left visible and the views open, as a
// step to a new or an existing lesson file (lesson.hpp reads it).
//
// Requires nothing of the file beyond what the reader accepts. Guarantees:
// the text written is read back by lessonFromJson() (it is checked before it
// is written), so a save never leaves a file the window cannot open; the
// existing steps are kept as written (inherited `changes` and all); the file
// is replaced atomically (atomic_file.hpp), or a DataError names the file
// and why, and the old file stays as it was.
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/lesson.hpp"

namespace nnplay {

struct LessonStepDraft {
  std::string title;
  std::string text;  // rich text; may be empty (the step then says its title)
  Project setup;     // written as the step's whole `setup` (with weights only when it has them)
  std::vector<LessonControl> controls;
  std::vector<LessonView> views;
};

// What a new lesson file starts with (an existing file keeps its own).
struct LessonHeader {
  std::string id;  // lower-case letters, digits, '_' and '-'
  std::string title;
  std::string chapter;
  std::vector<std::string> concepts;  // "c01" ... "c27", at least one
  int minutes = 10;
};

// The lesson `existing` (a file's text; empty: a new lesson with `header`)
// with `step` appended, as JSON text. Throws DataError naming `source` when
// the existing text or the result is not a valid lesson.
std::string lessonWithStep(std::string_view existing, const std::string& source,
                           const LessonHeader& header, const LessonStepDraft& step);

// Appends `step` to the lesson file at `path`, creating it (with `header`)
// when it does not exist. Returns the number of steps it has now.
std::size_t appendLessonStep(const std::string& path, const LessonHeader& header,
                             const LessonStepDraft& step);

// A lesson id made from a file name: "My XOR lesson.json" -> "my-xor-lesson".
std::string lessonIdFromFileName(const std::string& path);

}  // namespace nnplay
