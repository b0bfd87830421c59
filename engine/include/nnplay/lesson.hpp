#pragma once
// Lessons: the course taught inside nnplay, one file per lesson
// (resources/lessons/*.json; the format is documented field by field in
// resources/lessons/README.md). A lesson is a list of steps; a step is a
// project document (the same schema as a .nnplay.json project, read by
// project_file.cpp) plus what the window shows: its text, the controls left
// visible, the views opened, and optionally a task with a goal checked on
// snapshots (lesson_goal.hpp), a prediction question and a solution.
//
// Requires nothing of the text. Guarantees: a Lesson whose every step holds a
// complete Project that the project reader accepted (relative data paths made
// relative to the lesson's folder), or a DataError whose message names the
// file, the step (number and title) and the field, and says what was
// expected, e.g.
//   "perceptron.json: step 3 (“OR”): field 'controls[2]': unknown control
//    'learnin_rate'; known: dataset, samples, ..."
// Limits are checked before anything is built from them: the file size, the
// nesting depth, the number of steps, choices and conditions, every text's
// length; so no file can make the reader allocate without bound or recurse deeply.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/matrix_playground.hpp"
#include "nnplay/project_file.hpp"

namespace nnplay {

inline constexpr int kLessonVersion = 1;
inline constexpr std::size_t kMaxLessonBytes = std::size_t{4} << 20;
inline constexpr int kMaxLessonSteps = 200;
inline constexpr int kMaxLessonDepth = 64;            // of nested JSON arrays and objects
inline constexpr std::size_t kMaxLessonText = 20000;  // bytes of a step's text
inline constexpr int kCourseConcepts = 27;            // COURSE.md: c01 ... c27

// The window's controls a step can leave visible (everything else is hidden).
// One row each; the window maps a name to its widgets.
enum class LessonControl {
  Dataset,  // the dataset tiles and Open data
  Samples,  // number of generated points
  Noise,
  Classes,     // k of the k-class generators
  TrainRatio,  // the train/test split
  Validation,  // the validation share
  Scaling,
  Target,  // a table's target column
  Regenerate,
  Draw,          // drawing points by hand
  Augmentation,  // image augmentation settings
  Features,
  Network,  // add and remove layers and neurons
  Activation,
  Dropout,
  BatchNorm,
  Bias,     // a layer with or without its bias
  Weights,  // editing one weight in the network view
  LearningRate,
  Schedule,
  Optimizer,
  OptimizerParameters,  // momentum, rho, beta1, beta2
  Loss,
  Regularization,  // L1/L2 and its rate
  BatchSize,
  Initializer,
  Problem,  // classification or regression
  Seed,
  Device,
  EarlyStopping,
  Play,
  Step,  // one batch, one epoch
  Reset,
  Speed,  // epochs per second
  ShowTest,
  Discretize,
};

// The views a step opens (the main playground is always there).
enum class LessonView {
  Math,                // one sample's forward and backward pass
  ActivationExplorer,  // f, f' and the range of each activation
  Matrix,              // the matrix playground
  DescentLab,          // optimizers on loss surfaces
  DescentBatches,      // batch, mini-batch, stochastic on real data
  Landscape,           // this network's loss landscape
  Code,                // Keras / PyTorch source
  AugmentationPreview,
};

struct LessonNameInfo {
  std::string_view name;   // in files
  std::string_view label;  // for people
};
std::span<const LessonNameInfo> lessonControls();  // in LessonControl order
std::span<const LessonNameInfo> lessonViews();     // in LessonView order
// Throw SpecError naming the unknown name and listing the known ones.
LessonControl lessonControlByName(std::string_view name);
LessonView lessonViewByName(std::string_view name);

// What a goal measures, read from a snapshot (lesson_goal.hpp).
enum class GoalMetric {
  Epoch,
  TrainLoss,
  TestLoss,
  ValidationLoss,
  TrainAccuracy,  // classification
  TestAccuracy,
  ValidationAccuracy,
  TrainR2,  // regression
  TestR2,
  Diverged,      // 1 once the loss became NaN or infinite, else 0
  HiddenLayers,  // of the network the session runs
  HiddenUnits,   // summed over the hidden layers
  Parameters,
  LearningRate,  // the optimizer's base rate
  BatchSize,
};
struct GoalMetricInfo {
  GoalMetric id;
  std::string_view name;
  std::string_view label;
  bool boolean;  // Diverged: compared with true or false
};
std::span<const GoalMetricInfo> goalMetrics();
const GoalMetricInfo& goalMetric(GoalMetric m);
const GoalMetricInfo& goalMetricByName(std::string_view name);  // throws SpecError

enum class GoalComparison { AtLeast, AtMost, Equal, Above, Below };
std::string_view comparisonSymbol(GoalComparison c);  // ">=", "<=", "==", ">", "<"

// One condition: metric compare value, holding for `forEpochs` epochs in a
// row (0: once is enough).
struct GoalCondition {
  GoalMetric metric = GoalMetric::TestAccuracy;
  GoalComparison compare = GoalComparison::AtLeast;
  double value = 0.0;
  long forEpochs = 0;
};

// A task: every condition must hold (at once), within `withinEpochs` epochs
// of training (0: no limit).
struct LessonTask {
  std::string prompt;
  std::vector<GoalCondition> goal;  // 1 to kMaxGoalConditions
  long withinEpochs = 0;
  static constexpr int kMaxGoalConditions = 8;
};

// A prediction asked before the run; the answer and its reason are shown after.
struct LessonQuestion {
  std::string prompt;
  std::vector<std::string> choices;  // 2 to 4
  int answer = 0;                    // index into choices
  std::string reason;
};

// A matrix example in the matrix playground: A op B (then an activation),
// and the result the course gives, which `lesson check` verifies.
struct LessonMatrix {
  std::string a;
  std::string b;               // empty when only an activation is applied to A
  std::string op = "product";  // product, add, subtract, hadamard
  std::optional<ActivationId> activation;
  std::string result;  // optional; compared within 5e-5 (the course writes 4 decimals)
};
// A op B, then the activation, with the matrix playground's code. Throws
// SpecError when the shapes do not fit (which a step may mean to show).
SmallMatrix lessonMatrixResult(const LessonMatrix& m);
// Whether `got` is the step's `result` (same shape, each value within 5e-5).
bool lessonMatrixMatches(const LessonMatrix& m, const SmallMatrix& got);

// How the window shows the run (each optional: absent keeps the window's choice).
struct LessonDisplay {
  std::optional<double> speed;  // epochs per second, 0 = full speed
  std::optional<bool> showTest;
  std::optional<bool> discretize;
  std::optional<bool> logScale;
};

struct LessonStep {
  std::string title;
  std::string text;  // rich text: a small HTML subset with Unicode formulas
  Project setup;     // the document the step applies (its seed gives the starting weights)
  std::vector<LessonControl> controls;
  std::vector<LessonView> views;
  LessonDisplay display;
  std::optional<LessonMatrix> matrix;
  std::optional<LessonTask> task;
  std::optional<LessonQuestion> question;
  std::optional<Project> solution;  // the setup with the solution's changes applied
};

struct Lesson {
  std::string source;  // the file name, for messages
  std::string id;
  std::string title;
  std::string chapter;
  std::vector<std::string> concepts;  // "c01" ... "c27"
  int minutes = 0;
  std::vector<LessonStep> steps;
};

Lesson lessonFromJson(std::string_view text, const std::string& source);
Lesson loadLesson(const std::string& path);  // reads at most kMaxLessonBytes

// "step 3 (“OR”)": how messages name a step (index from 0, shown from 1).
std::string lessonStepName(const Lesson& lesson, std::size_t index);

}  // namespace nnplay
