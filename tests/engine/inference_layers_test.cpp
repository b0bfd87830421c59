// Layers in inference form and the linear collapse (COURSE.md c04): with
// linear hidden activations, the network's output equals one layer's.
#include <gtest/gtest.h>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/inference_layers.hpp"
#include "nnplay/parameter_names.hpp"
#include "nnplay/random.hpp"

namespace nnplay {
namespace {

RowMatrix randomMatrix(int rows, int cols, Rng& rng) {
  RowMatrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i)
    m.data()[i] = static_cast<float>(rng.uniform(-1.0, 1.0));
  return m;
}

TEST(InferenceLayers, LinearHiddenLayersCollapseIntoOne) {
  CpuBackend backend;
  NetworkSpec spec = makeSpec(3, {5, 4}, ActivationId::Linear, 2, ActivationId::Sigmoid);
  spec.layers[1].batchNorm = true;  // affine at inference too
  spec.layers[0].dropout = 0.3f;    // the identity at inference
  Network net(spec, backend);
  net.initialize(7);
  Rng rng(11);
  // Running statistics that are not the identity, so folding them matters.
  net.setArray(parameterName(ArrayKind::RunningMean, 1), randomMatrix(1, 4, rng));
  RowMatrix var = randomMatrix(1, 4, rng).array().abs() + 0.5f;
  net.setArray(parameterName(ArrayKind::RunningVar, 1), var);
  net.setArray(parameterName(ArrayKind::Gamma, 1), randomMatrix(1, 4, rng));
  net.setArray(parameterName(ArrayKind::Beta, 1), randomMatrix(1, 4, rng));
  net.setArray(parameterName(ArrayKind::Bias, 0), randomMatrix(1, 5, rng));

  const std::optional<AffineLayer> one = collapseLinear(net);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->kernel.rows(), 3);
  EXPECT_EQ(one->kernel.cols(), 2);
  EXPECT_EQ(one->activation, ActivationId::Sigmoid);
  const RowMatrix x = randomMatrix(9, 3, rng);
  const Network::Prediction p = net.predict(x);
  const RowMatrix z = (x * one->kernel).rowwise() + one->bias.row(0);
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    EXPECT_NEAR(z.data()[i], p.logits.data()[i], 1e-5) << i;
  }
}

TEST(InferenceLayers, ANonLinearHiddenLayerDoesNotCollapse) {
  CpuBackend backend;
  NetworkSpec spec = makeSpec(2, {3, 3}, ActivationId::Linear, 1, ActivationId::Linear);
  spec.layers[1].activation = ActivationId::Relu;
  Network net(spec, backend);
  net.initialize(1);
  EXPECT_FALSE(hiddenLayersAreLinear(spec));
  EXPECT_FALSE(collapseLinear(net));
  // No hidden layer at all: the network is its one layer.
  Network single(makeSpec(2, {}, ActivationId::Linear, 1, ActivationId::Tanh), backend);
  single.initialize(1);
  const std::optional<AffineLayer> one = collapseLinear(single);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->kernel, single.array(parameterName(ArrayKind::Kernel, 0)));
}

TEST(InferenceLayers, ALayerWithoutBatchNormIsItsArrays) {
  CpuBackend backend;
  Network net(makeSpec(2, {3}, ActivationId::Tanh, 1, ActivationId::Sigmoid), backend);
  net.initialize(3);
  const AffineLayer l = inferenceLayer(net, 0);
  EXPECT_EQ(l.kernel, net.array(parameterName(ArrayKind::Kernel, 0)));
  EXPECT_EQ(l.bias, net.array(parameterName(ArrayKind::Bias, 0)));
  EXPECT_EQ(l.activation, ActivationId::Tanh);
}

}  // namespace
}  // namespace nnplay
