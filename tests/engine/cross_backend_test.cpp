// The OpenCL backend computes what the CPU backend computes: every
// activation, loss, optimizer, dropout with a fixed mask, batch norm, the
// products, and 50 training steps of whole networks, within 1e-4 relative.
// Runs on whatever OpenCL device exists (PoCL in CI); skips without one.
#include <gtest/gtest.h>

#include <functional>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/network.hpp"
#include "nnplay/trainer.hpp"
#include "test_util.hpp"

namespace nnplay {
namespace {

constexpr double kTol = 1e-4;

class CrossBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    try {
      cl_ = createBackend("opencl");
    } catch (const DeviceError& e) {
      GTEST_SKIP() << e.what();
    }
  }
  // Uploads `host` to a fresh buffer on backend b.
  std::unique_ptr<DeviceBuffer> put(Backend& b, const std::vector<float>& host) {
    auto buf = b.allocate(host.size());
    b.upload(host.data(), {buf.get(), 0}, host.size());
    return buf;
  }
  std::vector<float> get(Backend& b, const std::unique_ptr<DeviceBuffer>& buf, std::size_t n) {
    std::vector<float> v(n);
    b.download({buf.get(), 0}, v.data(), n);
    return v;
  }
  std::vector<float> random(std::size_t n, std::uint64_t seed, double lo = -2, double hi = 2) {
    const RowMatrix m = test::randomMatrix(static_cast<int>(n), 1, seed, lo, hi);
    return std::vector<float>(m.data(), m.data() + n);
  }
  // Runs op on both backends with the same inputs; returns every buffer, downloaded.
  using Op = std::function<void(Backend&, std::vector<std::unique_ptr<DeviceBuffer>>&)>;
  void same(const std::vector<std::vector<float>>& inputs, const Op& op, const std::string& what) {
    std::vector<std::vector<float>> results[2];
    Backend* backends[2] = {&cpu_, cl_.get()};
    for (int k = 0; k < 2; ++k) {
      std::vector<std::unique_ptr<DeviceBuffer>> bufs;
      for (const auto& in : inputs) bufs.push_back(put(*backends[k], in));
      op(*backends[k], bufs);
      for (std::size_t i = 0; i < bufs.size(); ++i)
        results[k].push_back(get(*backends[k], bufs[i], inputs[i].size()));
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      test::expectClose(test::toDoubles(results[1][i]), test::toDoubles(results[0][i]), kTol,
                        what + " buffer " + std::to_string(i), 1.0);
    }
  }
  static View v(std::unique_ptr<DeviceBuffer>& b, std::size_t off = 0) { return {b.get(), off}; }

  CpuBackend cpu_;
  std::unique_ptr<Backend> cl_;
};

TEST_F(CrossBackend, ProductsWithEveryTransposeAndOffsets) {
  const int m = 37, n = 29, k = 53;  // large enough for CLBlast's own kernels
  for (Trans ta : {Trans::No, Trans::Yes}) {
    for (Trans tb : {Trans::No, Trans::Yes}) {
      same(
          {random(5 + m * k, 1), random(3 + k * n, 2), random(7 + m * n, 3)},
          [&](Backend& b, auto& x) {
            b.gemm(ta, tb, m, n, k, 0.5f, v(x[0], 5), v(x[1], 3), 0.25f, v(x[2], 7));
          },
          "gemm");
    }
  }
  same(
      {random(10 * 8, 4), random(8, 5), random(10 * 8, 6)},
      [](Backend& b, auto& x) {
        b.addRowVector(v(x[0]), v(x[1]), 10, 8);
        b.columnSums(v(x[0]), 10, 8, v(x[1]));
        b.multiply(v(x[0]), v(x[2]), v(x[2]), 80);
      },
      "row vector, column sums, multiply");
}

TEST_F(CrossBackend, EveryActivationForwardAndBackward) {
  for (const ActivationInfo& f : activations()) {
    std::vector<float> z = random(6 * 7, 11, -3, 3);
    for (float& x : z) {
      if (std::abs(x) < 0.05f) x += 0.1f;  // away from kinks
    }
    same(
        {z, std::vector<float>(42), random(42, 12), std::vector<float>(42)},
        [&](Backend& b, auto& x) {
          b.activationForward(f, v(x[0]), v(x[1]), 6, 7);
          b.activationBackward(f, v(x[0]), v(x[1]), v(x[2]), v(x[3]), 6, 7);
        },
        std::string(f.name));
  }
}

