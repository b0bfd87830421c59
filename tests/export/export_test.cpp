// Model exports: each trained network is written as .npz and ONNX, and two
// Python checkers recompute its predictions from the files alone (NumPy for
// the .npz; onnx.checker plus a NumPy evaluation of the ONNX graph) and
// compare them with the engine's. Then the .npz import: round trip and errors.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/data_source.hpp"
#include "nnplay/error.hpp"
#include "nnplay/input_transform.hpp"
#include "nnplay/model_export.hpp"
#include "nnplay/network.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {
namespace {

namespace fs = std::filesystem;

// Raw rows uniform in [lo, hi).
RowMatrix uniformRows(int rows, int cols, double lo, double hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  RowMatrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(u(rng));
  return m;
}

void writeCsv(const fs::path& path, const RowMatrix& m) {
  std::ofstream out(path);
  char buf[32];
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(m(r, c)));
      out << (c ? "," : "") << buf;
    }
    out << '\n';
  }
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

struct RunResult {
  int code = -1;
  std::string output;
};

// Runs a checker script with the Python that has NumPy and onnx.
RunResult runChecker(const std::string& script, const fs::path& model, const fs::path& input,
                     const fs::path& expected) {
  const std::string cmd = std::string(NNPLAY_EXPORT_PYTHON) + " '" + NNPLAY_EXPORT_CHECKERS + "/" +
                          script + "' '" + model.string() + "' '" + input.string() + "' '" +
                          expected.string() + "' 2>&1";
  RunResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) r.output += buf;
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void train(Network& net, const Dataset& train, LossId loss, int epochs, float lr = 0.01f) {
  TrainingSettings s;
  s.loss = loss;
  s.optimizer.learningRate = lr;
  s.batchSize = 16;
  s.seed = 3;
  Trainer trainer(net, s, train);
  for (int e = 0; e < epochs; ++e) trainer.trainEpoch();
}

LayerSpec layer(int units, ActivationId f, bool batchNorm = false, float dropout = 0.0f) {
  LayerSpec l;
  l.units = units;
  l.activation = f;
  l.batchNorm = batchNorm;
  l.dropout = dropout;
  return l;
}

NetworkSpec spec(int inputs, std::vector<LayerSpec> layers) {
  NetworkSpec s;
  s.inputs = inputs;
  s.layers = std::move(layers);
  return s;
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nnplay_export_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    // Kept for a look when something failed, or when NNPLAY_KEEP_EXPORTS is set.
    if (!HasFailure() && !std::getenv("NNPLAY_KEEP_EXPORTS")) fs::remove_all(dir_);
  }

  // Exports net behind t, writes raw rows and the engine's predictions, and
  // runs both checkers on them; then checks that a wrong expectation fails.
  void checkExports(Network& net, const InputTransform& t, const RowMatrix& raw) {
    const fs::path npz = dir_ / "model.npz", onnx = dir_ / "model.onnx";
    const fs::path input = dir_ / "input.csv", expected = dir_ / "expected.csv";
    exportNpz(net, t, npz.string());
    exportOnnx(net, t, onnx.string());
    const RowMatrix y = t.unscaleOutputs(net.predict(t.apply(raw)).outputs);
    ASSERT_TRUE(y.allFinite());
    writeCsv(input, raw);
    writeCsv(expected, y);
    for (const auto& [script, model] : {std::pair{"check_npz.py", npz}, {"check_onnx.py", onnx}}) {
      const RunResult r = runChecker(script, model, input, expected);
      EXPECT_EQ(r.code, 0) << script << " failed:\n" << r.output;
    }
    // The checkers can fail: one value off by 1% must be caught.
    RowMatrix wrong = y;
    wrong(wrong.rows() / 2, 0) += 0.01f * std::max(1.0f, std::abs(wrong(wrong.rows() / 2, 0)));
    const fs::path bad = dir_ / "wrong.csv";
    writeCsv(bad, wrong);
    for (const auto& [script, model] : {std::pair{"check_npz.py", npz}, {"check_onnx.py", onnx}}) {
      const RunResult r = runChecker(script, model, input, bad);
      EXPECT_EQ(r.code, 1) << script << " accepted a wrong expectation:\n" << r.output;
      EXPECT_NE(r.output.find("mismatch"), std::string::npos) << r.output;
    }
    for (const auto& entry : fs::directory_iterator(dir_)) {  // no temporary files left over
      EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
    }
  }

  fs::path dir_;
  CpuBackend backend_;
};

