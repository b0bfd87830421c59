// The code generator: what each setting becomes in Keras and PyTorch, the
// control tags a window lights up, the differences it owns up to, and the
// files exportScript writes (or, on failure, does not leave behind).
// Running the scripts is tests/export's job (check_pytorch_script.py,
// check_keras_script.py).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nnplay/augment.hpp"
#include "nnplay/codegen.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/error.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

CodeInput spiralInput() {
  CodeInput in;
  in.data.generator = "spiral";
  in.data.params.samples = 200;
  in.network = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  in.training.loss = LossId::Bce;
  in.shape.task = Task::Classification;
  in.shape.classes = 2;
  in.shape.rawInputs = 2;
  return in;
}

std::string lineAt(const GeneratedCode& c, int i) {
  return i >= 0 ? c.lines[static_cast<std::size_t>(i)].text : std::string("<no line>");
}

// Every line tagged with `control` (and `layer`), one after the other.
std::string tagged(const GeneratedCode& c, const char* control, int layer = -1) {
  std::string s;
  for (const CodeLine& l : c.lines) {
    if (l.tagged(control, layer)) s += l.text + "\n";
  }
  return s;
}

TEST(Codegen, FrameworksByName) {
  EXPECT_EQ(codeFrameworkByName("keras"), CodeFramework::Keras);
  EXPECT_EQ(codeFrameworkByName("pytorch"), CodeFramework::PyTorch);
  EXPECT_EQ(codeFrameworkName(CodeFramework::PyTorch), "pytorch");
  try {
    codeFrameworkByName("jax");
    FAIL() << "no error";
  } catch (const SpecError& e) {
    EXPECT_THAT(e.what(), HasSubstr("jax"));
    EXPECT_THAT(e.what(), HasSubstr("keras"));
  }
}

TEST(Codegen, TheLearningRateLineCarriesTheRate) {
  CodeInput in = spiralInput();
  in.training.optimizer.learningRate = 0.03f;
  const GeneratedCode k = generateCode(in, CodeFramework::Keras);
  const GeneratedCode t = generateCode(in, CodeFramework::PyTorch);
  EXPECT_THAT(lineAt(k, k.lineOf("learning_rate")), HasSubstr("learning_rate=0.03,"));
  EXPECT_THAT(lineAt(t, t.lineOf("learning_rate")), HasSubstr("lr=0.03,"));
  in.training.optimizer.learningRate = 1e-4f;
  const GeneratedCode small = generateCode(in, CodeFramework::Keras);
  EXPECT_THAT(lineAt(small, small.lineOf("learning_rate")), HasSubstr("learning_rate=0.0001,"));
}

TEST(Codegen, EveryControlOfTheWindowHasALine) {
  CodeInput in = spiralInput();
  in.network.layers[0].dropout = 0.25f;
  in.network.layers[1].batchNorm = true;
  for (CodeFramework f : {CodeFramework::Keras, CodeFramework::PyTorch}) {
    const GeneratedCode c = generateCode(in, f);
    for (const char* control : {"data", "features", "scaling", "layers", "activation", "dropout",
                                "batch_norm", "init", "l1", "l2", "optimizer", "learning_rate",
                                "loss", "metrics", "batch_size", "epochs", "seed", "weights"}) {
      EXPECT_GE(c.lineOf(control), 0) << codeFrameworkName(f) << ": " << control;
    }
    for (int layer = 0; layer < 3; ++layer) {
      EXPECT_GE(c.lineOf("layers", layer), 0) << codeFrameworkName(f) << " layer " << layer;
      EXPECT_GE(c.lineOf("activation", layer), 0) << codeFrameworkName(f) << " layer " << layer;
    }
    EXPECT_THAT(lineAt(c, c.lineOf("dropout", 0)), HasSubstr("0.25"));
    EXPECT_EQ(c.lineOf("dropout", 1), -1);
  }
}

TEST(Codegen, ALineMayCarrySeveralControls) {
  CodeLine l{"x", "layers activation", 2};
  EXPECT_TRUE(l.tagged("layers"));
  EXPECT_TRUE(l.tagged("activation", 2));
  EXPECT_FALSE(l.tagged("activation", 1));
  EXPECT_FALSE(l.tagged("act"));
  EXPECT_FALSE(l.tagged(""));
}

struct ActivationCase {
  ActivationId id;
  const char* keras;
  const char* torch;
};

