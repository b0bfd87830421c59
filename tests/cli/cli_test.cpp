// nnplay-cli as a user runs it: exit codes, messages and the JSON last line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <unistd.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_run.hpp"

namespace {

using ::testing::HasSubstr;

using nnplay::test::cli;
using nnplay::test::Result;

TEST(Cli, SpiralAcceptanceRunReachesNinetyFivePercent) {
  const Result r =
      cli("train --dataset spiral --layers 8,8 --activation tanh --optimizer adam --lr 0.01 "
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

TEST(Cli, MatrixPlaygroundMultipliesAndExplainsTheShapeRule) {
  Result r = cli(
      "matrix '[[0,2,4,6],[8,10,12,14]]' '[[1,3,5],[7,9,11],[13,15,17],[19,21,23]]' --cell 1,1");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("A (2×4) · B (4×3) = 2×3\n[[180, 204, 228], [500, 588, 676]]"));
  EXPECT_THAT(r.out, HasSubstr("0·1 + 2·7 + 4·13 + 6·19 = 180"));
  r = cli("matrix '1 2; 3 4' '1 2; 3 4; 5 6'");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("cannot multiply 2×2 by 3×2"));
  r = cli("matrix '1 2; 3 4' '5 6; 7 8' --op hadamard --activation relu");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("[[5, 12], [21, 32]]"));
  r = cli("matrix '[[1,2],[3]]'");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("A: row 2 has 1 values; row 1 has 2"));
}

TEST(Cli, NoSubcommandIsAUsageError) {
  EXPECT_EQ(cli("").code, 2);
}

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

namespace data_commands {
using ::testing::HasSubstr;

const std::string kData = NNPLAY_DATASETS_DIR;

TEST(CliData, IrisFromTheShippedFile) {
  const Result r = cli("train --csv " + kData +
                       "/iris.csv --target species --layers 8 --scale standard --lr 0.01 "
                       "--epochs 200 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_GE(r.lastJson()["test_accuracy"].get<double>(), 0.93);
  EXPECT_THAT(r.out, HasSubstr("target 'species' (3 classes)"));
}

TEST(CliData, TitanicFromTheShippedFile) {
  const Result r = cli("train --csv " + kData +
                       "/titanic.csv --target survived --layers 16,8 --activation relu --lr 0.01 "
                       "--batch 32 --epochs 60 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_GE(r.lastJson()["test_accuracy"].get<double>(), 0.77);
}

// The README's one-command run on the passenger-level table (missing ages imputed).
TEST(CliData, TitanicPassengersReadmeRunReachesSeventyEightPercent) {
  const Result r = cli("train --csv " + kData +
                       "/titanic_passengers.csv --target survived --scale standard --layers 16 "
                       "--activation tanh --lr 0.003 --batch 32 --epochs 100 --seed 1 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("1309 rows, 5 input columns -> 6 inputs; target 'survived' "
                               "(2 classes); 263 missing input cells imputed"));
  EXPECT_GE(r.lastJson()["test_accuracy"].get<double>(), 0.78);
}

TEST(CliData, DigitsFromTheShippedFolderReachNinetyFivePercent) {
  const std::string net =
      " --layers 32 --activation relu --optimizer adam --lr 0.003 --batch 32 --epochs 60 --seed 1 "
      "--json";
  const Result r = cli("train --dataset digits" + net);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("1347 training and 450 test images of 8x8, 10 classes"));
  EXPECT_THAT(r.out, HasSubstr("64 inputs"));
  const double accuracy = r.lastJson()["test_accuracy"].get<double>();
  EXPECT_GE(accuracy, 0.95);
  const Result byFolder = cli("train --idx " + kData + "/digits" + net);
  ASSERT_EQ(byFolder.code, 0) << byFolder.out;
  EXPECT_EQ(byFolder.lastJson()["test_accuracy"].get<double>(), accuracy);
  const Result d = cli("data digits");
  EXPECT_THAT(d.out, HasSubstr("images     1347 training, 450 test, 8x8 bytes each"));
}

TEST(CliData, CourseHousesTable) {
  const Result r = cli("data " + kData + "/houses_course.csv");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("rows       5 (after the header), 6 columns"));
  EXPECT_THAT(r.out, HasSubstr("classes: affordable: 1, cheap: 2, expensive: 2"));
}

// The perceptron lesson (COURSE.md c02): one step neuron, no hidden layer.
const std::string kStepNeuron =
    " --layers \"\" --activation binary_step --output-activation binary_step --loss mse "
    "--optimizer sgd --lr 0.1 --batch 1 --epochs 50 --seed 1";

