// Dead and saturated units, from weights set by hand so the answer is known.
#include <gtest/gtest.h>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/error.hpp"
#include "nnplay/parameter_names.hpp"
#include "nnplay/random.hpp"
#include "nnplay/unit_health.hpp"

namespace nnplay {
namespace {

RowMatrix inputs(int rows) {
  Rng rng(5);
  RowMatrix x(rows, 2);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.uniform(-1, 1));
  return x;
}

TEST(UnitHealth, ADeadReluIsZeroOnEverySample) {
  CpuBackend backend;
  Network net(makeSpec(2, {3, 2}, ActivationId::Relu, 1, ActivationId::Sigmoid), backend);
  net.initialize(1);
  RowMatrix k(2, 3);
  k << 0.1f, 1.0f, 1.0f,  //
      0.1f, 0.0f, -1.0f;
  RowMatrix b(1, 3);
  b << -5.0f, 3.0f, 0.0f;  // unit 0 never fires; unit 1 always; unit 2 half the time
  net.setArray(parameterName(ArrayKind::Kernel, 0), k);
  net.setArray(parameterName(ArrayKind::Bias, 0), b);
  const std::vector<LayerHealth> h = unitHealth(net, inputs(200));
  ASSERT_EQ(h.size(), 2u) << "hidden layers only";
  EXPECT_EQ(h[0].units, 3);
  EXPECT_EQ(h[0].dead, (std::vector<bool>{true, false, false}));
  EXPECT_EQ(h[0].saturated, (std::vector<bool>{false, false, false}));
  EXPECT_NEAR(h[0].deadShare(), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(h[1].units, 2);
}

TEST(UnitHealth, ATanhFarInItsTailsIsSaturated) {
  CpuBackend backend;
  Network net(makeSpec(2, {2}, ActivationId::Tanh, 1, ActivationId::Linear), backend);
  net.initialize(1);
  RowMatrix k(2, 2);
  k << 50.0f, 0.0f,  //
      50.0f, 0.0f;
  net.setArray(parameterName(ArrayKind::Kernel, 0), k);
  net.setArray(parameterName(ArrayKind::Bias, 0), RowMatrix::Zero(1, 2));
  const std::vector<LayerHealth> h = unitHealth(net, inputs(300));
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].saturated, (std::vector<bool>{true, false}));  // unit 1: z = 0, f' = 1
  EXPECT_EQ(h[0].dead, (std::vector<bool>{false, false}));
  EXPECT_EQ(h[0].saturatedCount(), 1);
  EXPECT_THROW(unitHealth(net, RowMatrix(0, 2)), SpecError);
}

}  // namespace
}  // namespace nnplay
