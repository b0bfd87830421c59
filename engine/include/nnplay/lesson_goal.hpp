#pragma once
// A lesson task's goal checked on training snapshots: the window calls
// update() with every snapshot it receives, `nnplay-cli lesson check` with
// the snapshot after every epoch. Goals read snapshots only (their history,
// epoch, divergence flag and the network the session runs), never the
// session's insides.
//
// Guarantees: update() is cheap (a few comparisons), may see the same
// snapshot twice, and once the goal is Met or Failed it stays so until
// reset(). A condition with forEpochs counts from the first snapshot where
// it held, and starts again at the first one where it did not (or when the
// epoch goes back: the weights were reset). The task Fails when the epoch
// passes its withinEpochs without the goal met.
#include <optional>
#include <string>
#include <vector>

#include "nnplay/lesson.hpp"
#include "nnplay/session.hpp"

namespace nnplay {

// A metric's value in a snapshot, or nullopt while there is none yet (no
// history point; no validation set; accuracy asked of a regression run).
std::optional<double> goalMetricValue(GoalMetric metric, const Snapshot& s);

// "test accuracy ≥ 0.9 for 100 epochs": a condition for people.
std::string describeCondition(const GoalCondition& c);

enum class GoalState { Pending, Met, Failed };

struct GoalProgress {
  GoalState state = GoalState::Pending;
  long epoch = 0;        // of the last snapshot seen
  long metAtEpoch = -1;  // when the goal was met
  std::string summary;   // each condition with its current value, e.g. "test accuracy 0.93 ≥ 0.9"
};

class GoalTracker {
 public:
  explicit GoalTracker(LessonTask task);
  const GoalProgress& update(const Snapshot& s);
  const GoalProgress& progress() const { return progress_; }
  const LessonTask& task() const { return task_; }
  void reset();

 private:
  LessonTask task_;
  GoalProgress progress_;
  std::vector<long> heldSince_;  // per condition: the epoch it began to hold, -1 if it does not
  long lastEpoch_ = -1;
};

}  // namespace nnplay
