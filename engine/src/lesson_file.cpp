// Reading lesson files (lesson.hpp). Every field is checked before it is
// used, in the style of project_file.cpp: what was expected and what was
// found, with the file, the step and the field named. A step's document is
// read by the project reader itself, so a lesson accepts exactly the
// projects the window and the CLI accept.
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "json_text.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/lesson.hpp"
#include "nnplay/matrix_playground.hpp"

namespace nnplay {

namespace {

using nlohmann::json;

constexpr const char* kFormat = "nnplay-lesson";
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxPrompt = 2000;
constexpr std::size_t kMaxChoice = 500;
constexpr std::size_t kMaxReason = 4000;
constexpr std::size_t kMaxMatrixText = 20000;
constexpr std::size_t kMaxControls = 64;
constexpr std::size_t kMaxViews = 16;
// The documents of all steps together (each step's is read in full, and an
// inherited one is read again): a bound on the work and memory of a file.
constexpr std::size_t kMaxDocumentBytes = std::size_t{32} << 20;

std::string describe(const json& j) {
  std::string s = j.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return std::string(j.type_name()) + " " + s;
}

// Errors from one place in the file: "FILE: step 3 (“OR”): field 'x': ...".
class Reader {
 public:
  explicit Reader(std::string where) : where_(std::move(where)) {}
  const std::string& where() const { return where_; }

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw DataError(where_ + ": field '" + field + "': " + what);
  }
  [[noreturn]] void expected(const std::string& field, const std::string& what,
                             const json& got) const {
    fail(field, "expected " + what + ", got " + describe(got));
  }

  // Refuses keys outside `known` (a misspelt key would otherwise be ignored).
  void onlyKeys(const json& obj, const std::string& path,
                std::initializer_list<const char*> known) const {
    if (!obj.is_object()) expected(path.empty() ? "(top level)" : path, "an object", obj);
    for (const auto& item : obj.items()) {
      bool ok = false;
      for (const char* k : known) ok = ok || item.key() == k;
      if (!ok) {
        std::string list;
        for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        fail(join(path, item.key()), "unknown field; expected one of: " + list);
      }
    }
  }
  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  const json* optional(const json& obj, const char* key) const {
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }
  const json& at(const json& obj, const std::string& path, const char* key) const {
    const json* v = optional(obj, key);
    if (!v) fail(join(path, key), "missing");
    return *v;
  }
  std::string text(const json& v, const std::string& field, std::size_t maxBytes,
                   bool allowEmpty = false) const {
    if (!v.is_string() || v.get_ref<const std::string&>().size() > maxBytes ||
        (!allowEmpty && v.get_ref<const std::string&>().empty())) {
      expected(field,
               std::string(allowEmpty ? "a string" : "a non-empty string") + " of at most " +
                   std::to_string(maxBytes) + " bytes",
               v);
    }
    return v.get<std::string>();
  }
  long integer(const json& v, const std::string& field, long lo, long hi) const {
    if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi) {
      expected(field, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi), v);
    }
    return static_cast<long>(v.get<long long>());
  }
  double number(const json& v, const std::string& field, double lo, double hi) const {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo ||
        v.get<double>() > hi) {
      expected(field, "a number from " + json(lo).dump() + " to " + json(hi).dump(), v);
    }
    return v.get<double>();
  }
  bool boolean(const json& v, const std::string& field) const {
    if (!v.is_boolean()) expected(field, "true or false", v);
    return v.get<bool>();
  }
  const json& array(const json& v, const std::string& field, std::size_t lo, std::size_t hi,
                    const std::string& of) const {
    if (!v.is_array() || v.size() < lo || v.size() > hi) {
      expected(
          field,
          "an array of " +
              (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
              " " + of,
          v);
    }
    return v;
  }
  // A name from an engine table; its error lists the known names.
  template <typename Lookup>
  auto named(const json& v, const std::string& field, Lookup lookup) const {
    const std::string s = text(v, field, 200);
    try {
      return lookup(s);
    } catch (const SpecError& e) {
      fail(field, e.what());
    }
  }

 private:
  std::string where_;
};

// The deepest nesting of arrays and objects, counted on the text so that
// neither parsing nor printing a hostile file recurses deeply.
bool nestingWithin(std::string_view text, int maxDepth) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

json parseText(std::string_view text, const std::string& source) {
  if (text.empty()) throw DataError(source + ": empty file (expected a JSON lesson object)");
  if (text.size() > kMaxLessonBytes) {
    throw DataError(source + ": larger than the " + std::to_string(kMaxLessonBytes >> 20) +
                    " MiB limit of a lesson file");
  }
  if (!nestingWithin(text, kMaxLessonDepth)) {
    throw DataError(source + ": arrays and objects nested deeper than " +
                    std::to_string(kMaxLessonDepth) + " levels");
  }
  return parseJsonText(text, source);
}