TEST(Codegen, EachActivationInBothFrameworks) {
  const ActivationCase cases[] = {
      {ActivationId::Linear, "activation=\"linear\"", "# linear activation: no module"},
      {ActivationId::Sigmoid, "activation=\"sigmoid\"", "nn.Sigmoid()"},
      {ActivationId::Tanh, "activation=\"tanh\"", "nn.Tanh()"},
      {ActivationId::Relu, "activation=\"relu\"", "nn.ReLU()"},
      {ActivationId::LeakyRelu, "layers.LeakyReLU(negative_slope=0.01)", "nn.LeakyReLU(0.01)"},
      {ActivationId::Elu, "activation=\"elu\"", "nn.ELU()"},
      {ActivationId::Gelu, "activation=\"gelu\"", "nn.GELU()"},
      {ActivationId::Swish, "activation=\"silu\"", "nn.SiLU()"},
      {ActivationId::Softplus, "activation=\"softplus\"", "nn.Softplus()"},
      {ActivationId::BinaryStep, "activation=binary_step", "BinaryStep()"},
  };
  ASSERT_EQ(std::size(cases) + 1, activations().size());  // softmax: output layers only
  for (const ActivationCase& c : cases) {
    CodeInput in = spiralInput();
    in.network.layers[1].activation = c.id;
    const GeneratedCode k = generateCode(in, CodeFramework::Keras);
    const GeneratedCode t = generateCode(in, CodeFramework::PyTorch);
    EXPECT_THAT(lineAt(k, k.lineOf("activation", 1)), HasSubstr(c.keras)) << c.keras;
    EXPECT_THAT(lineAt(t, t.lineOf("activation", 1)), HasSubstr(c.torch)) << c.torch;
    const bool step = c.id == ActivationId::BinaryStep;
    for (const GeneratedCode* g : {&k, &t}) {
      EXPECT_EQ(g->differences.size() > 0 &&
                    g->differences[0].find("straight-through") != std::string::npos,
                step);
    }
  }
}

TEST(Codegen, EachOptimizerWithItsSettings) {
  struct Case {
    OptimizerId id;
    const char* keras;
    const char* torch;
  };
  const Case cases[] = {
      {OptimizerId::Sgd, "keras.optimizers.SGD(", "torch.optim.SGD("},
      {OptimizerId::Momentum, "momentum=0.8,", "momentum=0.8,"},
      {OptimizerId::Nesterov, "momentum=0.8, nesterov=True,", "momentum=0.8, nesterov=True,"},
      {OptimizerId::Rmsprop, "rho=0.95, epsilon=1e-06,", "alpha=0.95, eps=1e-06,"},
      {OptimizerId::Adam, "beta_1=0.85, beta_2=0.99, epsilon=1e-06,",
       "betas=(0.85, 0.99), eps=1e-06,"},
  };
  ASSERT_EQ(std::size(cases), optimizers().size());
  for (const Case& c : cases) {
    CodeInput in = spiralInput();
    OptimizerSettings& o = in.training.optimizer;
    o.id = c.id;
    o.momentum = 0.8f;
    o.rho = 0.95f;
    o.beta1 = 0.85f;
    o.beta2 = 0.99f;
    o.epsilon = 1e-6f;
    EXPECT_THAT(generateCode(in, CodeFramework::Keras).text(), HasSubstr(c.keras));
    EXPECT_THAT(generateCode(in, CodeFramework::PyTorch).text(), HasSubstr(c.torch));
  }
}

TEST(Codegen, EachLoss) {
  struct Case {
    LossId id;
    ActivationId out;
    int units;
    const char* keras;
    const char* torch;
  };
  const Case cases[] = {
      {LossId::Mse, ActivationId::Tanh, 1, "keras.losses.MeanSquaredError()", "nn.MSELoss()"},
      {LossId::HalfMse, ActivationId::Tanh, 1, "loss=half_mse", "0.5 * nn.functional.mse_loss"},
      {LossId::Mae, ActivationId::Tanh, 1, "keras.losses.MeanAbsoluteError()", "nn.L1Loss()"},
      {LossId::Huber, ActivationId::Tanh, 1, "keras.losses.Huber(delta=1.0)",
       "nn.HuberLoss(delta=1.0)"},
      {LossId::Bce, ActivationId::Sigmoid, 1, "keras.losses.BinaryCrossentropy()",
       "nn.BCEWithLogitsLoss()"},
      {LossId::Ce, ActivationId::Softmax, 2, "keras.losses.SparseCategoricalCrossentropy()",
       "nn.CrossEntropyLoss()"},
  };
  ASSERT_EQ(std::size(cases), losses().size());
  for (const Case& c : cases) {
    CodeInput in = spiralInput();
    in.network.layers.back() = LayerSpec{c.units, c.out};
    in.training.loss = c.id;
    const GeneratedCode k = generateCode(in, CodeFramework::Keras);
    const GeneratedCode t = generateCode(in, CodeFramework::PyTorch);
    EXPECT_THAT(tagged(k, "loss"), HasSubstr(c.keras));
    EXPECT_THAT(tagged(t, "loss"), HasSubstr(c.torch));
    // Fused losses read the logits: PyTorch leaves the output activation out.
    EXPECT_EQ(t.text().find("model[:-1](x)") != std::string::npos,
              loss(c.id).fusedWith.has_value());
  }
}

