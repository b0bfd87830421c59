// The CPU backend's worker pool: every part of a job runs exactly once, from
// one caller or several at a time, and the split products it runs give the
// same bits however busy the pool was.
#include "worker_pool.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

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
  std::atomic<int> differing{0};
  auto caller = [&] {
    for (int round = 0; round < 20; ++round) differing += product() != reference;
  };
  std::thread t1(caller);
  std::thread t2(caller);
  caller();
  t1.join();
  t2.join();
  EXPECT_EQ(differing.load(), 0);
}

}  // namespace
}  // namespace nnplay
