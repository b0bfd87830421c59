// nnplay-cli as a user runs it: exit codes, messages and the JSON last line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

using ::testing::HasSubstr;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
  nlohmann::json lastJson() const {
    const auto end = out.find_last_not_of('\n');
    const auto start = out.rfind('\n', end);
    return nlohmann::json::parse(out.substr(start == std::string::npos ? 0 : start + 1,
                                            end - (start == std::string::npos ? 0 : start + 1) + 1));
  }
};

Result cli(const std::string& args) {
  Result r;
  const std::string cmd = std::string(NNPLAY_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), p)) r.out += buf.data();
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(Cli, SpiralAcceptanceRunReachesNinetyFivePercent) {
  const Result r = cli(
      "train --dataset spiral --layers 8,8 --activation tanh --optimizer adam --lr 0.01 "
      "--epochs 1000 --seed 1 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = r.lastJson();
  for (const char* key : {"epochs", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
                          "seconds", "samples_per_second"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["epochs"], 1000);
  EXPECT_GE(j["test_accuracy"].get<double>(), 0.95);
  EXPECT_THAT(r.out, HasSubstr("epoch   1000  train loss"));
}

TEST(Cli, PrintsOneLinePerReportedEpoch) {
  const Result r = cli("train --dataset xor --epochs 30 --report-every 10");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("epoch     10"));
  EXPECT_THAT(r.out, HasSubstr("epoch     20"));
  EXPECT_THAT(r.out, HasSubstr("epoch     30"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("epoch     15")));
}

TEST(Cli, EveryOptionIsAccepted) {
  const Result r = cli(
      "train --dataset circle --samples 200 --noise 10 --train-ratio 60 --seed 4 --layers 6,5 "
      "--activation relu --output-activation tanh --loss half_mse --optimizer nesterov --lr 0.02 "
      "--momentum 0.8 --batch 16 --epochs 5 --l1 0.001 --l2 0.001 --dropout 0.1 --batchnorm "
      "--init he_normal --bias-init 0.1 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.lastJson()["epochs"], 5);
}

TEST(Cli, UnknownFlagIsAUsageError) {
  const Result r = cli("train --frobnicate 3");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("usage error"));
  EXPECT_THAT(r.out, HasSubstr("--frobnicate"));
}

TEST(Cli, OutOfRangeValueIsAUsageError) {
  Result r = cli("train --noise 70");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("--noise"));
  r = cli("train --train-ratio 95");
  EXPECT_EQ(r.code, 2);
  r = cli("train --batch 0");
  EXPECT_EQ(r.code, 2);
}

TEST(Cli, MissingValueIsAUsageError) {
  const Result r = cli("train --lr");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("--lr"));
}

TEST(Cli, UnknownNamesAreUsageErrors) {
  Result r = cli("train --activation relu6");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("relu6"));
  r = cli("train --optimizer adagrad");
  EXPECT_EQ(r.code, 2);
  r = cli("train --dataset moons3d");
  EXPECT_EQ(r.code, 2);
}

TEST(Cli, IncompatibleLossNamesTheProblem) {
  const Result r = cli("train --loss ce --output-activation sigmoid --epochs 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("loss 'ce' needs a softmax output layer, not sigmoid"));
}

TEST(Cli, NoSubcommandIsAUsageError) { EXPECT_EQ(cli("").code, 2); }

TEST(Cli, DivergenceExitsWithOneAndSaysWhy) {
  const Result r = cli(
      "train --dataset gauss --layers 8 --activation relu --output-activation linear --loss mse "
      "--optimizer sgd --lr 90 --epochs 50 --json");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("loss became"));
  EXPECT_THAT(r.out, HasSubstr("lower the learning rate"));
}

TEST(Cli, BenchPlaygroundPrintsItsFigures) {
  const Result r = cli("bench playground --epochs 50 --repeat 1 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = r.lastJson();
  EXPECT_GT(j["samples_per_second"].get<double>(), 0.0);
  EXPECT_TRUE(j.contains("test_accuracy"));
}

TEST(Cli, BenchMlpPrintsItsFigures) {
  const Result r = cli("bench mlp --repeat 1 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = r.lastJson();
  EXPECT_GT(j["epoch_seconds"].get<double>(), 0.0);
  EXPECT_GT(j["samples_per_second"].get<double>(), 0.0);
}

}  // namespace
