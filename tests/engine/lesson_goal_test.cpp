// Lesson goals read snapshots: metrics from the history, the divergence flag
// and the network; conditions that must hold for some epochs; epoch limits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "nnplay/lesson_goal.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

// A snapshot of a 2-D classification run at `epoch` with these figures.
Snapshot snapshotAt(long epoch, double trainLoss, double testAccuracy,
                    Task task = Task::Classification) {
  History h;
  h.append({epoch, trainLoss, trainLoss * 1.1, testAccuracy, testAccuracy});
  Snapshot s;
  s.epoch = epoch;
  s.history = h.view();
  auto points = std::make_shared<PointSet>();
  points->task = task;
  s.points = points;
  s.network = makeSpec(2, {4, 3}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  s.training.loss = LossId::Bce;
  return s;
}

LessonTask taskOf(std::vector<GoalCondition> goal, long within = 0) {
  LessonTask t;
  t.goal = std::move(goal);
  t.withinEpochs = within;
  return t;
}

TEST(LessonGoal, MetricsComeFromTheSnapshot) {
  const Snapshot s = snapshotAt(7, 0.25, 0.9);
  EXPECT_EQ(goalMetricValue(GoalMetric::Epoch, s), 7.0);
  EXPECT_EQ(goalMetricValue(GoalMetric::TrainLoss, s), 0.25);
  EXPECT_DOUBLE_EQ(*goalMetricValue(GoalMetric::TestLoss, s), 0.275);
  EXPECT_EQ(goalMetricValue(GoalMetric::TestAccuracy, s), 0.9);
  EXPECT_EQ(goalMetricValue(GoalMetric::TestR2, s), std::nullopt);  // not a regression
  EXPECT_EQ(goalMetricValue(GoalMetric::ValidationLoss, s), std::nullopt);
  EXPECT_EQ(goalMetricValue(GoalMetric::HiddenLayers, s), 2.0);
  EXPECT_EQ(goalMetricValue(GoalMetric::HiddenUnits, s), 7.0);
  EXPECT_EQ(goalMetricValue(GoalMetric::Diverged, s), 0.0);
  const Snapshot r = snapshotAt(3, 0.5, 0.8, Task::Regression);
  EXPECT_EQ(goalMetricValue(GoalMetric::TestR2, r), 0.8);
  EXPECT_EQ(goalMetricValue(GoalMetric::TestAccuracy, r), std::nullopt);
  Snapshot empty;
  EXPECT_EQ(goalMetricValue(GoalMetric::TrainLoss, empty), std::nullopt);
}

TEST(LessonGoal, MetWhenEveryConditionHoldsAndStaysMet) {
  GoalTracker t(taskOf({{GoalMetric::TestAccuracy, GoalComparison::AtLeast, 0.9, 0},
                        {GoalMetric::HiddenLayers, GoalComparison::Equal, 2, 0}}));
  EXPECT_EQ(t.update(snapshotAt(0, 0.7, 0.5)).state, GoalState::Pending);
  EXPECT_THAT(t.progress().summary, HasSubstr("test accuracy 0.5 ≥ 0.9"));
  EXPECT_EQ(t.update(snapshotAt(5, 0.1, 0.95)).state, GoalState::Met);
  EXPECT_EQ(t.progress().metAtEpoch, 5);
  EXPECT_EQ(t.update(snapshotAt(6, 0.7, 0.5)).state, GoalState::Met);  // stays met
  t.reset();
  EXPECT_EQ(t.update(snapshotAt(0, 0.7, 0.5)).state, GoalState::Pending);
}

TEST(LessonGoal, StaysForEpochsCountsFromWhenItBeganToHold) {
  GoalTracker t(taskOf({{GoalMetric::TrainAccuracy, GoalComparison::AtMost, 0.75, 20}}, 100));
  EXPECT_EQ(t.update(snapshotAt(0, 0.7, 0.5)).state, GoalState::Pending);
  EXPECT_EQ(t.update(snapshotAt(10, 0.7, 1.0)).state, GoalState::Pending);  // broken: restarts
  EXPECT_EQ(t.update(snapshotAt(11, 0.7, 0.75)).state, GoalState::Pending);
  EXPECT_THAT(t.progress().summary, HasSubstr("0 of 20 epochs"));
  EXPECT_EQ(t.update(snapshotAt(30, 0.7, 0.5)).state, GoalState::Pending);
  EXPECT_EQ(t.update(snapshotAt(31, 0.7, 0.5)).state, GoalState::Met);
  // A reset of the weights (the epoch goes back) restarts the count.
  GoalTracker u(taskOf({{GoalMetric::TrainAccuracy, GoalComparison::AtMost, 0.75, 20}}));
  u.update(snapshotAt(0, 0.7, 0.5));
  u.update(snapshotAt(15, 0.7, 0.5));
  u.update(snapshotAt(2, 0.7, 0.5));
  EXPECT_EQ(u.update(snapshotAt(20, 0.7, 0.5)).state, GoalState::Pending);
  EXPECT_EQ(u.update(snapshotAt(22, 0.7, 0.5)).state, GoalState::Met);
}

TEST(LessonGoal, FailsWhenTheEpochLimitPasses) {
  GoalTracker t(taskOf({{GoalMetric::TrainLoss, GoalComparison::AtMost, 0.05, 0}}, 50));
  EXPECT_EQ(t.update(snapshotAt(49, 0.2, 0.5)).state, GoalState::Pending);
  EXPECT_EQ(t.update(snapshotAt(50, 0.2, 0.5)).state, GoalState::Failed);
  EXPECT_THAT(t.progress().summary, HasSubstr("not reached within 50 epochs"));
  EXPECT_EQ(t.update(snapshotAt(51, 0.01, 0.5)).state, GoalState::Failed);  // stays failed
}

TEST(LessonGoal, DivergenceIsAGoalAndHidesTheLoss) {
  GoalTracker t(taskOf({{GoalMetric::Diverged, GoalComparison::Equal, 1.0, 0}}));
  EXPECT_EQ(t.update(snapshotAt(3, 0.5, 0.5)).state, GoalState::Pending);
  Snapshot s = snapshotAt(4, std::numeric_limits<double>::quiet_NaN(), 0.5);
  EXPECT_EQ(goalMetricValue(GoalMetric::TrainLoss, s), std::nullopt);
  EXPECT_EQ(t.update(s).state, GoalState::Met);
  Snapshot d = snapshotAt(4, 0.5, 0.5);
  d.diverged = true;
  EXPECT_EQ(goalMetricValue(GoalMetric::Diverged, d), 1.0);
  EXPECT_EQ(goalMetricValue(GoalMetric::TrainLoss, d), std::nullopt);
}

TEST(LessonGoal, ConditionsReadForPeople) {
  EXPECT_EQ(describeCondition({GoalMetric::TestAccuracy, GoalComparison::AtLeast, 0.9, 0}),
            "test accuracy ≥ 0.9");
  EXPECT_EQ(describeCondition({GoalMetric::TrainAccuracy, GoalComparison::AtMost, 0.75, 100}),
            "training accuracy ≤ 0.75 for 100 epochs");
  EXPECT_EQ(describeCondition({GoalMetric::Diverged, GoalComparison::Equal, 1.0, 0}),
            "the loss became NaN");
}

}  // namespace
}  // namespace nnplay