// "step 3 (“OR”)", or "step 3" before the title is known.
std::string stepName(std::size_t index, const std::string& title) {
  std::string s = "step " + std::to_string(index + 1);
  if (!title.empty()) s += " (“" + title + "”)";
  return s;
}

// A relative data path is relative to the lesson's folder (the shipped
// lessons name ../datasets/...; installed, the two folders sit side by side).
void resolvePaths(Project& p, const std::string& source) {
  if (p.data.kind != DataSourceKind::Csv && p.data.kind != DataSourceKind::Idx) return;
  const std::filesystem::path path(p.data.path);
  if (path.empty() || path.is_absolute()) return;
  p.data.path = (std::filesystem::path(source).parent_path() / path).lexically_normal().string();
}

// The project reader on one step's document; its messages get the step's name.
Project readDocument(const json& doc, const Reader& r, const std::string& field,
                     const std::string& source, std::size_t& budget) {
  const std::string text = doc.dump();
  if (text.size() > budget) {
    r.fail(field, "the lesson's documents together exceed " +
                      std::to_string(kMaxDocumentBytes >> 20) +
                      " MiB (each step re-reads its own)");
  }
  budget -= text.size();
  Project p = projectFromJson(text, r.where() + ", " + field);
  resolvePaths(p, source);
  return p;
}

// A setup as written may leave out the format and version: it is a project
// document by construction.
json withFormat(json doc) {
  if (doc.is_object()) {
    if (!doc.contains("format")) doc["format"] = "nnplay";
    if (!doc.contains("version")) doc["version"] = kProjectVersion;
  }
  return doc;
}

GoalComparison comparisonByName(const Reader& r, const json& v, const std::string& field) {
  const std::string s = r.text(v, field, 8);
  for (GoalComparison c : {GoalComparison::AtLeast, GoalComparison::AtMost, GoalComparison::Equal,
                           GoalComparison::Above, GoalComparison::Below}) {
    if (s == comparisonSymbol(c)) return c;
  }
  r.expected(field, "one of \">=\", \"<=\", \"==\", \">\", \"<\"", v);
}

GoalCondition readCondition(const Reader& r, const json& j, const std::string& path) {
  r.onlyKeys(j, path, {"metric", "compare", "value", "for_epochs"});
  GoalCondition c;
  const GoalMetricInfo& m =
      r.named(r.at(j, path, "metric"), Reader::join(path, "metric"),
              [](const std::string& s) -> const GoalMetricInfo& { return goalMetricByName(s); });
  c.metric = m.id;
  if (m.boolean) {
    c.compare = GoalComparison::Equal;
    if (const json* cmp = r.optional(j, "compare")) {
      c.compare = comparisonByName(r, *cmp, Reader::join(path, "compare"));
      if (c.compare != GoalComparison::Equal) {
        r.fail(Reader::join(path, "compare"),
               "'" + std::string(m.name) + "' is true or false: compare with \"==\"");
      }
    }
    const json* v = r.optional(j, "value");
    c.value = !v || r.boolean(*v, Reader::join(path, "value")) ? 1.0 : 0.0;
  } else {
    c.compare = comparisonByName(r, r.at(j, path, "compare"), Reader::join(path, "compare"));
    c.value = r.number(r.at(j, path, "value"), Reader::join(path, "value"), -1e12, 1e12);
  }
  if (const json* f = r.optional(j, "for_epochs")) {
    c.forEpochs = r.integer(*f, Reader::join(path, "for_epochs"), 0, 1'000'000);
  }
  return c;
}

LessonTask readTask(const Reader& r, const json& j) {
  r.onlyKeys(j, "task", {"prompt", "goal", "within_epochs"});
  LessonTask t;
  t.prompt = r.text(r.at(j, "task", "prompt"), "task.prompt", kMaxPrompt);
  const json& goal = r.at(j, "task", "goal");
  if (goal.is_object()) {
    t.goal.push_back(readCondition(r, goal, "task.goal"));
  } else {
    r.array(goal, "task.goal", 1, LessonTask::kMaxGoalConditions, "conditions (or one object)");
    for (std::size_t i = 0; i < goal.size(); ++i) {
      t.goal.push_back(readCondition(r, goal[i], "task.goal[" + std::to_string(i) + "]"));
    }
  }
  if (const json* w = r.optional(j, "within_epochs")) {
    t.withinEpochs = r.integer(*w, "task.within_epochs", 1, 10'000'000);
    for (std::size_t i = 0; i < t.goal.size(); ++i) {
      if (t.goal[i].forEpochs > t.withinEpochs) {
        r.fail("task.goal", "a condition must hold for " + std::to_string(t.goal[i].forEpochs) +
                                " epochs but the task ends after " +
                                std::to_string(t.withinEpochs));
      }
    }
  }
  return t;
}

