#include "nnplay/lesson_goal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nnplay {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string_view prettySymbol(GoalComparison c) {
  switch (c) {
    case GoalComparison::AtLeast:
      return "≥";
    case GoalComparison::AtMost:
      return "≤";
    case GoalComparison::Equal:
      return "=";
    case GoalComparison::Above:
      return ">";
    case GoalComparison::Below:
      return "<";
  }
  return "?";
}

// The run's task: from what the snapshot plots or samples, else from the loss.
Task taskOf(const Snapshot& s) {
  if (s.points) return s.points->task;
  if (s.testSample) return s.testSample->task;
  return s.training.loss == LossId::Bce || s.training.loss == LossId::Ce ? Task::Classification
                                                                         : Task::Regression;
}

std::optional<double> finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

bool holds(const GoalCondition& c, double v) {
  switch (c.compare) {
    case GoalComparison::AtLeast:
      return v >= c.value;
    case GoalComparison::AtMost:
      return v <= c.value;
    case GoalComparison::Equal:
      // Counts and flags are whole numbers; a rate typed in a file is a float.
      return std::fabs(v - c.value) <= 1e-6 * std::max(1.0, std::fabs(c.value));
    case GoalComparison::Above:
      return v > c.value;
    case GoalComparison::Below:
      return v < c.value;
  }
  return false;
}

}  // namespace

std::optional<double> goalMetricValue(GoalMetric metric, const Snapshot& s) {
  const bool have = !s.history.empty();
  const HistoryPoint* last = have ? &s.history.back() : nullptr;
  const Task task = taskOf(s);
  const bool classify = task == Task::Classification;
  switch (metric) {
    case GoalMetric::Epoch:
      return static_cast<double>(s.epoch);
    case GoalMetric::TrainLoss:
      if (s.diverged) return std::nullopt;
      return have ? finite(last->trainLoss) : std::nullopt;
    case GoalMetric::TestLoss:
      if (s.diverged) return std::nullopt;
      return have ? finite(last->testLoss) : std::nullopt;
    case GoalMetric::ValidationLoss:
      if (s.diverged) return std::nullopt;
      return have ? finite(last->validationLoss) : std::nullopt;
    case GoalMetric::TrainAccuracy:
      return have && classify ? finite(last->trainMetric) : std::nullopt;
    case GoalMetric::TestAccuracy:
      return have && classify ? finite(last->testMetric) : std::nullopt;
    case GoalMetric::ValidationAccuracy:
      return have && classify ? finite(last->validationMetric) : std::nullopt;
    case GoalMetric::TrainR2:
      return have && !classify ? finite(last->trainMetric) : std::nullopt;
    case GoalMetric::TestR2:
      return have && !classify ? finite(last->testMetric) : std::nullopt;
    case GoalMetric::Diverged:
      return s.diverged || (have && !std::isfinite(last->trainLoss)) ? 1.0 : 0.0;
    case GoalMetric::HiddenLayers:
      return s.network.layers.empty() ? 0.0 : static_cast<double>(s.network.layers.size() - 1);
    case GoalMetric::HiddenUnits: {
      double units = 0;
      for (std::size_t i = 0; i + 1 < s.network.layers.size(); ++i) {
        units += s.network.layers[i].units;
      }
      return units;
    }
    case GoalMetric::Parameters:
      return static_cast<double>(s.parameters.size());
    case GoalMetric::LearningRate:
      return static_cast<double>(s.training.optimizer.learningRate);
    case GoalMetric::BatchSize:
      return static_cast<double>(s.training.batchSize);
  }
  return std::nullopt;
}

std::string describeCondition(const GoalCondition& c) {
  const GoalMetricInfo& m = goalMetric(c.metric);
  std::string s;
  if (m.boolean) {
    s = c.value != 0.0 ? std::string(m.label) : "not " + std::string(m.label);
  } else {
    s = std::string(m.label) + " " + std::string(prettySymbol(c.compare)) + " " + number(c.value);
  }
  if (c.forEpochs > 0) s += " for " + std::to_string(c.forEpochs) + " epochs";
  return s;
}

GoalTracker::GoalTracker(LessonTask task)
    : task_(std::move(task)), heldSince_(task_.goal.size(), -1) {}

void GoalTracker::reset() {
  progress_ = GoalProgress{};
  std::fill(heldSince_.begin(), heldSince_.end(), -1);
  lastEpoch_ = -1;
}

const GoalProgress& GoalTracker::update(const Snapshot& s) {
  if (progress_.state != GoalState::Pending) return progress_;
  if (s.epoch < lastEpoch_) std::fill(heldSince_.begin(), heldSince_.end(), -1);  // a reset
  lastEpoch_ = s.epoch;
  progress_.epoch = s.epoch;
  bool all = true;
  std::string summary;
  for (std::size_t i = 0; i < task_.goal.size(); ++i) {
    const GoalCondition& c = task_.goal[i];
    const GoalMetricInfo& m = goalMetric(c.metric);
    const std::optional<double> v = goalMetricValue(c.metric, s);
    const bool now = v && holds(c, *v);
    if (!now) {
      heldSince_[i] = -1;
    } else if (heldSince_[i] < 0) {
      heldSince_[i] = s.epoch;
    }
    const bool met = now && s.epoch - heldSince_[i] >= c.forEpochs;
    all = all && met;
    if (!summary.empty()) summary += "; ";
    if (m.boolean) {
      summary += (v && *v != 0.0 ? std::string(m.label) : "not " + std::string(m.label));
    } else {
      summary += std::string(m.label) + " " + (v ? number(*v) : std::string("–")) + " " +
                 std::string(prettySymbol(c.compare)) + " " + number(c.value);
    }
    if (c.forEpochs > 0) {
      summary += now ? " (" + std::to_string(std::min(s.epoch - heldSince_[i], c.forEpochs)) +
                           " of " + std::to_string(c.forEpochs) + " epochs)"
                     : " (needs " + std::to_string(c.forEpochs) + " epochs in a row)";
    }
    summary += met ? " ✓" : "";
  }
  progress_.summary = summary;
  if (all) {
    progress_.state = GoalState::Met;
    progress_.metAtEpoch = s.epoch;
  } else if (task_.withinEpochs > 0 && s.epoch >= task_.withinEpochs) {
    progress_.state = GoalState::Failed;
    progress_.summary += " — not reached within " + std::to_string(task_.withinEpochs) + " epochs";
  }
  return progress_;
}

}  // namespace nnplay