// 2-D generator data behind a feature map and standard scaling; tanh and
// relu hidden layers, a sigmoid output.
TEST_F(ExportTest, CircleWithFeatureMapTanhReluSigmoid) {
  DataSpec ds;
  ds.generator = "circle";
  ds.params.samples = 300;
  ds.features = FeatureMap::parse("x1,x2,x1sq,x2sq,sinx1");
  ds.scaling = ScalingId::Standard;
  const PreparedData d = prepareData(ds);
  const InputTransform t = InputTransform::from(d);
  ASSERT_FALSE(t.features.isIdentity());
  Network net(spec(5, {layer(8, ActivationId::Tanh), layer(6, ActivationId::Relu),
                       layer(1, ActivationId::Sigmoid)}),
              backend_);
  net.initialize(11);
  train(net, d.train, LossId::Bce, 30);
  checkExports(net, t, uniformRows(64, 2, -6.0, 6.0, 1));
}

// Three classes, the other features, min-max scaling, batch norm (trained, so
// the running statistics are far from 0 and 1), dropout (absent at inference),
// elu, gelu and swish hidden layers and a softmax output.
TEST_F(ExportTest, BlobsWithBatchNormEluGeluSwishSoftmax) {
  DataSpec ds;
  ds.generator = "blobs";
  ds.params.samples = 300;
  ds.params.classes = 3;
  ds.features = FeatureMap::parse("x1,x2,x1x2,sinx2,cosx1,cosx2");
  ds.scaling = ScalingId::MinMaxSymmetric;
  const PreparedData d = prepareData(ds);
  const InputTransform t = InputTransform::from(d);
  Network net(spec(6, {layer(8, ActivationId::Elu, true), layer(6, ActivationId::Gelu, true, 0.1f),
                       layer(5, ActivationId::Swish), layer(3, ActivationId::Softmax)}),
              backend_);
  net.initialize(12);
  train(net, d.train, LossId::Ce, 20);
  const RowMatrix mean = net.array("batchnorm_0/running_mean");
  const RowMatrix var = net.array("batchnorm_1/running_var");
  EXPECT_GT(mean.cwiseAbs().maxCoeff(), 0.05f);
  EXPECT_GT((var.array() - 1.0f).abs().maxCoeff(), 0.05f);
  checkExports(net, t, uniformRows(64, 2, -6.0, 6.0, 2));
}

// Regression with scaled targets: the exports un-scale the outputs. Softplus,
// leaky ReLU (with batch norm) and linear hidden layers, a linear output.
TEST_F(ExportTest, RegressionWithTargetScalingSoftplusLeakyLinear) {
  DataSpec ds;
  ds.generator = "multi_gauss";
  ds.params.samples = 400;
  ds.scaling = ScalingId::Standard;
  const PreparedData d = prepareData(ds);
  const InputTransform t = InputTransform::from(d);
  ASSERT_TRUE(t.targetScaler.fitted());
  ASSERT_EQ(t.targetScaler.id, ScalingId::Standard);
  Network net(spec(2, {layer(8, ActivationId::Softplus), layer(6, ActivationId::LeakyRelu, true),
                       layer(4, ActivationId::Linear), layer(1, ActivationId::Linear)}),
              backend_);
  net.initialize(13);
  train(net, d.train, LossId::Mse, 20);
  checkExports(net, t, uniformRows(64, 2, -6.0, 6.0, 3));
}