LessonQuestion readQuestion(const Reader& r, const json& j) {
  r.onlyKeys(j, "question", {"prompt", "choices", "answer", "reason"});
  LessonQuestion q;
  q.prompt = r.text(r.at(j, "question", "prompt"), "question.prompt", kMaxPrompt);
  const json& choices =
      r.array(r.at(j, "question", "choices"), "question.choices", 2, 4, "choices");
  for (std::size_t i = 0; i < choices.size(); ++i) {
    q.choices.push_back(
        r.text(choices[i], "question.choices[" + std::to_string(i) + "]", kMaxChoice));
  }
  q.answer = static_cast<int>(r.integer(r.at(j, "question", "answer"), "question.answer", 0,
                                        static_cast<long>(q.choices.size()) - 1));
  q.reason = r.text(r.at(j, "question", "reason"), "question.reason", kMaxReason);
  return q;
}

LessonMatrix readMatrix(const Reader& r, const json& j) {
  r.onlyKeys(j, "matrix", {"a", "b", "op", "activation", "result"});
  LessonMatrix m;
  auto matrixText = [&](const char* key, bool required) {
    const json* v = r.optional(j, key);
    if (!v) {
      if (required) r.fail(Reader::join("matrix", key), "missing");
      return std::string();
    }
    const std::string field = Reader::join("matrix", key);
    const std::string s = r.text(*v, field, kMaxMatrixText);
    try {
      static_cast<void>(parseMatrix(s, key));
    } catch (const SpecError& e) {
      r.fail(field, e.what());
    }
    return s;
  };
  m.a = matrixText("a", true);
  m.b = matrixText("b", false);
  if (const json* op = r.optional(j, "op")) {
    m.op = r.text(*op, "matrix.op", 20);
    if (m.op != "product" && m.op != "add" && m.op != "subtract" && m.op != "hadamard") {
      r.expected("matrix.op", "one of product, add, subtract, hadamard", *op);
    }
  }
  if (m.b.empty() && r.optional(j, "op")) {
    r.fail("matrix.op", "an operation needs a second matrix 'b'");
  }
  if (const json* a = r.optional(j, "activation")) {
    m.activation = r.named(*a, "matrix.activation",
                           [](const std::string& s) { return activationByName(s).id; });
  }
  if (m.b.empty() && !m.activation) {
    r.fail("matrix", "needs a second matrix 'b' or an 'activation' to apply to 'a'");
  }
  m.result = matrixText("result", false);
  return m;
}

LessonDisplay readDisplay(const Reader& r, const json& j) {
  r.onlyKeys(j, "display", {"speed", "show_test", "discretize", "log_scale"});
  LessonDisplay d;
  if (const json* v = r.optional(j, "speed")) d.speed = r.number(*v, "display.speed", 0.0, 1000.0);
  if (const json* v = r.optional(j, "show_test")) d.showTest = r.boolean(*v, "display.show_test");
  if (const json* v = r.optional(j, "discretize")) {
    d.discretize = r.boolean(*v, "display.discretize");
  }
  if (const json* v = r.optional(j, "log_scale")) d.logScale = r.boolean(*v, "display.log_scale");
  return d;
}

template <typename Id, typename Lookup>
std::vector<Id> readNames(const Reader& r, const json& v, const char* field, std::size_t max,
                          Lookup lookup) {
  r.array(v, field, 0, max, "names");
  std::vector<Id> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string f = std::string(field) + "[" + std::to_string(i) + "]";
    const Id id = r.named(v[i], f, lookup);
    for (Id seen : out) {
      if (seen == id) r.fail(f, "'" + v[i].get<std::string>() + "' is listed twice");
    }
    out.push_back(id);
  }
  return out;
}

