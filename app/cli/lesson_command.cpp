#include "lesson_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/idx_reader.hpp"
#include "nnplay/lesson.hpp"
#include "nnplay/lesson_goal.hpp"
#include "nnplay/session.hpp"

namespace nnplay::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct StepResult {
  enum Kind { Ok, Failed, Skipped } kind = Ok;
  std::string what;
};

std::string seconds(Clock::time_point since) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s",
                std::chrono::duration<double>(Clock::now() - since).count());
  return buf;
}

// Why a document cannot be applied here (a data set that is not installed), if so.
std::optional<std::string> missingData(const Project& p) {
  if (p.data.kind != DataSourceKind::Idx && p.data.kind != DataSourceKind::Csv) return {};
  std::error_code ec;
  if (std::filesystem::exists(p.data.path, ec)) return {};
  if (p.data.path == kFashionMnistDir) return "Fashion-MNIST not installed (" + p.data.path + ")";
  return {};  // any other missing file is the lesson's fault: applying it fails and says so
}

// The document as the window applies it: a session on the CPU, paused, with
// the document's weights when it has them. Throws what the session throws.
std::unique_ptr<Session> apply(const Project& p) {
  SessionConfig config;
  config.data = p.data;
  config.network = p.network;
  config.training = p.training;
  config.inputsFromData = false;  // the document's width, as in the window
  config.gridResolution = 0;      // nobody looks at the boundary here
  auto session = std::make_unique<Session>(std::move(config), std::make_unique<CpuBackend>());
  if (!p.parameters.empty()) {
    session->restore(p.parameters, p.state, p.trainer, p.history);
    session->sync();
    const auto s = session->snapshot();
    if (s->error) throw SpecError("its weights were refused: " + s->message);
  }
  return session;
}

StepResult checkMatrix(const LessonMatrix& m) {
  try {
    const SmallMatrix got = lessonMatrixResult(m);
    if (!lessonMatrixMatches(m, got)) {
      return {StepResult::Failed, "the matrix example gives " + formatMatrix(got) +
                                      ", not the step's result " + m.result};
    }
    return {StepResult::Ok, "matrix " + formatMatrix(got)};
  } catch (const SpecError& e) {
    if (!m.result.empty()) return {StepResult::Failed, std::string("matrix: ") + e.what()};
    return {StepResult::Ok, std::string("matrix refused as meant: ") + e.what()};
  }
}

StepResult runTask(const LessonStep& step, double timeLimit) {
  const Project& run = step.solution ? *step.solution : step.setup;
  const std::string whose = step.solution ? "the solution" : "the setup";
  if (auto why = missingData(run)) return {StepResult::Skipped, *why};
  std::unique_ptr<Session> session;
  try {
    session = apply(run);
  } catch (const std::exception& e) {
    return {StepResult::Failed, whose + " was refused: " + e.what()};
  }
  const auto start = Clock::now();
  GoalTracker tracker(*step.task);
  std::shared_ptr<const Snapshot> s = session->snapshot();
  tracker.update(*s);
  while (tracker.progress().state == GoalState::Pending) {
    if (s->error) return {StepResult::Failed, whose + ": " + s->message};
    if (s->diverged) {
      return {StepResult::Failed, whose + " diverged (" + s->message +
                                      ") before the goal: " + tracker.progress().summary};
    }
    if (std::chrono::duration<double>(Clock::now() - start).count() > timeLimit) {
      return {StepResult::Failed, "time limit passed at epoch " + std::to_string(s->epoch) +
                                      " with " + whose + ": " + tracker.progress().summary};
    }
    const long before = s->epoch;
    session->stepEpoch();
    session->sync();
    s = session->snapshot();
    tracker.update(*s);
    if (s->epoch == before && !s->diverged && tracker.progress().state == GoalState::Pending) {
      return {StepResult::Failed,
              whose + " stopped training at epoch " + std::to_string(before) + ": " + s->message};
    }
  }
  const GoalProgress& p = tracker.progress();
  if (p.state == GoalState::Failed) return {StepResult::Failed, whose + ": " + p.summary};
  return {StepResult::Ok,
          p.summary + " at epoch " + std::to_string(p.metAtEpoch) + " (" + whose + ")"};
}

StepResult checkStep(const LessonStep& step, double timeLimit) {
  StepResult matrix;
  if (step.matrix) {
    matrix = checkMatrix(*step.matrix);
    if (matrix.kind == StepResult::Failed) return matrix;
  }
  if (auto why = missingData(step.setup)) return {StepResult::Skipped, *why};
  if (!step.task) {
    try {
      apply(step.setup);
    } catch (const std::exception& e) {
      return {StepResult::Failed, std::string("the setup was refused: ") + e.what()};
    }
    return {StepResult::Ok, step.matrix ? matrix.what : "applied"};
  }
  // A task whose solution is another document: the setup must apply too.
  if (step.solution) {
    try {
      apply(step.setup);
    } catch (const std::exception& e) {
      return {StepResult::Failed, std::string("the setup was refused: ") + e.what()};
    }
  }
  return runTask(step, timeLimit);
}

}  // namespace

int runLessonCheck(const LessonCheckOptions& o, std::ostream& out) {
  int failed = 0, passed = 0, skipped = 0;
  const auto all = Clock::now();
  for (const std::string& file : o.files) {
    const auto start = Clock::now();
    Lesson lesson;
    try {
      lesson = loadLesson(file);
    } catch (const std::exception& e) {
      out << file << ": failed: " << e.what() << '\n';
      ++failed;
      continue;
    }
    out << file << ": “" << lesson.title << "”, " << lesson.steps.size() << " steps\n";
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
      const auto t0 = Clock::now();
      const StepResult r = checkStep(lesson.steps[i], o.timeLimit);
      const char* kind = r.kind == StepResult::Ok       ? "ok"
                         : r.kind == StepResult::Failed ? "failed"
                                                        : "skipped";
      out << "  " << lessonStepName(lesson, i) << ": " << kind << ": " << r.what << " ["
          << seconds(t0) << "]\n";
      out.flush();
      (r.kind == StepResult::Ok ? passed : r.kind == StepResult::Failed ? failed : skipped) += 1;
    }
    out << "  lesson took " << seconds(start) << '\n';
  }
  out << passed << " ok, " << failed << " failed, " << skipped << " skipped in " << seconds(all)
      << '\n';
  return failed == 0 ? 0 : 1;
}

}  // namespace nnplay::cli