// Image-like input: bytes 0..255 scaled by 1/255, no feature map or scaling;
// sigmoid and binary-step hidden layers, a tanh output.
TEST_F(ExportTest, PixelsWithSigmoidStepTanh) {
  InputTransform t;
  t.rawInputs = 16;
  t.pixelScale = Dataset::kPixelScale;
  for (int i = 0; i < 16; ++i) t.inputNames.push_back("pixel_" + std::to_string(i));
  t.outputNames = {"a", "b"};
  RowMatrix raw = uniformRows(200, 16, 0.0, 256.0, 4).array().floor().matrix();
  Dataset train_;
  train_.task = Task::Regression;
  train_.classes = 0;
  train_.x = t.apply(raw);
  train_.y = uniformRows(200, 2, -0.8, 0.8, 5);
  NetworkSpec s = spec(16, {layer(8, ActivationId::Sigmoid), layer(6, ActivationId::BinaryStep),
                            layer(2, ActivationId::Tanh)});
  s.biasInit = 0.1f;
  Network net(s, backend_);
  net.initialize(14);
  train(net, train_, LossId::Mse, 5);
  checkExports(net, t, uniformRows(64, 16, 0.0, 256.0, 6).array().floor().matrix());
}

// A table: the identity feature map with standard scaling (Iris).
TEST_F(ExportTest, TableWithScalingOnly) {
  DataSpec ds;
  ds.kind = DataSourceKind::Csv;
  ds.path = std::string(NNPLAY_DATASETS_DIR) + "/iris.csv";
  ds.table.target = "species";
  ds.scaling = ScalingId::Standard;
  const PreparedData d = prepareData(ds);
  const InputTransform t = InputTransform::from(d);
  ASSERT_TRUE(t.features.isIdentity());
  Network net(spec(4, {layer(6, ActivationId::Tanh), layer(3, ActivationId::Softmax)}), backend_);
  net.initialize(15);
  train(net, d.train, LossId::Ce, 20);
  checkExports(net, t, uniformRows(32, 4, 0.0, 8.0, 7));
}

// --- importNpz ---------------------------------------------------------------

NetworkSpec batchNormSpec() {
  return spec(3, {layer(5, ActivationId::Relu, true), layer(4, ActivationId::Tanh),
                  layer(2, ActivationId::Linear)});
}

// A trained network so that every array (running statistics included) is
// far from its initial value.
void trainSmall(Network& net) {
  Dataset d;
  d.task = Task::Regression;
  d.classes = 0;
  d.x = uniformRows(64, net.inputs(), -1.0, 1.0, 8);
  d.y = uniformRows(64, net.outputs(), -1.0, 1.0, 9);
  train(net, d, LossId::Mse, 5);
}

InputTransform plainTransform(int inputs) {
  InputTransform t;
  t.rawInputs = inputs;
  return t;
}

TEST_F(ExportTest, ImportRoundTripIsBitIdentical) {
  Network net(batchNormSpec(), backend_);
  net.initialize(21);
  trainSmall(net);
  const fs::path path = dir_ / "model.npz";
  exportNpz(net, plainTransform(3), path.string());

  Network fresh(batchNormSpec(), backend_);
  fresh.initialize(99);
  importNpz(fresh, path.string());
  EXPECT_EQ(fresh.parameters(), net.parameters());
  EXPECT_EQ(fresh.state(), net.state());
}

