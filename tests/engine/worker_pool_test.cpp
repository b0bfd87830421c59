// The CPU backend's worker pool: every part of a job runs exactly once, from
// one caller or several at a time, and the split products it runs give the
// same bits however busy the pool was.
#include "worker_pool.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/random.hpp"

namespace nnplay {
namespace {

TEST(WorkerPool, EveryPartRunsExactlyOnce) {
  for (int threads : {1, 3}) {
    WorkerPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (int parts : {0, 1, 2, 3, 5}) {
      for (int round = 0; round < 500; ++round) {
        std::array<std::atomic<int>, 5> ran{};
        pool.run(parts, [&](int i) { ran[static_cast<std::size_t>(i)].fetch_add(1); });
        for (int i = 0; i < 5; ++i) ASSERT_EQ(ran[static_cast<std::size_t>(i)].load(), i < parts);
      }
    }
  }
}

TEST(WorkerPool, CallersOnSeveralThreadsEachGetAllTheirParts) {
  WorkerPool pool(2);
  std::atomic<int> failures{0};
  auto caller = [&] {
    for (int round = 0; round < 2000; ++round) {
      std::array<std::atomic<int>, 4> ran{};
      pool.run(4, [&](int i) { ran[static_cast<std::size_t>(i)].fetch_add(1); });
      for (auto& r : ran) failures += r.load() != 1;
    }
  };
  std::thread a(caller);
  std::thread b(caller);
  caller();
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

// How many of `rounds` results from each of three threads at once (this one
// and two more) differ from `reference` in any bit.
template <class Run>
int differingFromThreeCallers(const Run& run, const std::vector<float>& reference, int rounds) {
  std::atomic<int> differing{0};
  auto caller = [&] {
    for (int round = 0; round < rounds; ++round) differing += run() != reference;
  };
  std::thread t1(caller);
  std::thread t2(caller);
  caller();
  t1.join();
  t2.join();
  return differing.load();
}

// 256 x 784 times 784 x 300: large enough to be split between the threads.
TEST(WorkerPool, SplitProductsGiveTheSameBitsFromConcurrentCallers) {
  constexpr int m = 256, k = 784, n = 300;
  CpuBackend backend;
  auto a = backend.allocate(m * k);
  auto b = backend.allocate(k * n);
  Rng rng(7);
  std::vector<float> host(static_cast<std::size_t>(k) * n);
  for (float& v : host) v = static_cast<float>(rng.normal());
  backend.upload(host.data(), {a.get(), 0}, static_cast<std::size_t>(m) * k);
  backend.upload(host.data(), {b.get(), 0}, static_cast<std::size_t>(k) * n);
  // C is split by its columns here (n > m).
  auto product = [&] {
    CpuBackend own;  // each caller its own backend, as sessions have
    auto c = own.allocate(static_cast<std::size_t>(m) * n);
    own.gemm(Trans::No, Trans::No, m, n, k, 1.0f, {a.get(), 0}, {b.get(), 0}, 0.0f, {c.get(), 0});
    std::vector<float> out(static_cast<std::size_t>(m) * n);
    own.download({c.get(), 0}, out.data(), out.size());
    return out;
  };
  const std::vector<float> reference = product();
  // Against a plain double-precision sum: the split loses nothing.
  for (int i : {0, 17, 255}) {
    for (int j : {0, 150, 299}) {
      double s = 0.0;
      for (int p = 0; p < k; ++p) {
        s += static_cast<double>(host[static_cast<std::size_t>(i) * k + p]) *
             host[static_cast<std::size_t>(p) * n + j];
      }
      EXPECT_NEAR(reference[static_cast<std::size_t>(i) * n + j], s, 1e-3 * (1.0 + std::abs(s)));
    }
  }
  EXPECT_EQ(differingFromThreeCallers(product, reference, 20), 0);
}

// A dense layer's passes as bench mlp's first two layers run them: the
// forward product split along its 784 inputs (the last thread to finish adds
// the partial sums), and the backward with dW beside dX. From three callers
// at once, each with its own backend, every result has the same bits.
TEST(WorkerPool, DensePassesGiveTheSameBitsFromConcurrentCallers) {
  constexpr int rows = 128, in = 784, mid = 256, out = 128;
  Rng rng(9);
  auto randomHost = [&](std::size_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(rng.normal());
    return v;
  };
  const std::vector<float> x = randomHost(static_cast<std::size_t>(rows) * in);
  const std::vector<float> w1 = randomHost(static_cast<std::size_t>(in) * mid);
  const std::vector<float> b1 = randomHost(mid);
  const std::vector<float> w2 = randomHost(static_cast<std::size_t>(mid) * out);
  const std::vector<float> dz = randomHost(static_cast<std::size_t>(rows) * out);
  const ActivationInfo& relu = activation(ActivationId::Relu);
  auto passes = [&] {
    CpuBackend own;
    std::vector<std::unique_ptr<DeviceBuffer>> keep;
    auto put = [&](const std::vector<float>& h) {
      keep.push_back(own.allocate(h.size()));
      own.upload(h.data(), {keep.back().get(), 0}, h.size());
      return View{keep.back().get(), 0};
    };
    auto zeros = [&](std::size_t n) { return put(std::vector<float>(n, 0.0f)); };
    const View z1 = zeros(static_cast<std::size_t>(rows) * mid);
    const View a1 = zeros(static_cast<std::size_t>(rows) * mid);
    own.denseForward(put(x), put(w1), put(b1), z1, rows, in, mid, &relu, a1);
    const View dw2 = zeros(static_cast<std::size_t>(mid) * out);
    const View db2 = zeros(out);
    const View da1 = zeros(static_cast<std::size_t>(rows) * mid);
    const View dz1 = zeros(static_cast<std::size_t>(rows) * mid);
    own.denseBackward(a1, put(w2), put(dz), dw2, db2, da1, rows, mid, out, &relu, z1, dz1);
    std::vector<float> all;
    for (const auto& [v, n] : {std::pair{a1, rows * mid}, std::pair{dw2, mid * out},
                               std::pair{db2, out}, std::pair{dz1, rows * mid}}) {
      std::vector<float> h(static_cast<std::size_t>(n));
      own.download(v, h.data(), h.size());
      all.insert(all.end(), h.begin(), h.end());
    }
    return all;
  };
  const std::vector<float> reference = passes();
  EXPECT_EQ(differingFromThreeCallers(passes, reference, 10), 0);
}

}  // namespace
}  // namespace nnplay
