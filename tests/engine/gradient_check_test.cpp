// Central-difference gradient checks: the analytic gradients of every
// activation, loss, dropout (with its mask held fixed), batch norm and whole
// networks against (L(w + h) - L(w - h)) / 2h, for every parameter and input.
#include <gtest/gtest.h>

#include "nnplay/activation.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/network.hpp"
#include "test_util.hpp"

namespace nnplay {
namespace {

using test::lossAndGradients;

constexpr double kStep = 1e-3;

// Checks all parameter gradients and the input gradient of `spec` on random
// data. The loss is computed in float, so differences are judged against an
// absolute floor plus a relative part.
void checkNetwork(const NetworkSpec& spec, LossId lossId, const RowMatrix& x, const RowMatrix& t,
                  std::uint64_t seed = 3) {
  CpuBackend backend;
  Network net(spec, backend);
  net.initialize(seed);
  const LossInfo& loss = nnplay::loss(lossId);
  const test::PassResult analytic = lossAndGradients(net, x, t, loss);
  ASSERT_TRUE(std::isfinite(analytic.loss));

  std::vector<float> params = net.parameters();
  const std::vector<float> state = net.state();
  auto lossAt = [&](const std::vector<float>& p, const RowMatrix& input) {
    net.setParameters(p);
    net.setState(state);  // batch norm's running statistics move on every training pass
    return lossAndGradients(net, input, t, loss, 7, 1, false).loss;
  };
  auto compare = [](double numeric, double exact, const std::string& what) {
    const double allowed = 2e-3 + 2e-2 * std::max(std::abs(numeric), std::abs(exact));
    EXPECT_NEAR(exact, numeric, allowed) << what;
  };
  for (std::size_t i = 0; i < params.size(); ++i) {
    const float w = params[i];
    params[i] = w + static_cast<float>(kStep);
    const double up = lossAt(params, x);
    params[i] = w - static_cast<float>(kStep);
    const double down = lossAt(params, x);
    params[i] = w;
    const double numeric = (up - down) / (2 * kStep);
    compare(numeric, analytic.gradients[i], "parameter " + std::to_string(i));
  }
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    RowMatrix xp = x;
    xp.data()[i] += static_cast<float>(kStep);
    const double up = lossAt(params, xp);
    xp.data()[i] -= static_cast<float>(2 * kStep);
    const double down = lossAt(params, xp);
    compare((up - down) / (2 * kStep), analytic.inputGradient.data()[i],
            "input " + std::to_string(i));
  }
}

class GradientCheckActivation : public ::testing::TestWithParam<ActivationId> {};

TEST_P(GradientCheckActivation, HiddenLayer) {
  const ActivationInfo& f = activation(GetParam());
  NetworkSpec spec = makeSpec(3, {5}, f.id, 2, ActivationId::Linear);
  spec.init = InitId::GlorotNormal;
  spec.biasInit = 0.05f;
  checkNetwork(spec, LossId::Mse, test::randomMatrix(6, 3, 11, -2, 2),
               test::randomMatrix(6, 2, 12));
}

// Every activation except the binary step (its f' is the straight-through 1 by
// design, checked below) and softmax (output only, checked separately).
INSTANTIATE_TEST_SUITE_P(All, GradientCheckActivation,
                         ::testing::Values(ActivationId::Linear, ActivationId::Sigmoid,
                                           ActivationId::Tanh, ActivationId::Relu,
                                           ActivationId::LeakyRelu, ActivationId::Elu,
                                           ActivationId::Gelu, ActivationId::Swish,
                                           ActivationId::Softplus),
                         [](const auto& info) { return std::string(activation(info.param).name); });

TEST(GradientCheck, SoftmaxOutputWithMse) {
  // Not fused: exercises softmax's Jacobian-vector product.
  const NetworkSpec spec = makeSpec(3, {4}, ActivationId::Tanh, 3, ActivationId::Softmax);
  checkNetwork(spec, LossId::Mse, test::randomMatrix(5, 3, 21), test::randomMatrix(5, 3, 22, 0, 1));
}

TEST(GradientCheck, BinaryStepUsesStraightThroughEstimator) {
  const ActivationInfo& f = activation(ActivationId::BinaryStep);
  const float z[4] = {-2.0f, -0.1f, 0.0f, 3.0f};
  float a[4];
  f.forward(z, a, 4, 4);
  EXPECT_EQ(a[0], 0.0f);
  EXPECT_EQ(a[1], 0.0f);
  EXPECT_EQ(a[2], 1.0f);
  EXPECT_EQ(a[3], 1.0f);
  const float da[4] = {0.5f, -1.0f, 2.0f, 0.25f};
  float dz[4];
  f.backward(z, a, da, dz, 4, 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(dz[i], da[i]) << "f' must be 1 (straight-through)";
}

class GradientCheckLoss : public ::testing::TestWithParam<LossId> {};

TEST_P(GradientCheckLoss, OutputLayer) {
  const LossInfo& l = loss(GetParam());
  ActivationId out = ActivationId::Linear;
  if (l.fusedWith) out = *l.fusedWith;
  const NetworkSpec spec = makeSpec(3, {4}, ActivationId::Tanh, 3, out);
  RowMatrix t = test::randomMatrix(7, 3, 31, 0.0, 1.0);
  if (l.id == LossId::Ce) {  // a distribution per row
    for (int r = 0; r < t.rows(); ++r) t.row(r) /= t.row(r).sum();
  }
  if (l.id == LossId::Huber) t *= 4.0f;  // both sides of |d| = 1
  checkNetwork(spec, l.id, test::randomMatrix(7, 3, 32, -2, 2), t);
}

INSTANTIATE_TEST_SUITE_P(All, GradientCheckLoss,
                         ::testing::Values(LossId::Mse, LossId::HalfMse, LossId::Mae, LossId::Huber,
                                           LossId::Bce, LossId::Ce),
                         [](const auto& info) { return std::string(loss(info.param).name); });

TEST(GradientCheck, CrossEntropyWithClassIndices) {
  const NetworkSpec spec = makeSpec(2, {5}, ActivationId::Tanh, 4, ActivationId::Softmax);
  RowMatrix t(6, 1);
  t << 0, 3, 1, 2, 2, 0;
  checkNetwork(spec, LossId::Ce, test::randomMatrix(6, 2, 41, -2, 2), t);
}

TEST(GradientCheck, DropoutWithFixedMask) {
  NetworkSpec spec = makeSpec(3, {6, 5}, ActivationId::Tanh, 2, ActivationId::Linear);
  spec.layers[0].dropout = 0.3f;
  spec.layers[1].dropout = 0.5f;
  checkNetwork(spec, LossId::Mse, test::randomMatrix(8, 3, 51), test::randomMatrix(8, 2, 52));
}

TEST(GradientCheck, BatchNorm) {
  NetworkSpec spec = makeSpec(3, {6, 4}, ActivationId::Tanh, 2, ActivationId::Linear);
  spec.layers[0].batchNorm = true;
  spec.layers[1].batchNorm = true;
  checkNetwork(spec, LossId::Mse, test::randomMatrix(9, 3, 61, -2, 2),
               test::randomMatrix(9, 2, 62));
}

TEST(GradientCheck, WholeNetworkDeep) {
  NetworkSpec spec = makeSpec(4, {8, 7, 6}, ActivationId::Tanh, 3, ActivationId::Softmax);
  spec.layers[1].activation = ActivationId::Swish;
  spec.layers[1].batchNorm = true;
  spec.layers[2].activation = ActivationId::Elu;
  spec.layers[2].dropout = 0.2f;
  RowMatrix t(10, 1);
  t << 0, 1, 2, 1, 0, 2, 2, 1, 0, 1;
  checkNetwork(spec, LossId::Ce, test::randomMatrix(10, 4, 71, -1.5, 1.5), t);
}

TEST(GradientCheck, WholeNetworkPlayground) {
  NetworkSpec spec = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Tanh);
  spec.init = InitId::Playground;
  spec.biasInit = 0.1f;
  RowMatrix t(10, 1);
  t << 1, -1, 1, 1, -1, -1, 1, -1, 1, -1;
  checkNetwork(spec, LossId::HalfMse, test::randomMatrix(10, 2, 81, -5, 5), t);
}

TEST(GradientCheck, WholeNetworkBigBatchUsesBlockedProducts) {
  // 40 x 30 x 30 products exceed the small-kernel threshold: checks the Eigen GEMM path.
  const NetworkSpec spec = makeSpec(30, {30}, ActivationId::Sigmoid, 2, ActivationId::Linear);
  checkNetwork(spec, LossId::Mse, test::randomMatrix(40, 30, 91), test::randomMatrix(40, 2, 92));
}

}  // namespace
}  // namespace nnplay