TEST(CliGates, AndOrNandAreLearnedByOneStepNeuron) {
  for (const char* gate : {"and", "or", "nand"}) {
    const Result r = cli(std::string("train --dataset ") + gate + kStepNeuron + " --json");
    ASSERT_EQ(r.code, 0) << gate << ": " << r.out;
    EXPECT_THAT(r.out, HasSubstr("2 inputs, 3 parameters")) << gate << ": two weights, one bias";
    EXPECT_EQ(r.lastJson()["train_accuracy"].get<double>(), 1.0) << gate;
    EXPECT_EQ(r.lastJson()["test_accuracy"].get<double>(), 1.0) << gate;
  }
}

TEST(CliGates, XorIsNotLearnedByOneNeuronButWithAHiddenLayer) {
  const Result one = cli("train --dataset xor_gate" + kStepNeuron + " --json");
  ASSERT_EQ(one.code, 0) << one.out;
  EXPECT_THAT(one.out, HasSubstr("3 parameters"));
  // No line separates XOR's corners: at most 3 of 4 right, on every copy of the table.
  EXPECT_LE(one.lastJson()["test_accuracy"].get<double>(), 0.75);
  EXPECT_LE(one.lastJson()["train_accuracy"].get<double>(), 0.75);
  const Result hidden = cli(
      "train --dataset xor_gate --layers 4 --activation tanh --output-activation sigmoid --loss "
      "bce --optimizer adam --lr 0.05 --batch 4 --epochs 200 --seed 1 --json");
  ASSERT_EQ(hidden.code, 0) << hidden.out;
  EXPECT_EQ(hidden.lastJson()["test_accuracy"].get<double>(), 1.0);
}

TEST(CliData, HousePricesRegressionWithValidation) {
  const Result r =
      cli("train --csv " + kData +
          "/houses.csv --target price --layers 16,8 --activation relu --scale standard "
          "--lr 0.003 --batch 32 --l2 0.003 --epochs 150 --validation 15 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = r.lastJson();
  EXPECT_GE(j["test_r2"].get<double>(), 0.5);
  EXPECT_TRUE(j.contains("validation_r2"));
  EXPECT_GT(j["test_mae"].get<double>(), 1000.0) << "MAE is reported in dollars";
  EXPECT_THAT(r.out, HasSubstr("val loss"));
}

TEST(CliData, FashionMnistWhenInstalled) {
  if (!std::filesystem::is_directory("/usr/share/datasets/fashion-mnist")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const Result r = cli(
      "train --idx /usr/share/datasets/fashion-mnist --layers 256,128 --activation relu "
      "--output-activation softmax --loss ce --optimizer adam --lr 0.001 --batch 128 --epochs 3 "
      "--json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_GE(r.lastJson()["test_accuracy"].get<double>(), 0.86);
}

TEST(CliData, DataCommandExplainsATable) {
  const Result r = cli("data " + kData + "/titanic.csv");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("rows       2201"));
  EXPECT_THAT(r.out, HasSubstr("survived"));
  EXPECT_THAT(r.out, HasSubstr("classes: No: 1490, Yes: 711"));
  const Result g = cli("data spiral_k");
  ASSERT_EQ(g.code, 0);
  EXPECT_THAT(g.out, HasSubstr("(--classes 3-6)"));
}

TEST(CliData, ExportDataWritesTheGeneratorToCsv) {
  const auto path = std::filesystem::temp_directory_path() / "nnplay-export-test.csv";
  const Result r =
      cli("export-data blobs --classes 4 --samples 40 --seed 3 --out " + path.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const Result back = cli("data " + path.string());
  EXPECT_THAT(back.out, HasSubstr("rows       40"));
  EXPECT_THAT(back.out, HasSubstr("4 classes"));
  std::filesystem::remove(path);
}

TEST(CliData, EveryGeneratorTrains) {
  for (const char* g :
       {"circle", "xor", "gauss", "spiral", "plane", "multi_gauss", "spiral_k", "blobs",
        "checkerboard", "moons", "sine", "step", "polynomial", "and", "or", "nand", "xor_gate"}) {
    const Result r = cli(std::string("train --dataset ") + g + " --epochs 2 --json");
    EXPECT_EQ(r.code, 0) << g << ": " << r.out;
  }
  const Result f =
      cli("train --dataset spiral --features x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2 --epochs 2");
  EXPECT_THAT(f.out, HasSubstr("7 inputs"));
}

TEST(CliData, BadFilesExitWithOneAndNameTheLine) {
  const auto path = std::filesystem::temp_directory_path() / "nnplay-bad.csv";
  {
    std::ofstream out(path);
    out << "a,b,y\n1,2,0\n3,4\n";
  }
  Result r = cli("train --csv " + path.string() + " --epochs 1");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr(path.string() + ":3: row has 2 fields; the header has 3"));
  r = cli("train --csv " + kData + "/iris.csv --target colour --epochs 1");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("no column named 'colour'"));
  r = cli("train --idx /nonexistent --epochs 1");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("/nonexistent: not a folder"));
  std::filesystem::remove(path);
}

}  // namespace data_commands

