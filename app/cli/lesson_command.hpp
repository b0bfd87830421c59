#pragma once
// `nnplay-cli lesson check FILE...`: the lesson author's and the tests' tool.
// Loads each lesson, applies every step headlessly (its data prepared, its
// network built, its weights restored), checks a matrix example's result,
// and for a step with a task trains its solution (or its setup, when the
// goal is to be reached as it is) one epoch at a time with a Session until
// the goal is met on a snapshot, the task's epoch limit or the time limit
// passes. One line per step: ok, failed (why) or skipped (why), with the
// time taken.
#include <ostream>
#include <string>
#include <vector>

namespace nnplay::cli {

struct LessonCheckOptions {
  std::vector<std::string> files;
  double timeLimit = 60.0;  // seconds per step
};

// 0 when every step passed or was skipped, 1 when any failed or a file did not load.
int runLessonCheck(const LessonCheckOptions& o, std::ostream& out);

}  // namespace nnplay::cli
