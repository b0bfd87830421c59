// The names a lesson file may use for controls, views, goal metrics and
// comparisons: one table each, so the reader, the README and the window
// enumerate the same rows.
#include <array>

#include "nnplay/lesson.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

constexpr std::array<LessonNameInfo, 36> kControls{{
    {"dataset", "Dataset"},
    {"samples", "Samples"},
    {"noise", "Noise"},
    {"classes", "Classes"},
    {"train_ratio", "Train/test split"},
    {"validation", "Validation share"},
    {"scaling", "Scaling"},
    {"target", "Target column"},
    {"regenerate", "Regenerate"},
    {"draw", "Draw points"},
    {"augmentation", "Augmentation"},
    {"features", "Features"},
    {"network", "Layers and neurons"},
    {"activation", "Activation"},
    {"dropout", "Dropout"},
    {"batch_norm", "Batch norm"},
    {"bias", "Layer bias"},
    {"weights", "Edit a weight"},
    {"learning_rate", "Learning rate"},
    {"schedule", "Learning-rate schedule"},
    {"optimizer", "Optimizer"},
    {"optimizer_parameters", "Momentum, ρ, β"},
    {"loss", "Loss"},
    {"regularization", "Regularization"},
    {"batch_size", "Batch size"},
    {"initializer", "Initializer"},
    {"problem", "Problem type"},
    {"seed", "Seed"},
    {"device", "Device"},
    {"early_stopping", "Early stopping"},
    {"play", "Play"},
    {"step", "Step"},
    {"reset", "Reset"},
    {"speed", "Speed"},
    {"show_test", "Show test data"},
    {"discretize", "Discretize output"},
}};
static_assert(kControls.size() == static_cast<std::size_t>(LessonControl::Discretize) + 1);

constexpr std::array<LessonNameInfo, 8> kViews{{
    {"math", "Math view"},
    {"activation_explorer", "Activation explorer"},
    {"matrix", "Matrix playground"},
    {"descent_lab", "Gradient-descent lab: optimizers on surfaces"},
    {"descent_batches", "Gradient-descent lab: batch, mini-batch, stochastic"},
    {"landscape", "Gradient-descent lab: this network's landscape"},
    {"code", "Code view"},
    {"augmentation_preview", "Augmentation preview"},
}};
static_assert(kViews.size() == static_cast<std::size_t>(LessonView::AugmentationPreview) + 1);

constexpr std::array<GoalMetricInfo, 15> kMetrics{{
    {GoalMetric::Epoch, "epoch", "epoch", false},
    {GoalMetric::TrainLoss, "train_loss", "training loss", false},
    {GoalMetric::TestLoss, "test_loss", "test loss", false},
    {GoalMetric::ValidationLoss, "validation_loss", "validation loss", false},
    {GoalMetric::TrainAccuracy, "train_accuracy", "training accuracy", false},
    {GoalMetric::TestAccuracy, "test_accuracy", "test accuracy", false},
    {GoalMetric::ValidationAccuracy, "validation_accuracy", "validation accuracy", false},
    {GoalMetric::TrainR2, "train_r2", "training R²", false},
    {GoalMetric::TestR2, "test_r2", "test R²", false},
    {GoalMetric::Diverged, "diverged", "the loss became NaN", true},
    {GoalMetric::HiddenLayers, "hidden_layers", "hidden layers", false},
    {GoalMetric::HiddenUnits, "hidden_units", "hidden units", false},
    {GoalMetric::Parameters, "parameters", "parameters", false},
    {GoalMetric::LearningRate, "learning_rate", "learning rate", false},
    {GoalMetric::BatchSize, "batch_size", "batch size", false},
}};
static_assert(kMetrics.size() == static_cast<std::size_t>(GoalMetric::BatchSize) + 1);

}  // namespace

std::span<const LessonNameInfo> lessonControls() {
  return kControls;
}
std::span<const LessonNameInfo> lessonViews() {
  return kViews;
}

LessonControl lessonControlByName(std::string_view name) {
  const LessonNameInfo& row = detail::findByName(lessonControls(), name, "control");
  return static_cast<LessonControl>(&row - kControls.data());
}

LessonView lessonViewByName(std::string_view name) {
  const LessonNameInfo& row = detail::findByName(lessonViews(), name, "view");
  return static_cast<LessonView>(&row - kViews.data());
}

std::span<const GoalMetricInfo> goalMetrics() {
  return kMetrics;
}
const GoalMetricInfo& goalMetric(GoalMetric m) {
  return kMetrics[static_cast<std::size_t>(m)];
}
const GoalMetricInfo& goalMetricByName(std::string_view name) {
  return detail::findByName(goalMetrics(), name, "metric");
}

std::string_view comparisonSymbol(GoalComparison c) {
  switch (c) {
    case GoalComparison::AtLeast:
      return ">=";
    case GoalComparison::AtMost:
      return "<=";
    case GoalComparison::Equal:
      return "==";
    case GoalComparison::Above:
      return ">";
    case GoalComparison::Below:
      return "<";
  }
  return "?";
}

}  // namespace nnplay