namespace model_commands {
using ::testing::HasSubstr;

std::filesystem::path tmp(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("nnplay-cli-" + std::to_string(::getpid()) + "-" + name);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(CliModel, ResumeContinuesTheSameLossCurve) {
  const std::string flags =
      "train --dataset spiral --noise 10 --layers 8,8 --seed 5 --report-every 20 ";
  Result full = cli(flags + "--epochs 80 --save " + tmp("full.json").string() + " --json");
  ASSERT_EQ(full.code, 0) << full.out;
  Result half = cli(flags + "--epochs 40 --save " + tmp("half.json").string());
  ASSERT_EQ(half.code, 0) << half.out;
  Result rest =
      cli("train --resume " + tmp("half.json").string() + " --epochs 40 --report-every 20 --save " +
          tmp("rest.json").string() + " --json");
  ASSERT_EQ(rest.code, 0) << rest.out;
  EXPECT_THAT(rest.out, HasSubstr("resuming"));
  EXPECT_EQ(full.lastJson()["train_loss"], rest.lastJson()["train_loss"]);
  EXPECT_EQ(full.lastJson()["test_accuracy"], rest.lastJson()["test_accuracy"]);
  const auto a = nlohmann::json::parse(slurp(tmp("full.json")));
  const auto b = nlohmann::json::parse(slurp(tmp("rest.json")));
  EXPECT_EQ(a["weights"], b["weights"]) << "bit-identical weights";
  EXPECT_EQ(a["history"], b["history"]) << "the same loss curve";
  for (const char* f : {"full.json", "half.json", "rest.json"}) std::filesystem::remove(tmp(f));
}

TEST(CliModel, PredictMatchesTheOnnxAndNpzExportsComputedByNumpy) {
  const auto model = tmp("model.json");
  ASSERT_EQ(cli("train --dataset circle --layers 6,4 --activation relu --features x1,x2,x1sq,x2sq "
                "--scale standard --batchnorm --epochs 30 --save " +
                model.string())
                .code,
            0);
  {
    std::ofstream in(tmp("in.csv"));
    std::ofstream raw(tmp("raw.csv"));
    in << "x1,x2\n";
    for (int i = 0; i < 40; ++i) {
      const double x = -5.5 + 0.27 * i, y = 4.0 - 0.21 * i;
      in << x << "," << y << "\n";
      raw << x << "," << y << "\n";
    }
  }
  Result p = cli("predict " + model.string() + " --input " + tmp("in.csv").string() + " --output " +
                 tmp("pred.csv").string());
  ASSERT_EQ(p.code, 0) << p.out;
  const std::string pred = slurp(tmp("pred.csv"));
  EXPECT_EQ(pred.substr(0, pred.find('\n')), "p_class 1");
  {
    std::ofstream expected(tmp("expected.csv"));
    expected << pred.substr(pred.find('\n') + 1);
  }
  ASSERT_EQ(cli("export " + model.string() + " --format onnx --out " + tmp("m.onnx").string()).code,
            0);
  ASSERT_EQ(cli("export " + model.string() + " --format npz --out " + tmp("m.npz").string()).code,
            0);
  const std::string scripts = NNPLAY_EXPORT_SCRIPTS;
  EXPECT_EQ(
      0, std::system(("/usr/bin/python3 " + scripts + "/check_onnx.py " + tmp("m.onnx").string() +
                      " " + tmp("raw.csv").string() + " " + tmp("expected.csv").string())
                         .c_str()));
  EXPECT_EQ(0,
            std::system(("/usr/bin/python3 " + scripts + "/check_npz.py " + tmp("m.npz").string() +
                         " " + tmp("raw.csv").string() + " " + tmp("expected.csv").string())
                            .c_str()));
  for (const char* f :
       {"model.json", "in.csv", "raw.csv", "pred.csv", "expected.csv", "m.onnx", "m.npz"}) {
    std::filesystem::remove(tmp(f));
  }
}

TEST(CliModel, PredictOnATableUsesTheOneHotColumnsByName) {
  const auto model = tmp("titanic.json");
  ASSERT_EQ(cli("train --csv " + std::string(NNPLAY_DATASETS_DIR) +
                "/titanic.csv --target survived --layers 8 --epochs 5 --save " + model.string())
                .code,
            0);
  {
    std::ofstream in(tmp("people.csv"));
    in << "class,sex,age\n1st,Female,Adult\n3rd,Male,Adult\n";
  }
  Result p = cli("predict " + model.string() + " --input " + tmp("people.csv").string());
  ASSERT_EQ(p.code, 0) << p.out;
  EXPECT_THAT(p.out, HasSubstr("p_Yes"));
  std::istringstream lines(p.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_GT(std::stod(first), std::stod(second)) << "a first-class woman is likelier to survive";
  {
    std::ofstream in(tmp("bad.csv"));
    in << "class,sex\n1st,Female\n";
  }
  p = cli("predict " + model.string() + " --input " + tmp("bad.csv").string());
  EXPECT_EQ(p.code, 1);
  EXPECT_THAT(p.out, HasSubstr("no column for the model input 'age=Adult'"));
  for (const char* f : {"titanic.json", "people.csv", "bad.csv"}) std::filesystem::remove(tmp(f));
}

TEST(CliModel, InfoAndBadModelFiles) {
  const auto model = tmp("info.json");
  ASSERT_EQ(cli("train --dataset xor --layers 4 --epochs 3 --save " + model.string()).code, 0);
  Result i = cli("info " + model.string());
  ASSERT_EQ(i.code, 0) << i.out;
  EXPECT_THAT(i.out, HasSubstr("2 inputs -> 4 tanh -> 1 sigmoid"));
  EXPECT_THAT(i.out, HasSubstr("trained    3 epochs"));
  {
    std::ofstream bad(tmp("bad.json"));
    bad << "{\"format\": \"nnplay\", \"version\": 1, \"network\": {\"inputs\": 0}}";
  }
  i = cli("info " + tmp("bad.json").string());
  EXPECT_EQ(i.code, 1);
  EXPECT_THAT(i.out, HasSubstr("field 'network.inputs': expected an integer from 1"));
  std::filesystem::remove(model);
  std::filesystem::remove(tmp("bad.json"));
}

}  // namespace model_commands

namespace device_commands {
using ::testing::HasSubstr;

TEST(CliDevices, ListsTheCpuAlways) {
  const Result r = cli("devices");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("cpu  CPU (Eigen)"));
}

TEST(CliDevices, WithoutAnOpenClPlatformOnlyTheCpuWorks) {
  const auto empty = std::filesystem::temp_directory_path() / "nnplay-no-icd";
  std::filesystem::create_directories(empty);
  const std::string env = "OCL_ICD_VENDORS=" + empty.string() + " ";
  // The environment variable goes before the program: cli() runs through a shell.
  const auto run = [&](const std::string& args) {
    Result r;
    const std::string cmd = env + std::string(NNPLAY_CLI) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::array<char, 4096> buf{};
    while (p && std::fgets(buf.data(), static_cast<int>(buf.size()), p)) r.out += buf.data();
    const int status = p ? pclose(p) : -1;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  };
  Result r = run("devices");
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("no OpenCL device: no OpenCL platform found"));
  r = run("train --dataset xor --epochs 2 --device cpu --json");
  EXPECT_EQ(r.code, 0) << r.out;
  r = run("train --dataset xor --epochs 2 --device opencl");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("--device opencl: no OpenCL platform found"));
  std::filesystem::remove_all(empty);
}