// Expects importNpz to throw a DataError containing every one of `parts`,
// and to leave the network as it was.
void expectImportError(Network& net, const fs::path& path, const std::vector<std::string>& parts) {
  const std::vector<float> before = net.parameters();
  const std::vector<float> stateBefore = net.state();
  try {
    importNpz(net, path.string());
    ADD_FAILURE() << "importNpz accepted " << path;
  } catch (const DataError& e) {
    const std::string msg = e.what();
    for (const std::string& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << msg;
  }
  EXPECT_EQ(net.parameters(), before);
  EXPECT_EQ(net.state(), stateBefore);
}

TEST_F(ExportTest, ImportNamesAMissingArray) {
  const fs::path path = dir_ / "plain.npz";
  Network plain(spec(3, {layer(5, ActivationId::Relu), layer(2, ActivationId::Linear)}), backend_);
  plain.initialize(1);
  exportNpz(plain, plainTransform(3), path.string());
  Network withBn(spec(3, {layer(5, ActivationId::Relu, true), layer(2, ActivationId::Linear)}),
                 backend_);
  withBn.initialize(2);
  expectImportError(withBn, path, {path.string(), "missing array 'batchnorm_0/gamma'", "(5,)"});

  const fs::path bnPath = dir_ / "bn.npz";
  exportNpz(withBn, plainTransform(3), bnPath.string());
  expectImportError(plain, bnPath, {"missing array 'dense_0/bias'", "expects shape (5,)"});
}

TEST_F(ExportTest, ImportNamesAWrongShape) {
  const fs::path path = dir_ / "wide.npz";
  Network wide(spec(3, {layer(8, ActivationId::Tanh), layer(1, ActivationId::Sigmoid)}), backend_);
  wide.initialize(3);
  exportNpz(wide, plainTransform(3), path.string());
  Network narrow(spec(3, {layer(6, ActivationId::Tanh), layer(1, ActivationId::Sigmoid)}),
                 backend_);
  narrow.initialize(4);
  expectImportError(narrow, path,
                    {"array 'dense_0/kernel'", "has shape (3, 8)", "the network expects (3, 6)"});
}

TEST_F(ExportTest, ImportRejectsNonFiniteValues) {
  const fs::path path = dir_ / "nan.npz";
  Network net(batchNormSpec(), backend_);
  net.initialize(5);
  RowMatrix k = net.array("dense_1/kernel");
  k(1, 2) = std::numeric_limits<float>::quiet_NaN();
  net.setArray("dense_1/kernel", k);
  exportNpz(net, plainTransform(3), path.string());
  Network fresh(batchNormSpec(), backend_);
  fresh.initialize(6);
  expectImportError(fresh, path, {"array 'dense_1/kernel'", "non-finite"});
}

TEST_F(ExportTest, ImportRejectsBrokenArchives) {
  Network net(batchNormSpec(), backend_);
  net.initialize(7);
  const fs::path good = dir_ / "good.npz";
  exportNpz(net, plainTransform(3), good.string());
  const std::string bytes = slurp(good);

  const fs::path truncated = dir_ / "truncated.npz";
  spit(truncated, bytes.substr(0, bytes.size() / 2));
  expectImportError(net, truncated, {truncated.string(), "cannot open as an .npz (zip) archive"});

  // One byte flipped inside dense_0/kernel's compressed data, which starts
  // after its local header (30 bytes, the name, the extra field).
  const std::size_t name = bytes.find("dense_0/kernel.npy");
  ASSERT_TRUE(name != std::string::npos && name >= 30);
  const auto u8 = [&](std::size_t i) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i]));
  };
  const std::size_t extra = u8(name - 30 + 28) | u8(name - 30 + 29) << 8;
  std::string corrupted = bytes;
  corrupted[name + 18 + extra + 8] ^= 0x5A;
  const fs::path bad = dir_ / "corrupted.npz";
  spit(bad, corrupted);
  expectImportError(net, bad, {bad.string()});

  const fs::path text = dir_ / "text.npz";
  spit(text, "dense_0/kernel,1,2,3\n");
  expectImportError(net, text, {text.string(), "cannot open"});
  expectImportError(net, dir_ / "absent.npz", {"absent.npz", "cannot open"});
}

TEST_F(ExportTest, ExportRefusesATransformThatDoesNotFit) {
  Network net(batchNormSpec(), backend_);
  net.initialize(8);
  InputTransform t = plainTransform(2);
  EXPECT_THROW(exportNpz(net, t, (dir_ / "a.npz").string()), SpecError);
  EXPECT_THROW(exportOnnx(net, t, (dir_ / "a.onnx").string()), SpecError);
  t = plainTransform(3);
  t.targetScaler.id = ScalingId::Standard;
  t.targetScaler.offset = {0.0f};
  t.targetScaler.factor = {1.0f};  // the network has two outputs
  EXPECT_THROW(exportOnnx(net, t, (dir_ / "a.onnx").string()), SpecError);
  EXPECT_FALSE(fs::exists(dir_ / "a.npz"));
  EXPECT_FALSE(fs::exists(dir_ / "a.onnx"));
}

TEST_F(ExportTest, ExportIntoAMissingFolderIsADataError) {
  Network net(batchNormSpec(), backend_);
  net.initialize(9);
  const std::string path = (dir_ / "no" / "such" / "model.onnx").string();
  EXPECT_THROW(exportOnnx(net, plainTransform(3), path), DataError);
  EXPECT_THROW(exportNpz(net, plainTransform(3), (dir_ / "no" / "m.npz").string()), DataError);
}

}  // namespace
}  // namespace nnplay
