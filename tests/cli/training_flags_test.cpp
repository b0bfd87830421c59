// nnplay-cli's script export, schedules, early stopping and augmentation as a
// user runs them: what is written, what is refused, and the messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.hpp"

namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

using nnplay::test::Result;
constexpr auto run = nnplay::test::cli;

class CliScripts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nnplay_cli_scripts_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(CliScripts, ATrainedModelGivesScriptDataAndWeights) {
  ASSERT_EQ(
      run("train --dataset xor --samples 100 --epochs 5 --save " + path("m.nnplay.json")).code, 0);
  const Result r = run("export " + path("m.nnplay.json") + " --format pytorch --out " +
                       path("train.py") + " --with-data");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("wrote the PyTorch script " + path("train.py")));
  EXPECT_THAT(r.out, HasSubstr("(50 training, 0 validation, 50 test rows)"));
  EXPECT_THAT(r.out, HasSubstr("python3 train.py --load-weights"));
  EXPECT_TRUE(fs::exists(dir_ / "train.py"));
  EXPECT_TRUE(fs::exists(dir_ / "train_data.csv"));
  EXPECT_TRUE(fs::exists(dir_ / "train.npz"));
}

TEST_F(CliScripts, AnUntrainedModelGetsAScriptThatSaysSoAndNoWeights) {
  // A project saved before any training: the document without weights.
  ASSERT_EQ(
      run("train --dataset xor --samples 100 --epochs 1 --save " + path("t.nnplay.json")).code, 0);
  nlohmann::json j;
  std::ifstream(path("t.nnplay.json")) >> j;
  for (const char* key : {"weights", "state", "trainer", "history", "transform"}) j.erase(key);
  std::ofstream(path("u.nnplay.json")) << j.dump(1);
  const Result r = run("export " + path("u.nnplay.json") + " --format keras --out " + path("k.py"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("no trained weights yet: the script trains from scratch"));
  EXPECT_FALSE(fs::exists(dir_ / "k.npz"));
  // The weight formats need weights, and say which field is missing.
  const Result npz =
      run("export " + path("u.nnplay.json") + " --format npz --out " + path("u.npz"));
  EXPECT_EQ(npz.code, 1);
  EXPECT_THAT(npz.out, HasSubstr("no trained weights"));
  EXPECT_FALSE(fs::exists(dir_ / "u.npz"));
}

TEST_F(CliScripts, AFolderThatCannotBeWrittenIsNamedAndNothingIsLeft) {
  ASSERT_EQ(
      run("train --dataset xor --samples 100 --epochs 2 --save " + path("m.nnplay.json")).code, 0);
  const std::string missing = path("no/such/folder/train.py");
  const Result r =
      run("export " + path("m.nnplay.json") + " --format pytorch --with-data --out " + missing);
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr(missing));
  EXPECT_FALSE(fs::exists(dir_ / "no"));
  const Result format = run("export " + path("m.nnplay.json") + " --format jax --out x.py");
  EXPECT_EQ(format.code, 2);
  EXPECT_THAT(format.out, HasSubstr("jax"));
}