LessonStep readStep(const json& j, std::size_t index, const std::string& source, json& document,
                    std::size_t& budget) {
  // The title first, so that every later message names the step by it.
  std::string title;
  {
    const Reader r(source + ": " + stepName(index, ""));
    r.onlyKeys(j, "",
               {"title", "text", "setup", "changes", "controls", "views", "display", "matrix",
                "task", "question", "solution"});
    title = r.text(r.at(j, "", "title"), "title", kMaxTitle);
  }
  const Reader r(source + ": " + stepName(index, title));
  LessonStep s;
  s.title = title;
  s.text = r.text(r.at(j, "", "text"), "text", kMaxLessonText);

  const json* setup = r.optional(j, "setup");
  const json* changes = r.optional(j, "changes");
  if (setup && changes) {
    r.fail("changes", "a step has either a whole 'setup' or 'changes' to the previous step's");
  }
  if (setup) {
    if (!setup->is_object()) r.expected("setup", "a project document (an object)", *setup);
    document = withFormat(*setup);
  } else if (index == 0) {
    r.fail("setup", "missing (the first step needs a whole project document)");
  } else if (changes) {
    if (!changes->is_object()) r.expected("changes", "an object (a JSON merge patch)", *changes);
    document.merge_patch(*changes);
  }
  s.setup = readDocument(document, r, setup || index == 0 ? "setup" : "changes", source, budget);

  if (const json* v = r.optional(j, "controls")) {
    s.controls = readNames<LessonControl>(r, *v, "controls", kMaxControls, lessonControlByName);
  }
  if (const json* v = r.optional(j, "views")) {
    s.views = readNames<LessonView>(r, *v, "views", kMaxViews, lessonViewByName);
  }
  if (const json* v = r.optional(j, "display")) s.display = readDisplay(r, *v);
  if (const json* v = r.optional(j, "matrix")) s.matrix = readMatrix(r, *v);
  if (const json* v = r.optional(j, "task")) s.task = readTask(r, *v);
  if (const json* v = r.optional(j, "question")) s.question = readQuestion(r, *v);
  if (const json* v = r.optional(j, "solution")) {
    if (!s.task) r.fail("solution", "present without a task (a solution reaches a task's goal)");
    if (!v->is_object()) r.expected("solution", "an object (changes to the setup)", *v);
    json solved = document;
    solved.merge_patch(*v);
    s.solution = readDocument(solved, r, "solution", source, budget);
  }
  return s;
}

bool isConceptId(const std::string& s) {
  if (s.size() != 3 || s[0] != 'c' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9') {
    return false;
  }
  const int n = (s[1] - '0') * 10 + (s[2] - '0');
  return n >= 1 && n <= kCourseConcepts;
}

bool isIdentifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Lesson readLesson(const json& j, const std::string& source) {
  const Reader r(source);
  if (!j.is_object()) r.expected("(top level)", "a JSON object (a lesson)", j);
  const json* format = r.optional(j, "format");
  if (!format || *format != kFormat) {
    throw DataError(source + ": not an nnplay lesson (field 'format' must be \"" + kFormat + "\")");
  }
  const json& version = r.at(j, "", "version");
  if (!version.is_number_integer() || version.get<long long>() < 1) {
    r.expected("version", "a positive integer", version);
  }
  if (version.get<long long>() > kLessonVersion) {
    throw DataError(source + ": made by a newer nnplay (lesson format version " + version.dump() +
                    "); this one reads version " + std::to_string(kLessonVersion));
  }
  r.onlyKeys(j, "",
             {"format", "version", "id", "title", "chapter", "concepts", "minutes", "steps"});
  Lesson l;
  l.source = source;
  const json& id = r.at(j, "", "id");
  l.id = r.text(id, "id", 64);
  if (!isIdentifier(l.id)) r.expected("id", "lower-case letters, digits, '_' and '-'", id);
  l.title = r.text(r.at(j, "", "title"), "title", kMaxTitle);
  l.chapter = r.text(r.at(j, "", "chapter"), "chapter", kMaxTitle);
  const json& concepts = r.array(r.at(j, "", "concepts"), "concepts", 1,
                                 static_cast<std::size_t>(kCourseConcepts), "concept ids");
  for (std::size_t i = 0; i < concepts.size(); ++i) {
    const std::string field = "concepts[" + std::to_string(i) + "]";
    const std::string c = r.text(concepts[i], field, 3);
    if (!isConceptId(c)) {
      r.expected(field, "a concept id of COURSE.md, c01 to c" + std::to_string(kCourseConcepts),
                 concepts[i]);
    }
    for (const std::string& seen : l.concepts) {
      if (seen == c) r.fail(field, "'" + c + "' is listed twice");
    }
    l.concepts.push_back(c);
  }
  l.minutes = static_cast<int>(r.integer(r.at(j, "", "minutes"), "minutes", 1, 600));
  const json& steps =
      r.array(r.at(j, "", "steps"), "steps", 1, static_cast<std::size_t>(kMaxLessonSteps), "steps");
  json document;
  std::size_t budget = kMaxDocumentBytes;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    l.steps.push_back(readStep(steps[i], i, source, document, budget));
  }
  return l;
}

}  // namespace

Lesson lessonFromJson(std::string_view text, const std::string& source) {
  const json j = parseText(text, source);
  try {
    return readLesson(j, source);
  } catch (const json::exception& e) {  // a JSON access the checks above did not foresee
    throw DataError(source + ": unexpected content (" + e.what() + ")");
  }
}

Lesson loadLesson(const std::string& path) {
  return lessonFromJson(readFileLimited(path, kMaxLessonBytes), path);
}

std::string lessonStepName(const Lesson& lesson, std::size_t index) {
  return stepName(index, index < lesson.steps.size() ? lesson.steps[index].title : "");
}

}  // namespace nnplay
