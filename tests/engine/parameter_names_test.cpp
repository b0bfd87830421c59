// Array names round-trip through their parser, and the layout built from the
// layers' array descriptions is the one saved files and references expect.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/initializer.hpp"
#include "nnplay/network.hpp"
#include "nnplay/parameter_names.hpp"

namespace nnplay {
namespace {

constexpr ArrayKind kAllKinds[] = {ArrayKind::Kernel,      ArrayKind::Bias,
                                   ArrayKind::Gamma,       ArrayKind::Beta,
                                   ArrayKind::RunningMean, ArrayKind::RunningVar};

TEST(ParameterNames, AreTodaysNames) {
  EXPECT_EQ(parameterName(ArrayKind::Kernel, 1), "dense_1/kernel");
  EXPECT_EQ(parameterName(ArrayKind::Bias, 1), "dense_1/bias");
  EXPECT_EQ(parameterName(ArrayKind::Gamma, 1), "batchnorm_1/gamma");
  EXPECT_EQ(parameterName(ArrayKind::Beta, 1), "batchnorm_1/beta");
  EXPECT_EQ(parameterName(ArrayKind::RunningMean, 1), "batchnorm_1/running_mean");
  EXPECT_EQ(parameterName(ArrayKind::RunningVar, 1), "batchnorm_1/running_var");
  EXPECT_EQ(parameterName({ArrayKind::Kernel, 12}), "dense_12/kernel");
}

TEST(ParameterNames, RoundTripThroughTheParser) {
  for (ArrayKind kind : kAllKinds) {
    for (int layer : {0, 1, 9, 10, 123}) {
      const std::string name = parameterName(kind, layer);
      const std::optional<ParameterName> parsed = parseParameterName(name);
      ASSERT_TRUE(parsed.has_value()) << name;
      EXPECT_EQ(*parsed, (ParameterName{kind, layer})) << name;
    }
  }
}

TEST(ParameterNames, ParserRejectsOtherStrings) {
  for (const char* bad :
       {"", "dense_x/kernel", "dense_1/foo", "dense_-1/kernel", "dense_+1/kernel", "dense_/kernel",
        "dense_1", "dense_1/", "dense_01/kernel", "dense_1/kernel/x", "dense_1/gamma",
        "batchnorm_1/kernel", "batchnorm_1/bias", "conv_1/kernel", "Dense_1/kernel",
        "dense_99999999999999999999/kernel", " dense_1/kernel", "dense_1/kernel ",
        "batchnorm/epsilon"}) {
    EXPECT_FALSE(parseParameterName(bad).has_value()) << '"' << bad << '"';
  }
}

NetworkSpec batchNormSpec() {
  NetworkSpec spec;
  spec.inputs = 3;
  spec.layers = {{4, ActivationId::Tanh, 0.0f, true}, {2, ActivationId::Sigmoid, 0.0f, false}};
  return spec;
}

void expectTable(const NetworkLayout& got, const std::vector<ParameterEntry>& want) {
  ASSERT_EQ(got.table.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const ParameterEntry& g = got.table[i];
    const ParameterEntry& w = want[i];
    EXPECT_EQ(g.name, w.name) << i;
    EXPECT_EQ(g.offset, w.offset) << w.name;
    EXPECT_EQ(g.rows, w.rows) << w.name;
    EXPECT_EQ(g.cols, w.cols) << w.name;
    EXPECT_EQ(g.isState, w.isState) << w.name;
  }
}

// All kernels first in layer order, then biases, gamma and beta in layer
// order; running statistics in the state buffer. Written out by hand.
TEST(ParameterLayout, MatchesTheSavedFormatWithBatchNorm) {
  const NetworkLayout n = Network::layout(batchNormSpec());
  EXPECT_EQ(n.weightCount, 12u + 8u);
  EXPECT_EQ(n.parameterCount, 20u + 4u + 4u + 2u);
  EXPECT_EQ(n.stateCount, 8u);
  expectTable(n, {{"dense_0/kernel", 0, 3, 4, false},
                  {"batchnorm_0/gamma", 20, 1, 4, false},
                  {"batchnorm_0/beta", 24, 1, 4, false},
                  {"batchnorm_0/running_mean", 0, 1, 4, true},
                  {"batchnorm_0/running_var", 4, 1, 4, true},
                  {"dense_1/kernel", 12, 4, 2, false},
                  {"dense_1/bias", 28, 1, 2, false}});
}

TEST(ParameterLayout, DropoutTakesNoArraysAndBatchNormSharesItsDenseIndex) {
  NetworkSpec spec;
  spec.inputs = 3;
  spec.layers = {{4, ActivationId::Tanh, 0.5f, true},
                 {3, ActivationId::Relu, 0.0f, true},
                 {2, ActivationId::Sigmoid, 0.0f, false}};
  const NetworkLayout n = Network::layout(spec);
  EXPECT_EQ(n.weightCount, 30u);
  EXPECT_EQ(n.parameterCount, 46u);
  EXPECT_EQ(n.stateCount, 14u);
  expectTable(n, {{"dense_0/kernel", 0, 3, 4, false},
                  {"batchnorm_0/gamma", 30, 1, 4, false},
                  {"batchnorm_0/beta", 34, 1, 4, false},
                  {"batchnorm_0/running_mean", 0, 1, 4, true},
                  {"batchnorm_0/running_var", 4, 1, 4, true},
                  {"dense_1/kernel", 12, 4, 3, false},
                  {"batchnorm_1/gamma", 38, 1, 3, false},
                  {"batchnorm_1/beta", 41, 1, 3, false},
                  {"batchnorm_1/running_mean", 8, 1, 3, true},
                  {"batchnorm_1/running_var", 11, 1, 3, true},
                  {"dense_2/kernel", 24, 3, 2, false},
                  {"dense_2/bias", 44, 1, 2, false}});
}

TEST(ParameterLayout, EveryNameParsesAndIsFound) {
  const NetworkLayout n = Network::layout(batchNormSpec());
  for (const ParameterEntry& e : n.table) {
    EXPECT_TRUE(parseParameterName(e.name).has_value()) << e.name;
    EXPECT_EQ(findParameter(n.table, e.name), &e);
  }
  EXPECT_EQ(findParameter(n.table, "dense_0/bias"), nullptr);  // batch norm replaces it
  EXPECT_EQ(findParameter(n.table, ""), nullptr);
  EXPECT_EQ(findParameter({}, "dense_0/kernel"), nullptr);
}

TEST(ParameterLayout, InitializeFillsEachArrayAsItsLayerSays) {
  NetworkSpec spec = batchNormSpec();
  spec.init = InitId::Uniform;  // uniform(±initScale), so the bound below holds
  spec.biasInit = 0.25f;
  CpuBackend backend;
  Network net(spec, backend);
  EXPECT_EQ(net.parameterTable().size(), Network::layout(spec).table.size());
  net.initialize(5);
  EXPECT_EQ(net.array("batchnorm_0/gamma"), RowMatrix::Ones(1, 4));
  EXPECT_EQ(net.array("batchnorm_0/running_var"), RowMatrix::Ones(1, 4));
  EXPECT_EQ(net.array("batchnorm_0/beta"), RowMatrix::Zero(1, 4));
  EXPECT_EQ(net.array("batchnorm_0/running_mean"), RowMatrix::Zero(1, 4));
  EXPECT_EQ(net.array("dense_1/bias"), RowMatrix::Constant(1, 2, 0.25f));
  for (const char* kernel : {"dense_0/kernel", "dense_1/kernel"}) {
    const RowMatrix w = net.array(kernel);
    float largest = 0.0f;  // a plain loop: GCC 12 warns inside Eigen's AVX-512 maxCoeff
    for (Eigen::Index i = 0; i < w.size(); ++i) largest = std::max(largest, std::abs(w.data()[i]));
    EXPECT_GT(largest, 0.0f) << kernel;
    EXPECT_LE(largest, spec.initScale + 1e-6f) << kernel;
  }
}

}  // namespace
}  // namespace nnplay