TEST(CliTraining, EarlyStoppingStopsRestoresAndSaysSo) {
  const Result r =
      run("train --dataset spiral --noise 40 --samples 200 --validation 20 --layers 32,32 "
          "--activation relu --lr 0.03 --epochs 500 --early-stopping 5 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("early stopping at epoch"));
  EXPECT_THAT(r.out, HasSubstr("restored the weights of epoch"));
  const nlohmann::json j = r.lastJson();
  EXPECT_LT(j["epochs"].get<int>(), 500);
  EXPECT_LT(j["best_epoch"].get<int>(), j["epochs"].get<int>());
}

TEST(CliTraining, BadScheduleAndPatienceAreRefusedNamingTheSetting) {
  const Result unknown = run("train --dataset xor --epochs 1 --schedule linear");
  EXPECT_NE(unknown.code, 0);
  EXPECT_THAT(unknown.out, HasSubstr("unknown learning-rate schedule 'linear'"));
  const Result range = run("train --dataset xor --epochs 1 --schedule step:factor=3");
  EXPECT_NE(range.code, 0);
  EXPECT_THAT(range.out, HasSubstr("'factor' must be above 0 and at most 1, got 3"));
  const Result patience = run("train --dataset xor --epochs 1 --early-stopping -2");
  EXPECT_EQ(patience.code, 2);
  EXPECT_THAT(patience.out, HasSubstr("--early-stopping"));
  const Result ok = run("train --dataset xor --epochs 3 --schedule cosine:epochs=3,warmup=1");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_THAT(ok.out, HasSubstr("with the schedule cosine:epochs=3,floor=0,warmup=1"));
}

TEST(CliTraining, BadAugmentationIsRefusedNamingTheSettingAndRange) {
  const Result unknown = run("train --dataset xor --epochs 1 --augment shift=1,blur=2");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_THAT(unknown.out, HasSubstr("--augment: unknown augmentation 'blur'; expected one of: "
                                     "shift, flip, rotate, zoom, crop, noise, jitter"));
  const Result range = run("train --dataset xor --epochs 1 --augment rotate=90");
  EXPECT_EQ(range.code, 2);
  EXPECT_THAT(range.out, HasSubstr("'rotate' must be from 0 to 45 degrees, got 90"));
  const Result images = run("train --dataset xor --epochs 1 --augment shift=2");
  EXPECT_EQ(images.code, 2);
  EXPECT_THAT(images.out, HasSubstr("apply to images"));
  EXPECT_THAT(images.out, HasSubstr("use jitter"));
  const Result limit = run("train --dataset xor --epochs 1 --train-images 100");
  EXPECT_EQ(limit.code, 2);
  EXPECT_THAT(limit.out, HasSubstr("--train-images applies to image folders"));
  const Result help = run("train --help");
  EXPECT_THAT(help.out, HasSubstr("rotate (0-45 degrees)"));
  EXPECT_THAT(help.out, HasSubstr("jitter (0-2)"));
}

TEST(CliTraining, JitterIsDeterministicAndSaid) {
  const std::string args = "train --dataset circle --epochs 5 --augment jitter=0.3 --json";
  const Result a = run(args), b = run(args);
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_THAT(a.out, HasSubstr("augmenting the training batches: jitter=0.3"));
  EXPECT_EQ(a.lastJson()["train_loss"], b.lastJson()["train_loss"]);
  const Result plain = run("train --dataset circle --epochs 5 --json");
  EXPECT_NE(a.lastJson()["train_loss"], plain.lastJson()["train_loss"]);
}

TEST(CliTraining, AugmentedFashionMnistSubsetSavesItsSettings) {
  if (!fs::is_directory("/usr/share/datasets/fashion-mnist")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const fs::path file = fs::temp_directory_path() / "nnplay_cli_augment.nnplay.json";
  const Result r = run(
      "train --dataset fashion_mnist --train-images 300 --layers 16 --activation relu --lr 0.001 "
      "--epochs 2 --batch 32 --augment shift=1,flip=1,noise=0.05 --json --save " +
      file.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("only the first 300 of 60000 training images"));
  EXPECT_THAT(r.out, HasSubstr("training 300 samples"));
  std::ifstream in(file);
  const nlohmann::json saved = nlohmann::json::parse(in);
  EXPECT_EQ(saved["training"]["augment"], "shift=1,flip=1,noise=0.05");
  EXPECT_EQ(saved["data"]["train_limit"], 300);
  const Result resumed = run("train --resume " + file.string() + " --epochs 1 --json");
  EXPECT_EQ(resumed.code, 0) << resumed.out;
  EXPECT_THAT(resumed.out, HasSubstr("augmenting the training batches: shift=1,flip=1"));
  fs::remove(file);
}

TEST(CliTraining, BenchMlpTimesEpochsWithAndWithoutAugmentation) {
  const Result r = run("bench mlp --repeat 1 --batch 1000 --augment shift=2,rotate=10 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = r.lastJson();
  EXPECT_EQ(j["augment"], "shift=2,rotate=10");
  EXPECT_GT(j["epoch_seconds"].get<double>(), 0.0);
  EXPECT_GT(j["augmented_epoch_seconds"].get<double>(), 0.0);
  EXPECT_GT(j["augment_cost_ratio"].get<double>(), 0.0);
  const Result bad = run("bench mlp --repeat 1 --augment zoom=2");
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.out, HasSubstr("'zoom' must be from 0 to 0.5, got 2"));
}

}  // namespace