TEST(Codegen, PenaltiesAndInitializers) {
  CodeInput in = spiralInput();
  in.training.l1 = 0.001f;
  in.training.l2 = 0.004f;
  in.network.init = InitId::HeNormal;
  in.network.biasInit = 0.1f;
  const GeneratedCode k = generateCode(in, CodeFramework::Keras);
  const GeneratedCode t = generateCode(in, CodeFramework::PyTorch);
  // nnplay's penalty is l2/2·Σw²; Keras's L2 adds l2·Σw².
  EXPECT_THAT(k.text(), HasSubstr("keras.regularizers.L1L2(l1=0.001, l2=0.002)"));
  EXPECT_THAT(lineAt(t, t.lineOf("l2")), HasSubstr("l2 = 0.004"));
  EXPECT_THAT(t.text(), HasSubstr("(loss + penalty(model)).backward()"));
  // nnplay's plain (untruncated) normal, which Keras's HeNormal is not.
  EXPECT_THAT(k.text(), HasSubstr("keras.initializers.VarianceScaling(scale=2.0, mode=\"fan_in\", "
                                  "distribution=\"untruncated_normal\")"));
  EXPECT_THAT(k.text(), HasSubstr("keras.initializers.Constant(0.1)"));
  EXPECT_THAT(t.text(), HasSubstr("nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")"));
  EXPECT_THAT(t.text(), HasSubstr("nn.init.constant_(layer.bias, 0.1)"));
  for (const std::string& d : k.differences) EXPECT_THAT(d, Not(HasSubstr("truncated")));
}

TEST(Codegen, BatchNormLikeNnplay) {
  CodeInput in = spiralInput();
  in.network.layers[0].batchNorm = true;
  const GeneratedCode k = generateCode(in, CodeFramework::Keras);
  const GeneratedCode t = generateCode(in, CodeFramework::PyTorch);
  EXPECT_THAT(lineAt(k, k.lineOf("layers", 0)), HasSubstr("use_bias=False"));
  EXPECT_THAT(lineAt(k, k.lineOf("batch_norm", 0)),
              HasSubstr("layers.BatchNormalization(momentum=0.9, epsilon=1e-05"));
  EXPECT_THAT(lineAt(k, k.lineOf("activation", 0)), HasSubstr("layers.Activation(\"tanh\")"));
  EXPECT_THAT(lineAt(t, t.lineOf("layers", 0)), HasSubstr("nn.Linear(2, 8, bias=False)"));
  EXPECT_THAT(lineAt(t, t.lineOf("batch_norm", 0)),
              HasSubstr("nn.BatchNorm1d(8, eps=1e-05, momentum=0.1)"));
  // Keras keeps the biased batch variance; the script says so.
  ASSERT_FALSE(k.differences.empty());
  EXPECT_THAT(k.differences[0], HasSubstr("biased batch variance"));
  EXPECT_THAT(k.text(), HasSubstr("biased batch variance"));
}

TEST(Codegen, WhatTheScriptsLeaveOutIsSaid) {
  CodeInput in = spiralInput();
  in.training.schedule = parseSchedule("cosine:epochs=50");
  in.training.earlyStopping.enabled = true;
  in.training.augment = parseAugment("jitter=0.1");
  for (CodeFramework f : {CodeFramework::Keras, CodeFramework::PyTorch}) {
    const GeneratedCode c = generateCode(in, f);
    const std::string text = c.text();
    EXPECT_THAT(text, HasSubstr("the schedule cosine:epochs=50,floor=0; this script trains at "
                                "the constant rate"));
    EXPECT_THAT(text, HasSubstr("nnplay stopped early (patience 10 epochs"));
    EXPECT_THAT(text, HasSubstr("nnplay augmented the training data (jitter=0.1)"));
    EXPECT_GE(c.differences.size(), 3u);
  }
}

TEST(Codegen, TheScriptSaysWhatItReadsAndWhetherWeightsCame) {
  CodeInput in = spiralInput();
  in.dataFile = "spiral_data.csv";
  const std::string untrained = generateCode(in, CodeFramework::PyTorch).text();
  EXPECT_THAT(untrained, HasSubstr("WEIGHTS_FILE = None"));
  EXPECT_THAT(untrained, HasSubstr("\"spiral_data.csv\""));
  in.weightsFile = "run.npz";
  EXPECT_THAT(generateCode(in, CodeFramework::Keras).text(), HasSubstr("\"run.npz\""));
  in.data.kind = DataSourceKind::Idx;
  in.data.path = "/data/digits";
  in.network = makeSpec(784, {32}, ActivationId::Relu, 10, ActivationId::Softmax);
  in.training.loss = LossId::Ce;
  in.shape.classes = 10;
  in.shape.rawInputs = 784;
  const std::string images = generateCode(in, CodeFramework::PyTorch).text();
  EXPECT_THAT(images, HasSubstr("IMAGE_FOLDER = \"/data/digits\""));
  EXPECT_THAT(images, HasSubstr("PIXEL_SCALE"));
  EXPECT_THAT(images, Not(HasSubstr("DATA_FILE")));
}

class ScriptExport : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nnplay_codegen_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    project_.data.generator = "xor";
    project_.data.params.samples = 100;
    project_.data.validationRatio = 0.2;
    project_.network = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
    project_.training.loss = LossId::Bce;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  Project project_;
};

