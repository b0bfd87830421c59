// Google Benchmark for the gradient-descent lab (issue 12, acceptance 2):
// redrawing 5 optimizers × 500 steps on a 256 × 256 surface after a slider
// move, i.e. the five paths recomputed with descend() and the plot rendered
// into a QImage, offscreen. The goal is a median of at most 16 ms.
//   build/release/tests/bench/descent_lab_bench --benchmark_repetitions=10
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QImage>
#include <QSlider>

#include "nnplay/descent.hpp"
#include "surface_race_panel.hpp"

namespace nnplay::gui {
namespace {

constexpr int kSteps = 500;
const QSize kPicture(640, 480);  // the plot's square takes about 420 × 420 of it

// The whole redraw as the lab does it: a slider move recomputes every path
// (descend(), in the slider's signal) and the plot is painted.
void sliderMoveRedraw(benchmark::State& state, SurfaceId id) {
  SurfaceRacePanel panel;
  panel.selectSurface(id);
  panel.setSteps(kSteps);
  panel.plot()->resize(kPicture);
  QSlider* slider = panel.learningRateSlider(OptimizerId::Adam);
  const int a = slider->value(), b = a + 5;
  int i = 0;
  (void)panel.plot()->renderImage(kPicture);  // the background at this size, once
  for (auto _ : state) {
    panel.moveLearningRateSlider(OptimizerId::Adam, (i++ % 2) ? a : b);
    QImage img = panel.plot()->renderImage(kPicture);
    benchmark::DoNotOptimize(img.constBits());
  }
  state.counters["paths"] = static_cast<double>(panel.paths().size());
  state.counters["points"] = static_cast<double>(panel.paths().front().points.size());
}
BENCHMARK_CAPTURE(sliderMoveRedraw, bowl, SurfaceId::Bowl)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(sliderMoveRedraw, rosenbrock, SurfaceId::Rosenbrock)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(sliderMoveRedraw, minima, SurfaceId::Minima)->Unit(benchmark::kMillisecond);

// The parts: the five descend() calls alone, and the painting alone.
void fivePaths(benchmark::State& state) {
  const SurfaceInfo& s = surface(SurfaceId::Rosenbrock);
  for (auto _ : state) {
    for (const OptimizerInfo& o : optimizers()) {
      OptimizerSettings settings;
      settings.id = o.id;
      settings.learningRate = o.id == OptimizerId::Adam ? 0.05f : 0.001f;
      benchmark::DoNotOptimize(descend(s, settings, s.start, kSteps));
    }
  }
}
BENCHMARK(fivePaths)->Unit(benchmark::kMillisecond);

void renderOnly(benchmark::State& state) {
  SurfaceRacePanel panel;
  panel.selectSurface(SurfaceId::Rosenbrock);
  panel.setSteps(kSteps);
  (void)panel.plot()->renderImage(kPicture);
  for (auto _ : state) {
    QImage img = panel.plot()->renderImage(kPicture);
    benchmark::DoNotOptimize(img.constBits());
  }
}
BENCHMARK(renderOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nnplay::gui

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
