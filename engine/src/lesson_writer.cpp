// Appending a step to a lesson file (lesson_writer.hpp): the file is edited
// as JSON, so the steps already there stay exactly as their author wrote
// them, and the result goes through the reader before it is written.
#include "nnplay/lesson_writer.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "nnplay/atomic_file.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"

namespace nnplay {

namespace {

using nlohmann::json;

json namesJson(const std::vector<LessonControl>& controls) {
  json a = json::array();
  for (LessonControl c : controls) {
    a.push_back(std::string(lessonControls()[static_cast<std::size_t>(c)].name));
  }
  return a;
}

json namesJson(const std::vector<LessonView>& views) {
  json a = json::array();
  for (LessonView v : views)
    a.push_back(std::string(lessonViews()[static_cast<std::size_t>(v)].name));
  return a;
}

json stepJson(const LessonStepDraft& step) {
  // The document as a project file holds it, less what a step does not
  // start from: the data's fitted transform and the training history.
  json setup = json::parse(projectToJson(step.setup));
  setup.erase("transform");
  setup.erase("history");
  setup.erase("trainer");
  json s;
  s["title"] = step.title;
  s["text"] = step.text.empty() ? "<p>" + step.title + "</p>" : step.text;
  s["setup"] = std::move(setup);
  s["controls"] = namesJson(step.controls);
  s["views"] = namesJson(step.views);
  return s;
}

}  // namespace

std::string lessonWithStep(std::string_view existing, const std::string& source,
                           const LessonHeader& header, const LessonStepDraft& step) {
  json lesson;
  if (existing.empty()) {
    lesson["format"] = "nnplay-lesson";
    lesson["version"] = kLessonVersion;
    lesson["id"] = header.id;
    lesson["title"] = header.title;
    lesson["chapter"] = header.chapter;
    lesson["concepts"] = header.concepts;
    lesson["minutes"] = header.minutes;
    lesson["steps"] = json::array();
  } else {
    static_cast<void>(lessonFromJson(existing, source));  // refuses what the reader refuses
    lesson = json::parse(existing.begin(), existing.end());
  }
  lesson["steps"].push_back(stepJson(step));
  std::string text = lesson.dump(2) + "\n";
  static_cast<void>(lessonFromJson(text, source));  // what is written reads back
  return text;
}

std::size_t appendLessonStep(const std::string& path, const LessonHeader& header,
                             const LessonStepDraft& step) {
  std::error_code ec;
  const std::string existing =
      std::filesystem::exists(path, ec) ? readFileLimited(path, kMaxLessonBytes) : std::string();
  const std::string text = lessonWithStep(existing, path, header, step);
  writeFileAtomically(path, text);
  return lessonFromJson(text, path).steps.size();
}

std::string lessonIdFromFileName(const std::string& path) {
  std::string stem = std::filesystem::path(path).filename().string();
  if (const auto dot = stem.find('.'); dot != std::string::npos) stem.resize(dot);
  std::string id;
  for (char c : stem) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (ok) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
    if (id.size() == 64) break;
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? "lesson" : id;
}

}  // namespace nnplay
