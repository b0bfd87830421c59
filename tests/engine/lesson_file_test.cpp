// The lesson reader: the shipped lessons load, and hostile files are refused
// quickly with a message that names the file, the step and the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/lesson.hpp"

namespace nnplay {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json document() {
  return json::parse(R"({
    "data": {"source": "generator", "generator": "and", "samples": 40, "noise": 0.0, "seed": "1",
             "classes": 0, "features": ["x1", "x2"], "scaling": "none", "train_ratio": 0.5,
             "validation_ratio": 0.0, "split_seed": "1"},
    "network": {"inputs": 2, "init": "uniform", "init_scale": 0.5, "bias_init": 0.0,
                "layers": [{"units": 1, "activation": "binary_step", "dropout": 0.0,
                            "batchnorm": false}]},
    "training": {"loss": "half_mse", "optimizer": {"name": "sgd", "learning_rate": 0.1,
                 "momentum": 0.9, "rho": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7},
                 "l1": 0.0, "l2": 0.0, "batch_size": 1, "seed": "1"}})");
}

json lesson() {
  json l = {{"format", "nnplay-lesson"}, {"version", 1},        {"id", "gates"}, {"title", "Gates"},
            {"chapter", "The neuron"},   {"concepts", {"c02"}}, {"minutes", 10}};
  l["steps"] = json::array();
  l["steps"].push_back({{"title", "AND"},
                        {"text", "<p>One neuron.</p>"},
                        {"setup", document()},
                        {"controls", {"play", "learning_rate"}},
                        {"views", {"math"}}});
  l["steps"].push_back(
      {{"title", "OR"},
       {"text", "<p>Another gate.</p>"},
       {"changes", {{"data", {{"generator", "or"}}}}},
       {"task",
        {{"prompt", "Learn OR"},
         {"goal", {{"metric", "test_accuracy"}, {"compare", ">="}, {"value", 1.0}}},
         {"within_epochs", 50}}},
       {"question",
        {{"prompt", "Will it?"}, {"choices", {"yes", "no"}}, {"answer", 0}, {"reason", "A line"}}},
       {"solution", {{"training", {{"optimizer", {{"learning_rate", 0.2}}}}}}}});
  return l;
}