TEST_F(ScriptExport, WritesTheScriptAndTheDataAsSplit) {
  const ScriptFiles f =
      exportScript(project_, nullptr, CodeFramework::PyTorch, (dir_ / "run.py").string(), true);
  EXPECT_TRUE(fs::exists(dir_ / "run.py"));
  ASSERT_EQ(f.data, (dir_ / "run_data.csv").string());
  EXPECT_TRUE(f.weights.empty());
  EXPECT_FALSE(fs::exists(dir_ / "run.npz"));
  EXPECT_THAT(f.notes.back(), HasSubstr("trains from scratch"));
  std::ifstream csv(f.data);
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "x1,x2,label,split");
  int train = 0, validation = 0, test = 0;
  for (std::string line; std::getline(csv, line);) {
    train += line.ends_with(",train");
    validation += line.ends_with(",validation");
    test += line.ends_with(",test");
  }
  // 100 points, half for training, 20 % of all taken from it for validation.
  EXPECT_EQ(train, 30);
  EXPECT_EQ(validation, 20);
  EXPECT_EQ(test, 50);
}

TEST_F(ScriptExport, WithTrainedWeightsWritesTheNpzBeside) {
  CpuBackend backend;
  Network net(project_.network, backend);
  const PreparedData d = prepareData(project_.data);
  project_.transform = InputTransform::from(d);
  const ScriptFiles f =
      exportScript(project_, &net, CodeFramework::Keras, (dir_ / "k.py").string(), false);
  EXPECT_EQ(f.weights, (dir_ / "k.npz").string());
  EXPECT_TRUE(fs::exists(dir_ / "k.npz"));
  EXPECT_TRUE(f.data.empty());
  EXPECT_FALSE(fs::exists(dir_ / "k_data.csv"));
  std::ifstream script(f.script);
  std::stringstream text;
  text << script.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("WEIGHTS_FILE = os.path.join(HERE, \"k.npz\")"));
}

TEST_F(ScriptExport, AFolderThatCannotBeWrittenLeavesNothing) {
  const fs::path missing = dir_ / "no" / "such" / "folder" / "run.py";
  try {
    exportScript(project_, nullptr, CodeFramework::PyTorch, missing.string(), true);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(missing.string()));
  }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(ScriptExport, ATrainedNetworkWithoutItsTransformIsRefused) {
  CpuBackend backend;
  Network net(project_.network, backend);
  EXPECT_THROW(exportScript(project_, &net, CodeFramework::PyTorch, (dir_ / "r.py").string(), true),
               SpecError);
  EXPECT_TRUE(fs::is_empty(dir_));
}

}  // namespace
}  // namespace nnplay
