// `nnplay-cli lesson check`: every shipped lesson passes, and a broken lesson
// or an unreachable goal fails with exit code 1 and says why.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.hpp"

namespace nnplay::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kLessons = NNPLAY_LESSONS_DIR;

std::string writeLesson(const std::string& name, const nlohmann::json& j) {
  const fs::path dir = fs::temp_directory_path() / "nnplay_lesson_check_test";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path) << j.dump(1);
  return path.string();
}

TEST(CliLesson, ShippedLessonsPass) {
  std::string files;
  int count = 0;
  for (const auto& e : fs::directory_iterator(kLessons)) {
    if (e.path().extension() == ".json") {
      files += " " + e.path().string();
      ++count;
    }
  }
  ASSERT_GE(count, 5);
  const Result r = cli("lesson check" + files);
  std::cout << r.out;
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr(": failed")));
  EXPECT_THAT(r.out, HasSubstr(" 0 failed"));
}

TEST(CliLesson, BrokenAndUnreachableLessonsFail) {
  nlohmann::json l = nlohmann::json::parse(std::ifstream(kLessons + "/02_perceptron.json"));
  // An unknown control: refused at load, naming the file, the step and the field.
  nlohmann::json bad = l;
  bad["steps"][1]["controls"] = {"play", "warp_drive"};
  const std::string badPath = writeLesson("bad.json", bad);
  Result r = cli("lesson check " + badPath);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr(badPath + ": failed: " + badPath + ": step 2 (“"));
  EXPECT_THAT(r.out, HasSubstr("field 'controls[1]': unknown control 'warp_drive'"));

  // XOR's goal for a single neuron: all four corners right within 20 epochs.
  nlohmann::json impossible = l;
  nlohmann::json& step = impossible["steps"][5];
  step["task"]["goal"] = {{"metric", "train_accuracy"}, {"compare", ">="}, {"value", 1.0}};
  step["task"]["within_epochs"] = 20;
  r = cli("lesson check " + writeLesson("impossible.json", impossible));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("step 6 (“XOR: no line will do”): failed: the setup: training "
                               "accuracy"));
  EXPECT_THAT(r.out, HasSubstr("not reached within 20 epochs"));

  // A data file that is not there: the step fails when it is applied.
  nlohmann::json missing = nlohmann::json::parse(std::ifstream(kLessons + "/01_matrices.json"));
  missing["steps"][0]["setup"]["data"]["path"] = "../datasets/no_such_file.csv";
  r = cli("lesson check " + writeLesson("missing.json", missing));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("step 1 (“A table is a matrix”): failed: the setup was refused"));
  EXPECT_THAT(r.out, HasSubstr("no_such_file.csv"));

  r = cli("lesson check " + kLessons + "/no_such_lesson.json");
  EXPECT_EQ(r.code, 1) << r.out;
}

}  // namespace
}  // namespace nnplay::test