// The reader's message for `text`, or "" when it was accepted.
std::string refusalOfText(const std::string& text) {
  try {
    lessonFromJson(text, "bad.json");
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}
std::string refusal(const json& j) {
  return refusalOfText(j.dump());
}

TEST(LessonFile, ReadsStepsInheritsDocumentsAndAppliesSolutions) {
  const Lesson l = lessonFromJson(lesson().dump(), "gates.json");
  ASSERT_EQ(l.steps.size(), 2u);
  EXPECT_EQ(l.id, "gates");
  EXPECT_EQ(l.concepts, std::vector<std::string>{"c02"});
  EXPECT_EQ(l.steps[0].setup.data.generator, "and");
  EXPECT_EQ(l.steps[0].controls,
            (std::vector<LessonControl>{LessonControl::Play, LessonControl::LearningRate}));
  EXPECT_EQ(l.steps[0].views, std::vector<LessonView>{LessonView::Math});
  // The second step changes the data only; the network and training are inherited.
  EXPECT_EQ(l.steps[1].setup.data.generator, "or");
  EXPECT_EQ(l.steps[1].setup.network, l.steps[0].setup.network);
  EXPECT_EQ(l.steps[1].setup.training.seed, 1u);
  ASSERT_TRUE(l.steps[1].task);
  EXPECT_EQ(l.steps[1].task->goal[0].metric, GoalMetric::TestAccuracy);
  EXPECT_EQ(l.steps[1].task->withinEpochs, 50);
  ASSERT_TRUE(l.steps[1].solution);
  EXPECT_FLOAT_EQ(l.steps[1].solution->training.optimizer.learningRate, 0.2f);
  EXPECT_EQ(l.steps[1].solution->data.generator, "or");
  EXPECT_FLOAT_EQ(l.steps[1].setup.training.optimizer.learningRate, 0.1f);
  EXPECT_EQ(l.steps[1].question->answer, 0);
  EXPECT_EQ(lessonStepName(l, 1), "step 2 (“OR”)");
}

TEST(LessonFile, RelativeDataPathsAreRelativeToTheLesson) {
  json l = lesson();
  l["steps"][0]["setup"]["data"] = {{"source", "csv"},           {"path", "../datasets/iris.csv"},
                                    {"target", "species"},       {"task", "auto"},
                                    {"missing", "impute"},       {"ignore", json::array()},
                                    {"features", json::array()}, {"scaling", "standard"},
                                    {"train_ratio", 0.5},        {"validation_ratio", 0.0},
                                    {"split_seed", "1"}};
  l["steps"][1].erase("changes");
  const Lesson r = lessonFromJson(l.dump(), "/x/lessons/iris.json");
  EXPECT_EQ(r.steps[0].setup.data.path, "/x/datasets/iris.csv");
}

TEST(LessonFile, EmptyBinaryTruncatedAndWrongTypesAreRefused) {
  EXPECT_THAT(refusalOfText(""), HasSubstr("bad.json: empty file"));
  EXPECT_THAT(refusalOfText(std::string("\x00\xff\x13\x37 binary", 11)),
              HasSubstr("not valid JSON"));
  const std::string text = lesson().dump();
  EXPECT_THAT(refusalOfText(text.substr(0, text.size() / 2)), HasSubstr("bad.json:1:"));
  EXPECT_THAT(refusalOfText("[1, 2, 3]"), HasSubstr("bad.json: field '(top level)': expected"));
  EXPECT_THAT(refusalOfText(R"({"format": "nnplay"})"), HasSubstr("not an nnplay lesson"));
  json l = lesson();
  l["version"] = 99;
  EXPECT_THAT(refusal(l), HasSubstr("newer nnplay"));
  l = lesson();
  l["title"] = 42;
  EXPECT_THAT(refusal(l), HasSubstr("bad.json: field 'title': expected a non-empty string"));
  l = lesson();
  l["steps"] = "many";
  EXPECT_THAT(refusal(l), HasSubstr("field 'steps': expected an array of 1 to 200 steps"));
  l = lesson();
  l["steps"][1]["text"] = json::array();
  EXPECT_THAT(refusal(l), HasSubstr("bad.json: step 2 (“OR”): field 'text'"));
  l = lesson();
  l["steps"][1]["title"] = 7;
  EXPECT_THAT(refusal(l), HasSubstr("bad.json: step 2: field 'title'"));
  l = lesson();
  l["steps"][1]["task"]["within_epochs"] = "soon";
  EXPECT_THAT(refusal(l), HasSubstr("step 2 (“OR”): field 'task.within_epochs'"));
  l = lesson();
  l["minutes"] = 1e300;
  EXPECT_THAT(refusal(l), HasSubstr("field 'minutes': expected an integer from 1 to 600"));
}

TEST(LessonFile, UnknownNamesAndFieldsAreRefusedWithTheKnownOnes) {
  json l = lesson();
  l["steps"][0]["controls"][1] = "learnin_rate";
  std::string m = refusal(l);
  EXPECT_THAT(m, HasSubstr("bad.json: step 1 (“AND”): field 'controls[1]': unknown control "
                           "'learnin_rate'"));
  EXPECT_THAT(m, HasSubstr("learning_rate"));
  l = lesson();
  l["steps"][0]["views"] = {"math", "hologram"};
  EXPECT_THAT(refusal(l), HasSubstr("field 'views[1]': unknown view 'hologram'"));
  l = lesson();
  l["steps"][0]["views"] = {"math", "math"};
  EXPECT_THAT(refusal(l), HasSubstr("field 'views[1]': 'math' is listed twice"));
  l = lesson();
  l["steps"][1]["task"]["goal"]["metric"] = "acuracy";
  m = refusal(l);
  EXPECT_THAT(m, HasSubstr("step 2 (“OR”): field 'task.goal.metric': unknown metric 'acuracy'"));
  EXPECT_THAT(m, HasSubstr("test_accuracy"));
  l = lesson();
  l["steps"][1]["task"]["goal"]["compare"] = "=>";
  EXPECT_THAT(refusal(l), HasSubstr("field 'task.goal.compare': expected one of"));
  l = lesson();
  l["steps"][1]["titel"] = "typo";
  EXPECT_THAT(refusal(l), HasSubstr("step 2: field 'titel': unknown field"));
  l = lesson();
  l["concepts"] = {"c02", "c28"};
  EXPECT_THAT(refusal(l), HasSubstr("field 'concepts[1]': expected a concept id of COURSE.md"));
  l = lesson();
  l["steps"][1]["task"]["goal"] = {{"metric", "diverged"}, {"compare", ">="}};
  EXPECT_THAT(refusal(l), HasSubstr("'diverged' is true or false"));
}

TEST(LessonFile, SetupsTheEngineRefusesNameTheStepAndTheField) {
  json l = lesson();
  l["steps"][1]["changes"] = {{"network", {{"layers", {{{"units", 0}}}}}}};
  std::string m = refusal(l);
  EXPECT_THAT(m, HasSubstr("bad.json: step 2 (“OR”), changes: field 'network.layers[0].units'"));
  l = lesson();
  l["steps"][0]["setup"]["data"]["samples"] = 1e300;  // huge numbers
  EXPECT_THAT(refusal(l), HasSubstr("step 1 (“AND”), setup: field 'data.samples'"));
  l = lesson();
  l["steps"][0]["setup"]["network"]["layers"][0]["units"] = 4294967296LL;
  EXPECT_THAT(refusal(l), HasSubstr("field 'network.layers[0].units'"));
  l = lesson();
  l["steps"][1]["solution"] = {{"training", {{"loss", "ce"}}}};  // ce needs softmax
  EXPECT_THAT(refusal(l), HasSubstr("step 2 (“OR”), solution: field 'training'"));
  l = lesson();
  l["steps"][0].erase("setup");
  EXPECT_THAT(refusal(l), HasSubstr("step 1 (“AND”): field 'setup': missing"));
  l = lesson();
  l["steps"][1]["setup"] = document();
  EXPECT_THAT(refusal(l), HasSubstr("field 'changes': a step has either"));
  l = lesson();
  l["steps"][0]["solution"] = json::object();
  EXPECT_THAT(refusal(l), HasSubstr("field 'solution': present without a task"));
  l = lesson();
  l["steps"][1]["question"]["choices"] = {"a", "b", "c", "d", "e"};
  EXPECT_THAT(refusal(l), HasSubstr("field 'question.choices': expected an array of 2 to 4"));
  l = lesson();
  l["steps"][1]["question"]["answer"] = 2;
  EXPECT_THAT(refusal(l), HasSubstr("field 'question.answer': expected an integer from 0 to 1"));
  l = lesson();
  l["steps"][1]["text"] = std::string(kMaxLessonText + 1, 'x');
  EXPECT_THAT(refusal(l), HasSubstr("field 'text': expected a non-empty string of at most"));
}

TEST(LessonFile, AMillionStepsAreRefusedQuickly) {
  std::string text = R"({"format": "nnplay-lesson", "version": 1, "id": "x", "title": "x",
    "chapter": "x", "concepts": ["c01"], "minutes": 1, "steps": [)";
  for (int i = 0; i < 1'000'000; ++i) text += i ? ",{}" : "{}";
  text += "]}";
  ASSERT_LT(text.size(), kMaxLessonBytes);
  // Processor time, not wall time: a busy machine must not fail the test.
  const std::clock_t t0 = std::clock();
  EXPECT_THAT(refusalOfText(text), HasSubstr("field 'steps': expected an array of 1 to 200 steps"));
  EXPECT_LT(static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC, 5.0);
}

TEST(LessonFile, OversizedDeepAndManyInheritedDocumentsAreRefused) {
  EXPECT_THAT(refusalOfText(std::string(kMaxLessonBytes + 1, ' ')), HasSubstr("4 MiB limit"));
  EXPECT_THAT(refusalOfText(std::string(100'000, '[')), HasSubstr("nested deeper than 64"));
  // A big first document inherited by 200 steps would be read 200 times.
  json l = lesson();
  json big = document();
  big["data"]["ignore_me"] = std::string(1'000'000, 'x');
  l["steps"] = json::array();
  l["steps"].push_back({{"title", "big"}, {"text", "t"}, {"setup", big}});
  for (int i = 1; i < 200; ++i) l["steps"].push_back({{"title", "s"}, {"text", "t"}});
  EXPECT_THAT(refusal(l), HasSubstr("documents together exceed 32 MiB"));
}

TEST(LessonFile, MatrixExamplesAreCheckedAgainstTheirResults) {
  json l = lesson();
  l["steps"][0]["matrix"] = {{"a", "[[2,3,7],[4,8,2]]"},
                             {"activation", "sigmoid"},
                             {"result", "[[0.8808,0.9526,0.9991],[0.9820,0.9997,0.8808]]"}};
  l["steps"][1]["matrix"] = {{"a", "[[1,2],[3,4]]"}, {"b", "[[1,2],[3,4],[5,6]]"}};
  const Lesson r = lessonFromJson(l.dump(), "m.json");
  EXPECT_TRUE(lessonMatrixMatches(*r.steps[0].matrix, lessonMatrixResult(*r.steps[0].matrix)));
  EXPECT_THROW(lessonMatrixResult(*r.steps[1].matrix), SpecError);  // 2×2 · 3×2
  l["steps"][1]["matrix"]["a"] = "[[1,2],[3";
  EXPECT_THAT(refusal(l), HasSubstr("step 2 (“OR”): field 'matrix.a'"));
}

TEST(LessonFile, ShippedLessonsLoad) {
  int lessons = 0;
  std::size_t steps = 0;
  for (const auto& entry : std::filesystem::directory_iterator(NNPLAY_LESSONS_DIR)) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    Lesson l;
    ASSERT_NO_THROW(l = loadLesson(entry.path().string()));
    ++lessons;
    steps += l.steps.size();
  }
  EXPECT_GE(lessons, 5);
  EXPECT_GE(steps, 25u);
}

}  // namespace
}  // namespace nnplay
