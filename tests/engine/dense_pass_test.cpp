// The CPU backend's dense-layer passes: the forward product with its bias and
// the activation after it, and the backward products with db and the
// activation before the layer, at the sizes that take each path (one thread,
// dW and dX side by side, dW split between the threads), against plain
// double-precision loops.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/random.hpp"

namespace nnplay {
namespace {

using Host = std::vector<float>;

Host randomHost(std::size_t n, Rng& rng) {
  Host v(n);
  for (float& x : v) x = static_cast<float>(rng.normal());
  return v;
}

struct Device {
  CpuBackend& b;
  std::vector<std::unique_ptr<DeviceBuffer>> buffers;
  View put(const Host& h) {
    buffers.push_back(b.allocate(h.size()));
    const View v{buffers.back().get(), 0};
    b.upload(h.data(), v, h.size());
    return v;
  }
  View zeros(std::size_t n) { return put(Host(n, 0.0f)); }
  Host get(View v, std::size_t n) {
    Host h(n);
    b.download(v, h.data(), n);
    return h;
  }
};

void expectClose(const Host& got, const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  int bad = 0;
  for (std::size_t i = 0; i < got.size() && bad < 5; ++i) {
    if (std::abs(got[i] - want[i]) > 1e-4 * (1.0 + std::abs(want[i]))) {
      ADD_FAILURE() << what << "[" << i << "] = " << got[i] << ", expected " << want[i];
      ++bad;
    }
  }
}

struct Shape {
  int rows, in, out;
};

// 10 x 8 x 8 stays on one thread; 64 x 64 x 64 runs dW and dX side by side;
// 128 x 784 x 256 and 128 x 256 x 128 are bench mlp's layers (the first
// one's forward product split along its 784 inputs); 40 x 300 x 20 is split
// along C's other side; 50 x 1000 x 30 is split along uneven inputs.
const Shape kShapes[] = {{10, 8, 8},      {64, 64, 64},  {128, 784, 256},
                         {128, 256, 128}, {40, 300, 20}, {50, 1000, 30}};

class DensePass : public ::testing::TestWithParam<Shape> {};

TEST_P(DensePass, ForwardWithBiasAndActivation) {
  const auto [rows, in, out] = GetParam();
  Rng rng(11);
  const Host x = randomHost(static_cast<std::size_t>(rows) * in, rng);
  const Host w = randomHost(static_cast<std::size_t>(in) * out, rng);
  const Host bias = randomHost(static_cast<std::size_t>(out), rng);
  const ActivationInfo& f = activation(ActivationId::Tanh);
  for (const bool withBias : {true, false}) {
    CpuBackend backend;
    Device d{backend, {}};
    const View z = d.zeros(static_cast<std::size_t>(rows) * out);
    const View a = d.zeros(static_cast<std::size_t>(rows) * out);
    backend.denseForward(d.put(x), d.put(w), withBias ? d.put(bias) : View{}, z, rows, in, out, &f,
                         a);
    std::vector<double> wantZ(static_cast<std::size_t>(rows) * out);
    std::vector<double> wantA(wantZ.size());
    for (int r = 0; r < rows; ++r) {
      for (int j = 0; j < out; ++j) {
        double s = withBias ? bias[static_cast<std::size_t>(j)] : 0.0;
        for (int p = 0; p < in; ++p) {
          s += static_cast<double>(x[static_cast<std::size_t>(r) * in + p]) *
               w[static_cast<std::size_t>(p) * out + j];
        }
        wantZ[static_cast<std::size_t>(r) * out + j] = s;
        wantA[static_cast<std::size_t>(r) * out + j] = std::tanh(s);
      }
    }
    const std::string tag = withBias ? " with bias" : " without bias";
    expectClose(d.get(z, wantZ.size()), wantZ, "z" + tag);
    expectClose(d.get(a, wantA.size()), wantA, "tanh(z)" + tag);
  }
}

TEST_P(DensePass, BackwardWithBiasAndTheActivationBefore) {
  const auto [rows, in, out] = GetParam();
  Rng rng(12);
  const Host fz = randomHost(static_cast<std::size_t>(rows) * in, rng);  // input of the activation
  Host x(fz.size());                                                     // its output: ReLU
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::max(fz[i], 0.0f);
  const Host w = randomHost(static_cast<std::size_t>(in) * out, rng);
  const Host dz = randomHost(static_cast<std::size_t>(rows) * out, rng);
  const ActivationInfo& relu = activation(ActivationId::Relu);

  std::vector<double> wantDw(static_cast<std::size_t>(in) * out, 0.0);
  std::vector<double> wantDb(static_cast<std::size_t>(out), 0.0);
  std::vector<double> wantDx(static_cast<std::size_t>(rows) * in, 0.0);
  std::vector<double> wantFdz(wantDx.size());
  for (int r = 0; r < rows; ++r) {
    for (int j = 0; j < out; ++j) {
      const double g = dz[static_cast<std::size_t>(r) * out + j];
      wantDb[static_cast<std::size_t>(j)] += g;
      for (int p = 0; p < in; ++p) {
        wantDw[static_cast<std::size_t>(p) * out + j] +=
            x[static_cast<std::size_t>(r) * in + p] * g;
        wantDx[static_cast<std::size_t>(r) * in + p] +=
            g * w[static_cast<std::size_t>(p) * out + j];
      }
    }
  }
  for (std::size_t i = 0; i < wantFdz.size(); ++i) wantFdz[i] = fz[i] > 0.0f ? wantDx[i] : 0.0;

  // Every combination the layers use: with and without db, dX and the activation.
  for (const int variant : {0, 1, 2, 3}) {
    const bool withBias = variant != 1;
    const bool withDx = variant != 2;
    const bool withActivation = variant == 3;
    CpuBackend backend;
    Device d{backend, {}};
    const View dw = d.zeros(wantDw.size());
    const View db = withBias ? d.zeros(wantDb.size()) : View{};
    const View dx = withDx ? d.zeros(wantDx.size()) : View{};
    const View fdz = withActivation ? d.zeros(wantFdz.size()) : View{};
    backend.denseBackward(d.put(x), d.put(w), d.put(dz), dw, db, dx, rows, in, out,
                          withActivation ? &relu : nullptr, withActivation ? d.put(fz) : View{},
                          fdz);
    const std::string tag = " (variant " + std::to_string(variant) + ")";
    expectClose(d.get(dw, wantDw.size()), wantDw, "dW" + tag);
    if (withBias) expectClose(d.get(db, wantDb.size()), wantDb, "db" + tag);
    if (withDx) expectClose(d.get(dx, wantDx.size()), wantDx, "dX" + tag);
    if (withActivation) expectClose(d.get(fdz, wantFdz.size()), wantFdz, "relu'(z) * dX" + tag);
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, DensePass, ::testing::ValuesIn(kShapes),
                         [](const ::testing::TestParamInfo<Shape>& p) {
                           return std::to_string(p.param.rows) + "x" + std::to_string(p.param.in) +
                                  "x" + std::to_string(p.param.out);
                         });

}  // namespace
}  // namespace nnplay