TEST(CliDevices, SpiralTrainsToTheSameLossOnOpenCl) {
  if (cli("devices").out.find("opencl:0") == std::string::npos) GTEST_SKIP() << "no OpenCL device";
  const std::string flags =
      "train --dataset spiral --layers 8,8 --activation tanh --epochs 200 --seed 3 --json ";
  const Result cpu = cli(flags + "--device cpu");
  const Result cl = cli(flags + "--device opencl");
  ASSERT_EQ(cpu.code, 0) << cpu.out;
  ASSERT_EQ(cl.code, 0) << cl.out;
  const double a = cpu.lastJson()["train_loss"].get<double>();
  const double b = cl.lastJson()["train_loss"].get<double>();
  EXPECT_NEAR(b, a, 1e-3 * a);
}

TEST(Cli, ExplainShowsTheMathOfOneSampleAndRefusesBadInput) {
  const std::string model = model_commands::tmp("explain.nnplay.json").string();
  ASSERT_EQ(cli("train --dataset xor --layers 3 --epochs 5 --save " + model).code, 0);
  Result r = cli("explain " + model + " --input 'x1=0.5,x2=-1' --target 1");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("z1 = x·W1 + b1 (1×3)"));
  EXPECT_THAT(r.out, HasSubstr("∂L/∂W2 = a1ᵀ·δ2 (3×1)"));
  EXPECT_THAT(r.out, HasSubstr("Update (Adam, learning rate 0.01, step t = "));
  r = cli("explain " + model + " --input '0.5,-1' --target 'class 1' --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(j["forward"].size(), 2u);
  EXPECT_EQ(j["forward"][0]["z"][0].size(), 3u);
  EXPECT_EQ(j["grad"]["dense_0/kernel"].size(), 2u);
  EXPECT_EQ(j["update"]["dense_1/bias"][0].size(), 1u);
  EXPECT_EQ(j["state_before"]["m"]["dense_0/kernel"].size(), 2u);
  EXPECT_EQ(j["x"], nlohmann::json::parse("[[0.5,-1.0]]"));
  r = cli("explain " + model + " --input 'x1=0.5,x3=-1' --target 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("the model has no input 'x3'; its inputs are x1, x2"));
  r = cli("explain " + model + " --input '0.5' --target 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("--input has 1 values; the model takes 2 (x1, x2)"));
  r = cli("explain " + model + " --input '0.5,1'");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("needs a target"));
  r = cli("explain " + model + " --input '0.5,x' --target 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("expected a number, got 'x'"));
}

TEST(Cli, HealthReportsDeadAndSaturatedUnitsPerHiddenLayer) {
  const Result r =
      cli("train --dataset spiral --layers 4,3 --activation relu --epochs 2 --report-every 1 "
          "--health");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, ::testing::ContainsRegex("dead [0-4]/4 [0-3]/3  saturated [0-4]/4 [0-3]/3"));
}

TEST(Cli, DescendPrintsAnOptimizersPathAndRefusesBadNames) {
  Result r =
      cli("descend --surface bowl --optimizer momentum --lr 0.05 --start 1.5,-1 --steps 100 "
          "--json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["path"].size(), 101u);
  EXPECT_EQ(j["path"][0]["x"], 1.5);
  EXPECT_EQ(j["path"][0]["y"], -1.0);
  EXPECT_EQ(j["path"][0]["loss"], 3.25);
  EXPECT_LT(j["path"][100]["loss"].get<double>(), 1e-3);
  EXPECT_TRUE(j["diverged_at"].is_null());
  r = cli("descend --surface bowl --optimizer sgd --lr 1.05 --steps 1000 --json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_FALSE(nlohmann::json::parse(r.out)["diverged_at"].is_null());
  r = cli("descend --surface donut");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("bowl, valley, rosenbrock, saddle, minima, cliff"));
  r = cli("descend --optimizer lbfgs");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("sgd, momentum, nesterov, rmsprop, adam"));
  r = cli("descend --surface rosenbrock --start 5,0");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("x from -2 to 2, y from -1 to 3"));
  r = cli("descend --surface linreg:" + std::string(NNPLAY_DATASETS_DIR) +
          "/houses.csv:sqft:price --batch 1 --steps 200 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto l = nlohmann::json::parse(r.out);
  EXPECT_EQ(l["batch"], 1);
  EXPECT_GT(l["optimum"]["w"].get<double>(), 0.5) << "bigger houses cost more";
  r = cli("descend --surface linreg:" + std::string(NNPLAY_DATASETS_DIR) +
          "/houses.csv:area:price");
  EXPECT_NE(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("no column 'area'"));
}

TEST(Cli, LandscapePrintsASliceAroundASavedModel) {
  const std::string model = model_commands::tmp("landscape.nnplay.json").string();
  ASSERT_EQ(cli("train --dataset spiral --layers 8,8 --epochs 300 --lr 0.03 --save " + model).code,
            0);
  Result r = cli("landscape " + model + " --resolution 21 --span 0.5 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["loss"].size(), 21u);
  EXPECT_EQ(j["loss"][0].size(), 21u);
  EXPECT_EQ(j["loss"][10][10], j["centre_loss"]);
  r = cli("landscape " + model + " --resolution 5 --csv");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("a,b,loss\n-1,-1,"));
  r = cli("landscape " + model + " --resolution 4");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("odd number"));
}

}  // namespace device_commands
