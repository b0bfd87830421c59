// Google Benchmark for the CPU backend's hot kernels at TF Playground sizes
// (batch 10 through a 2-8-8-1 network) and one whole training step.
//   build/release/tests/bench/kernels_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/grid.hpp"
#include "nnplay/network.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {
namespace {

void gemmShape(benchmark::State& state, Trans ta, Trans tb) {
  const int m = static_cast<int>(state.range(0));
  const int n = static_cast<int>(state.range(1));
  const int k = static_cast<int>(state.range(2));
  CpuBackend b;
  auto A = b.allocate(static_cast<std::size_t>(m) * k);
  auto B = b.allocate(static_cast<std::size_t>(k) * n);
  auto C = b.allocate(static_cast<std::size_t>(m) * n);
  b.fill({A.get(), 0}, static_cast<std::size_t>(m) * k, 0.5f);
  b.fill({B.get(), 0}, static_cast<std::size_t>(k) * n, 0.25f);
  for (auto _ : state) {
    b.gemm(ta, tb, m, n, k, 1.0f, {A.get(), 0}, {B.get(), 0}, 0.0f, {C.get(), 0});
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * m * n * k);
}

// {m, n, k} of the products in one 2-8-8-1 step with batch 10.
void forwardShapes(benchmark::internal::Benchmark* b) {
  b->Args({10, 8, 2})->Args({10, 8, 8})->Args({10, 1, 8});
}
void weightGradShapes(benchmark::internal::Benchmark* b) {
  b->Args({2, 8, 10})->Args({8, 8, 10})->Args({8, 1, 10});
}
void inputGradShapes(benchmark::internal::Benchmark* b) {
  b->Args({10, 8, 8})->Args({10, 8, 1});
}

BENCHMARK_CAPTURE(gemmShape, forward_NN, Trans::No, Trans::No)->Apply(forwardShapes);
BENCHMARK_CAPTURE(gemmShape, weight_grad_TN, Trans::Yes, Trans::No)->Apply(weightGradShapes);
BENCHMARK_CAPTURE(gemmShape, input_grad_NT, Trans::No, Trans::Yes)->Apply(inputGradShapes);
// The products of one 784-256-128-10 step with batch 128 (`bench mlp`).
BENCHMARK_CAPTURE(gemmShape, mlp_forward_NN, Trans::No, Trans::No)
    ->Args({128, 256, 784})
    ->Args({128, 128, 256})
    ->Args({128, 10, 128});
BENCHMARK_CAPTURE(gemmShape, mlp_weight_grad_TN, Trans::Yes, Trans::No)
    ->Args({784, 256, 128})
    ->Args({256, 128, 128})
    ->Args({128, 10, 128});
BENCHMARK_CAPTURE(gemmShape, mlp_input_grad_NT, Trans::No, Trans::Yes)
    ->Args({128, 256, 128})
    ->Args({128, 128, 10});

void tanhForward(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<float> z(n, 0.3f), a(n);
  const ActivationInfo& f = activation(ActivationId::Tanh);
  for (auto _ : state) {
    f.forward(z.data(), a.data(), n, 1);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(tanhForward)->Arg(10)->Arg(80);

void playgroundStep(benchmark::State& state) {
  const Split split = splitByRatio(generatorByName("spiral").generate({500, 0.0, 1}), 0.5);
  NetworkSpec spec = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Tanh);
  spec.init = InitId::Playground;
  spec.biasInit = 0.1f;
  CpuBackend backend;
  Network net(spec, backend);
  net.initialize(1);
  TrainingSettings s;
  s.loss = LossId::HalfMse;
  s.optimizer.id = OptimizerId::Sgd;
  s.optimizer.learningRate = 0.03f;
  s.batchSize = 10;
  Trainer trainer(net, s, split.train);
  for (auto _ : state) benchmark::DoNotOptimize(trainer.trainBatch());
  state.SetItemsProcessed(state.iterations() * 10);
}
BENCHMARK(playgroundStep);

void gridEvaluation(benchmark::State& state) {
  CpuBackend backend;
  Network net(makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Tanh), backend);
  net.initialize(1);
  net.reserve(4096);
  auto t = std::make_shared<InputTransform>();
  t->features = FeatureMap::plain(2);
  const int res = static_cast<int>(state.range(0));
  GridEvaluator evaluator;  // as the session uses it, 60 times a second
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.evaluate(net, t, res, 6.0f));
  state.SetItemsProcessed(state.iterations() * res * res);
}
BENCHMARK(gridEvaluation)->Arg(100)->Arg(256)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nnplay

BENCHMARK_MAIN();