TEST_F(CrossBackend, EveryLoss) {
  for (const LossInfo& l : losses()) {
    const int rows = 6, cols = 4;
    const ActivationInfo& f = activation(l.fusedWith ? *l.fusedWith : ActivationId::Tanh);
    std::vector<float> t = random(rows * cols, 21, 0, 1);
    std::vector<float> z = random(rows * cols, 22);
    std::vector<float> a(z.size());
    f.forward(z.data(), a.data(), z.size(), cols);
    same(
        {z, a, t, std::vector<float>(rows * cols), std::vector<float>{0.5f}},
        [&](Backend& b, auto& x) {
          b.loss(l, v(x[0]), v(x[1]), v(x[2]), v(x[3]), v(x[4]), rows, cols, cols);
        },
        std::string(l.name));
  }
  std::vector<float> z = random(5 * 3, 23);
  std::vector<float> a(z.size());
  activation(ActivationId::Softmax).forward(z.data(), a.data(), z.size(), 3);
  same(
      {z, a, {0, 2, 1, 1, 0}, std::vector<float>(15), std::vector<float>{0.0f}},
      [&](Backend& b, auto& x) {
        b.loss(loss(LossId::Ce), v(x[0]), v(x[1]), v(x[2]), v(x[3]), v(x[4]), 5, 3, 1);
      },
      "ce with class indices");
}

TEST_F(CrossBackend, DropoutDrawsTheSameMask) {
  const std::size_t n = 1000;
  std::vector<float> masks[2];
  Backend* backends[2] = {&cpu_, cl_.get()};
  for (int k = 0; k < 2; ++k) {
    auto x = put(*backends[k], random(n, 31));
    auto mask = backends[k]->allocate(n);
    auto y = backends[k]->allocate(n);
    backends[k]->dropoutForward(v(x), v(mask), v(y), n, 0.3f, 0xABCDEF12345ull, 77);
    masks[k] = get(*backends[k], mask, n);
  }
  EXPECT_EQ(masks[0], masks[1]) << "bit-identical masks";
}

TEST_F(CrossBackend, BatchNormTrainingAndInference) {
  const int rows = 9, cols = 5;
  for (bool training : {true, false}) {
    same(
        {random(rows * cols, 41), std::vector<float>(rows * cols), std::vector<float>(rows * cols),
         std::vector<float>(cols), random(cols, 42, 0.5, 1.5), random(cols, 43),
         random(cols, 44, -0.2, 0.2), random(cols, 45, 0.5, 1.5), random(rows * cols, 46),
         std::vector<float>(rows * cols), std::vector<float>(cols), std::vector<float>(cols)},
        [&](Backend& b, auto& x) {
          b.batchNormForward({rows, cols, 1e-5f, 0.1f, training}, v(x[0]), v(x[1]), v(x[2]),
                             v(x[3]), v(x[4]), v(x[5]), v(x[6]), v(x[7]));
          b.batchNormBackward(rows, cols, training, v(x[8]), v(x[2]), v(x[3]), v(x[4]), v(x[9]),
                              v(x[10]), v(x[11]));
        },
        training ? "batch norm (training)" : "batch norm (inference)");
  }
}

TEST_F(CrossBackend, EveryOptimizerWithRegularization) {
  for (const OptimizerInfo& o : optimizers()) {
    OptimizerSettings s;
    s.id = o.id;
    s.learningRate = 0.01f;
    same(
        {random(300, 51), random(300, 52), std::vector<float>(300), std::vector<float>(300)},
        [&](Backend& b, auto& x) {
          for (long t = 1; t <= 5; ++t) {
            b.regularize(v(x[0]), v(x[1]), 200, 0.001f, 0.01f);
            b.optimizerStep(s, t, v(x[0]), v(x[1]), v(x[2]), v(x[3]), 300);
          }
        },
        std::string(o.name));
  }
}

