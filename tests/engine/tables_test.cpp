// The tables keep their promises: each activation stays inside its stated
// range, each initializer draws from the distribution it names.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/initializer.hpp"
#include "nnplay/network.hpp"

namespace nnplay {
namespace {

TEST(Tables, ActivationsStayInTheirRange) {
  std::vector<float> z;
  for (float v = -20.0f; v <= 20.0f; v += 0.01f) z.push_back(v);
  const std::size_t n = z.size();  // one row for softmax
  std::vector<float> a(n);
  for (const ActivationInfo& f : activations()) {
    f.forward(z.data(), a.data(), n, f.rowWise ? n : 1);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_GE(a[i], f.lo - 1e-6f) << f.name << " at " << z[i];
      EXPECT_LE(a[i], f.hi + 1e-6f) << f.name << " at " << z[i];
      ASSERT_TRUE(std::isfinite(a[i])) << f.name << " at " << z[i];
    }
  }
}

TEST(Tables, EveryRowIsFoundByItsName) {
  for (const ActivationInfo& f : activations()) EXPECT_EQ(&activationByName(f.name), &f);
  for (const InitializerInfo& i : initializers()) EXPECT_EQ(&initializerByName(i.name), &i);
}

struct Moments {
  double mean = 0, stddev = 0, maxAbs = 0;
};

Moments kernelMoments(InitId id, int in, int out, float scale = 0.5f) {
  NetworkSpec spec = makeSpec(in, {}, ActivationId::Linear, out, ActivationId::Linear);
  spec.init = id;
  spec.initScale = scale;
  spec.biasInit = initializer(id).defaultBias;
  CpuBackend b;
  Network net(spec, b);
  net.initialize(11);
  const RowMatrix w = net.array("dense_0/kernel");
  Moments m;
  m.mean = w.cast<double>().mean();
  m.stddev = std::sqrt((w.cast<double>().array() - m.mean).square().mean());
  m.maxAbs = w.cwiseAbs().maxCoeff();
  return m;
}

TEST(Tables, InitializersDrawWhatTheyName) {
  const int in = 300, out = 200;
  const double glorot = std::sqrt(6.0 / (in + out));
  Moments m = kernelMoments(InitId::GlorotUniform, in, out);
  EXPECT_LE(m.maxAbs, glorot);
  EXPECT_NEAR(m.stddev, glorot / std::sqrt(3.0), 0.01 * glorot);
  m = kernelMoments(InitId::GlorotNormal, in, out);
  EXPECT_NEAR(m.stddev, std::sqrt(2.0 / (in + out)), 0.02 * std::sqrt(2.0 / (in + out)));
  m = kernelMoments(InitId::HeUniform, in, out);
  EXPECT_LE(m.maxAbs, std::sqrt(6.0 / in));
  m = kernelMoments(InitId::HeNormal, in, out);
  EXPECT_NEAR(m.stddev, std::sqrt(2.0 / in), 0.02 * std::sqrt(2.0 / in));
  m = kernelMoments(InitId::Uniform, in, out, 0.05f);
  EXPECT_LE(m.maxAbs, 0.05);
  EXPECT_GT(m.maxAbs, 0.049);
  m = kernelMoments(InitId::Playground, in, out);
  EXPECT_LE(m.maxAbs, 0.5);
  EXPECT_GT(m.maxAbs, 0.49);
  EXPECT_NEAR(m.mean, 0.0, 0.01);
  m = kernelMoments(InitId::Zeros, in, out);
  EXPECT_EQ(m.maxAbs, 0.0);
  EXPECT_EQ(initializer(InitId::Playground).defaultBias, 0.1f);
}

}  // namespace
}  // namespace nnplay
