#pragma once
// Helpers shared by the engine tests: run one forward/loss/backward pass on a
// network and read back the loss and gradients, and compare arrays.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/network.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay::test {

struct PassResult {
  double loss = 0.0;             // batch mean loss
  std::vector<float> gradients;  // flat, like Network::gradients()
  RowMatrix inputGradient;
  RowMatrix outputs;
};

// One training-mode pass (dropout with the given seed and step, batch norm with
// batch statistics) over x with already-encoded targets t.
inline PassResult lossAndGradients(Network& net, const RowMatrix& x, const RowMatrix& t,
                                   const LossInfo& loss, std::uint64_t dropoutSeed = 7,
                                   std::uint64_t step = 1, bool backward = true) {
  Backend& b = net.backend();
  const int rows = static_cast<int>(x.rows());
  net.reserve(rows);
  b.upload(x.data(), net.input(), static_cast<std::size_t>(x.size()));
  auto target = b.allocate(static_cast<std::size_t>(t.size()));
  b.upload(t.data(), {target.get(), 0}, static_cast<std::size_t>(t.size()));
  auto sum = b.allocate(1);
  const LayerContext ctx{b, true, dropoutSeed, step};
  net.forward(rows, ctx);
  const bool fused = loss.fusedWith.has_value();
  b.loss(loss, net.logits(), net.output(), {target.get(), 0}, net.outputGradient(fused),
         {sum.get(), 0}, rows, net.outputs(), static_cast<int>(t.cols()));
  PassResult r;
  float s = 0.0f;
  b.download({sum.get(), 0}, &s, 1);
  r.loss = static_cast<double>(s) / rows;
  r.outputs.resize(rows, net.outputs());
  b.download(net.output(), r.outputs.data(), static_cast<std::size_t>(r.outputs.size()));
  if (backward) {
    net.backward(rows, ctx, fused, true);
    r.gradients = net.gradients();
    r.inputGradient.resize(rows, net.inputs());
    b.download(net.inputGradient(), r.inputGradient.data(),
               static_cast<std::size_t>(r.inputGradient.size()));
  }
  return r;
}

// Expects |actual - expected| <= tol * max(|expected|, floor) element-wise,
// where floor is 1% of the largest |expected| or of `scale` when given (so
// near-zero entries are judged against the scale of the quantity, as float32
// rounding is), and at least 1e-3.
inline void expectClose(const std::vector<double>& actual, const std::vector<double>& expected,
                        double tol, const std::string& what, double scale = 0.0) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (double e : expected) scale = std::max(scale, std::abs(e));
  const double floor = std::max(1e-3, 0.01 * scale);
  int failures = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double allowed = tol * std::max(std::abs(expected[i]), floor);
    if (!(std::abs(actual[i] - expected[i]) <= allowed) && failures++ < 5) {
      ADD_FAILURE() << what << "[" << i << "]: got " << actual[i] << ", expected " << expected[i]
                    << " (allowed " << allowed << ")";
    }
  }
}

inline std::vector<double> toDoubles(const RowMatrix& m) {
  return std::vector<double>(m.data(), m.data() + m.size());
}
inline std::vector<double> toDoubles(const std::vector<float>& v) {
  return std::vector<double>(v.begin(), v.end());
}

// The message of the E that f throws, or "(no error)".
template <typename E>
std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

// A deterministic matrix of values in [lo, hi).
RowMatrix randomMatrix(int rows, int cols, std::uint64_t seed, double lo = -1.0, double hi = 1.0);

}  // namespace nnplay::test