struct NetCase {
  std::string name;
  NetworkSpec spec;
  TrainingSettings settings;
  Dataset data;
};

std::vector<float> train50(Backend& b, const NetCase& c) {
  Network net(c.spec, b);
  net.initialize(c.settings.seed);
  Trainer t(net, c.settings, c.data);
  for (int i = 0; i < 50; ++i) t.trainBatch();
  return net.parameters();
}

Dataset tableOf(int rows, int cols, int classes, std::uint64_t seed) {
  Dataset d;
  d.x = test::randomMatrix(rows, cols, seed, -2, 2);
  d.y.resize(rows, 1);
  d.task = classes > 0 ? Task::Classification : Task::Regression;
  d.classes = classes;
  for (int r = 0; r < rows; ++r) {
    const float s = d.x.row(r).sum();
    d.y(r, 0) =
        classes > 0 ? static_cast<float>(static_cast<int>(std::abs(s) * 2) % classes) : std::sin(s);
  }
  return d;
}

TEST_F(CrossBackend, FiftyTrainingStepsOfWholeNetworks) {
  std::vector<NetCase> cases;
  {
    NetCase c{"playground",
              makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Tanh),
              {},
              tableOf(100, 2, 2, 1)};
    c.spec.init = InitId::Playground;
    c.settings.loss = LossId::HalfMse;
    c.settings.optimizer.id = OptimizerId::Sgd;
    c.settings.optimizer.learningRate = 0.03f;
    cases.push_back(c);
  }
  {
    NetCase c{"batchnorm_dropout_adam",
              makeSpec(4, {16, 8}, ActivationId::Relu, 3, ActivationId::Softmax),
              {},
              tableOf(96, 4, 3, 2)};
    c.spec.layers[0].batchNorm = true;
    c.spec.layers[1].activation = ActivationId::Gelu;
    c.spec.layers[1].dropout = 0.2f;
    c.settings.loss = LossId::Ce;
    c.settings.l2 = 0.001f;
    c.settings.batchSize = 16;
    cases.push_back(c);
  }
  {
    NetCase c{"regression_rmsprop_l1",
              makeSpec(3, {6}, ActivationId::Elu, 1, ActivationId::Linear),
              {},
              tableOf(80, 3, 0, 3)};
    c.settings.loss = LossId::Mse;
    c.settings.optimizer.id = OptimizerId::Rmsprop;
    c.settings.optimizer.learningRate = 0.003f;
    c.settings.l1 = 0.001f;
    cases.push_back(c);
  }
  for (OptimizerId id : {OptimizerId::Momentum, OptimizerId::Nesterov}) {
    NetCase c{std::string(optimizer(id).name),
              makeSpec(3, {5}, ActivationId::Sigmoid, 1, ActivationId::Sigmoid),
              {},
              tableOf(60, 3, 2, 4)};
    c.spec.layers[0].activation = ActivationId::Swish;
    // Nesterov's network has no biases (the course's XOR network has none).
    if (id == OptimizerId::Nesterov) {
      for (LayerSpec& l : c.spec.layers) l.bias = false;
    }
    c.settings.loss = LossId::Bce;
    c.settings.optimizer.id = id;
    c.settings.optimizer.learningRate = 0.05f;
    cases.push_back(c);
  }
  {
    NetCase c{"pixels_softplus_huber",
              makeSpec(16, {6}, ActivationId::Softplus, 1, ActivationId::Linear),
              {},
              {}};
    c.data.task = Task::Regression;
    c.data.classes = 0;
    c.data.pixelColumns = 16;
    for (int i = 0; i < 40 * 16; ++i) c.data.pixels.push_back(static_cast<std::uint8_t>(i * 37));
    c.data.y = test::randomMatrix(40, 1, 5);
    c.settings.loss = LossId::Huber;
    c.settings.optimizer.learningRate = 0.01f;
    cases.push_back(c);
  }
  for (const NetCase& c : cases) {
    const std::vector<float> a = train50(cpu_, c);
    const std::vector<float> b = train50(*cl_, c);
    test::expectClose(test::toDoubles(b), test::toDoubles(a), kTol, c.name + " after 50 steps",
                      1.0);
  }
}

}  // namespace
}  // namespace nnplay
