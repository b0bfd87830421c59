// The gradient-descent lab's race (issue 12), offscreen: dragging the start,
// moving a learning-rate slider and picking a surface redraw the paths at
// once, and the paths shown are the engine's descend() paths; the
// learning-rate line-up and the scatter of starts behave as labelled.
// NNPLAY_SCREENSHOT_DIR=dir saves lab_<surface>.png, lab_learning_rates.png
// and lab_scatter.png there.
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <set>

#include "lab_setup.hpp"
#include "nnplay/csv_table.hpp"
#include "plot_axes.hpp"
#include "qt_strings.hpp"
#include "surface_race_panel.hpp"

using namespace nnplay;
using namespace nnplay::gui;

namespace {

// Exactly equal: the panel must show descend()'s own numbers.
bool samePath(const DescentPath& a, const DescentPath& b) {
  if (a.divergedAt != b.divergedAt || a.points.size() != b.points.size()) return false;
  for (std::size_t i = 0; i < a.points.size(); ++i) {
    const PathPoint &p = a.points[i], &q = b.points[i];
    if (p.step != q.step || p.x != q.x || p.y != q.y || p.loss != q.loss || p.gx != q.gx ||
        p.gy != q.gy)
      return false;
    for (int s = 0; s < 2; ++s) {
      for (int c = 0; c < 2; ++c) {
        if (p.state[s][c] != q.state[s][c]) return false;
      }
    }
  }
  return true;
}

bool allFinite(const DescentPath& p) {
  for (const PathPoint& q : p.points) {
    if (!std::isfinite(q.x) || !std::isfinite(q.y) || !std::isfinite(q.loss) ||
        !std::isfinite(q.gx) || !std::isfinite(q.gy))
      return false;
  }
  return !p.points.empty();
}

// Every shown path equals descend() with the panel's settings, and the plot
// shows the same paths.
void checkPathsAreTheEngines(const SurfaceRacePanel& panel) {
  const SurfaceInfo& s = surface(panel.surfaceId());
  QCOMPARE(panel.paths().size(), panel.pathOptimizers().size());
  QCOMPARE(panel.plot()->paths().size(), panel.paths().size());
  for (std::size_t i = 0; i < panel.paths().size(); ++i) {
    const OptimizerId id = panel.pathOptimizers()[i];
    const DescentPath expected =
        descend(s, panel.optimizerSettings(id), panel.start(), panel.steps());
    QVERIFY2(samePath(panel.paths()[i], expected), qPrintable(qs(optimizer(id).name)));
    QVERIFY(samePath(panel.plot()->paths()[i].path, expected));
    QVERIFY(allFinite(panel.paths()[i]));
  }
}

void showPanel(SurfaceRacePanel& panel) {
  panel.resize(1280, 780);
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
}

}  // namespace

class DescentLabTest : public QObject {
  Q_OBJECT

 private slots:
  void startsWithEveryOptimizerOnTheBowl() {
    SurfaceRacePanel panel;
    QCOMPARE(panel.objectName(), QStringLiteral("surfaceRacePanel"));
    QCOMPARE(panel.surfaceId(), SurfaceId::Bowl);
    QCOMPARE(panel.paths().size(), optimizers().size());
    QCOMPARE(panel.steps(), 200);
    QCOMPARE(panel.paths()[0].points.size(), std::size_t{201});
    checkPathsAreTheEngines(panel);
    // Each optimizer its own settings; Adam's betas reach descend().
    QCOMPARE(panel.optimizerSettings(OptimizerId::Adam).beta2, 0.999f);
    QCOMPARE(panel.optimizerSettings(OptimizerId::Sgd).learningRate, 0.1f);
  }

  void draggingTheStartRedrawsEveryPath() {
    SurfaceRacePanel panel;
    showPanel(panel);
    SurfacePlot* plot = panel.plot();
    const QPoint from = plot->toWidget(panel.start()).toPoint();
    const QPoint to = plot->toWidget({0.8, -1.1}).toPoint();
    const QPoint mid = (from + to) / 2;
    const int before = panel.redraws();
    QTest::mousePress(plot, Qt::LeftButton, {}, from);
    QTest::mouseMove(plot, mid);
    // Already redrawn while dragging: the paths start at the mouse.
    const Point2 atMid = plot->toSurface(QPointF(mid));
    QCOMPARE(panel.paths()[0].points[0].x, double(float(atMid.x)));
    QTest::mouseMove(plot, to);
    QTest::mouseRelease(plot, Qt::LeftButton, {}, to);
    QVERIFY2(panel.redraws() >= before + 3, qPrintable(QString::number(panel.redraws() - before)));
    const Point2 dropped = plot->toSurface(QPointF(to));
    QCOMPARE(panel.start().x, dropped.x);
    QCOMPARE(panel.start().y, dropped.y);
    QVERIFY(std::abs(dropped.x - 0.8) < 0.03 && std::abs(dropped.y + 1.1) < 0.03);
    QCOMPARE(panel.paths().size(), optimizers().size());
    for (const DescentPath& p : panel.paths()) {
      QCOMPARE(p.points[0].x, double(float(dropped.x)));
      QCOMPARE(p.points[0].y, double(float(dropped.y)));
    }
    checkPathsAreTheEngines(panel);
    QCOMPARE(plot->start().x, dropped.x);
    // A drag past the border stops at the range.
    QTest::mousePress(plot, Qt::LeftButton, {}, to);
    QTest::mouseMove(plot, QPoint(plot->plotRect().right() + 40, to.y()));
    QTest::mouseRelease(plot, Qt::LeftButton, {}, QPoint(plot->plotRect().right() + 40, to.y()));
    QCOMPARE(panel.start().x, surface(SurfaceId::Bowl).xmax);
    checkPathsAreTheEngines(panel);
  }

  void sliderMoveRedrawsThatPathOnly() {
    SurfaceRacePanel panel;
    showPanel(panel);
    const std::vector<DescentPath> before = panel.paths();
    const std::vector<OptimizerId> ids = panel.pathOptimizers();
    const double lr = panel.learningRate(OptimizerId::Momentum);
    QSlider* slider = panel.learningRateSlider(OptimizerId::Momentum);
    const int redraws = panel.redraws();
    panel.moveLearningRateSlider(OptimizerId::Momentum, slider->value() + 60);
    QCOMPARE(panel.redraws(), redraws + 1);  // at once, no event loop in between
    QVERIFY(panel.learningRate(OptimizerId::Momentum) > lr);
    QCOMPARE(panel.optimizerSettings(OptimizerId::Momentum).learningRate,
             float(panel.learningRate(OptimizerId::Momentum)));
    QVERIFY(panel.pathOptimizers() == ids);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const bool moved = ids[i] == OptimizerId::Momentum;
      QVERIFY2(samePath(panel.paths()[i], before[i]) != moved,
               qPrintable(qs(optimizer(ids[i]).name)));
    }
    checkPathsAreTheEngines(panel);
    // A key press on the slider, as a person would: one more redraw of that path.
    const std::vector<DescentPath> after = panel.paths();
    slider->setFocus();
    QTest::keyClick(slider, Qt::Key_Left);
    QCOMPARE(panel.redraws(), redraws + 2);
    QVERIFY(!samePath(panel.paths()[1], after[1]));
    QVERIFY(samePath(panel.paths()[0], after[0]));
    // The number box moves the slider too.
    panel.setLearningRate(OptimizerId::Sgd, 0.02);
    QCOMPARE(panel.learningRateSlider(OptimizerId::Sgd)->value(), 514);  // log scale 1e-4..3
    QCOMPARE(panel.learningRate(OptimizerId::Sgd), 0.02);
    checkPathsAreTheEngines(panel);
    // Untick: the path goes, the others stay.
    panel.setOptimizerEnabled(OptimizerId::Nesterov, false);
    QCOMPARE(panel.paths().size(), optimizers().size() - 1);
    QVERIFY(panel.path(OptimizerId::Nesterov) == nullptr);
    checkPathsAreTheEngines(panel);
  }

  void pickingASurfaceChangesHeatmapAndPaths() {
    SurfaceRacePanel panel;
    showPanel(panel);
    const QImage heat = panel.plot()->heatmap();
    const QImage picture = panel.plot()->renderImage(QSize(500, 400));
    const std::vector<DescentPath> before = panel.paths();
    auto* combo = panel.findChild<QComboBox*>(QStringLiteral("surfaceCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), static_cast<int>(surfaces().size()));
    combo->setCurrentIndex(static_cast<int>(SurfaceId::Rosenbrock));
    QCOMPARE(panel.surfaceId(), SurfaceId::Rosenbrock);
    const SurfaceInfo& r = surface(SurfaceId::Rosenbrock);
    QCOMPARE(panel.plot()->surface().id, SurfaceId::Rosenbrock);
    QCOMPARE(panel.start().x, r.start.x);
    QCOMPARE(panel.start().y, r.start.y);
    QCOMPARE(panel.plot()->heatmap().size(), QSize(256, 256));
    QVERIFY(panel.plot()->heatmap() != heat);
    QVERIFY(panel.plot()->renderImage(QSize(500, 400)) != picture);
    QCOMPARE(panel.learningRate(OptimizerId::Sgd), r.learningRate);
    for (std::size_t i = 0; i < before.size(); ++i) QVERIFY(!samePath(panel.paths()[i], before[i]));
    checkPathsAreTheEngines(panel);
    // The heatmap is light at the minimum and dark far up the banana's walls.
    const QImage& h = panel.plot()->heatmap();
    const auto pixel = [&](double x, double y) {
      return QColor(h.pixel(static_cast<int>((x - r.xmin) / (r.xmax - r.xmin) * 256),
                            static_cast<int>((r.ymax - y) / (r.ymax - r.ymin) * 256)));
    };
    QVERIFY(pixel(1.0, 1.0).lightness() > pixel(-1.9, -0.9).lightness() + 60);
  }

  void stepInspectorExplainsTheStep() {
    SurfaceRacePanel panel;
    showPanel(panel);
    panel.setFocusOptimizer(OptimizerId::Adam);
    panel.setCurrentStep(5);
    const DescentPath* adam = panel.path(OptimizerId::Adam);
    QVERIFY(adam);
    const PathPoint& q = adam->points[5];
    const QString text = panel.inspectorText();
    QVERIFY2(text.contains(QStringLiteral("step 5 of 200")), qPrintable(text));
    QVERIFY2(text.contains(QString::number(q.gx, 'g', 4)), qPrintable(text));
    // Adam's scaling from its v and the step counter.
    const OptimizerSettings s = panel.optimizerSettings(OptimizerId::Adam);
    const double vhat = q.state[1][0] / (1.0 - std::pow(double(s.beta2), 5.0));
    const double scale = 1.0 / (std::sqrt(vhat) + s.epsilon);
    QVERIFY2(text.contains(QStringLiteral("1/(√v′ + ε): x %1").arg(QString::number(scale, 'g', 4))),
             qPrintable(text));
    // −g, −m′ and the step on the plot, the step as taken between the points.
    const auto& arrows = panel.plot()->arrows();
    QCOMPARE(arrows.size(), std::size_t{3});
    QCOMPARE(arrows[0].from.x, adam->points[4].x);
    QVERIFY(arrows[0].delta.x * q.gx < 0);  // −g points downhill
    QCOMPARE(arrows[2].delta.x, q.x - adam->points[4].x);
    // What the inspector explains is the step the engine took: −lr·m′/(√v′ + ε)
    // per coordinate (float32 in the engine, so a relative 1e-4).
    for (int c = 0; c < 2; ++c) {
      const double m = q.state[0][c] / (1.0 - std::pow(double(s.beta1), 5.0));
      const double v = q.state[1][c] / (1.0 - std::pow(double(s.beta2), 5.0));
      const double step = -double(s.learningRate) * m / (std::sqrt(v) + s.epsilon);
      const double taken = c == 0 ? q.x - adam->points[4].x : q.y - adam->points[4].y;
      QVERIFY2(std::abs(taken - step) <= 1e-4 * std::abs(step) + 1e-7,
               qPrintable(QStringLiteral("%1 vs %2").arg(taken).arg(step)));
    }
    // SGD: only −g and the step; step 0: nothing to explain.
    panel.setFocusOptimizer(OptimizerId::Sgd);
    QCOMPARE(panel.plot()->arrows().size(), std::size_t{2});
    panel.setCurrentStep(0);
    QVERIFY(panel.plot()->arrows().empty());
    QVERIFY(panel.inspectorText().contains(QStringLiteral("step 0")));
  }

  void playAnimatesTheStep() {
    SurfaceRacePanel panel;
    showPanel(panel);
    panel.setSteps(40);
    QCOMPARE(panel.currentStep(), 40);
    panel.play();
    QVERIFY(panel.isPlaying());
    QVERIFY(panel.currentStep() < 40);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isPlaying(), 10000);
    QCOMPARE(panel.currentStep(), 40);
    QCOMPARE(panel.plot()->step(), 40);
    auto* counter = panel.findChild<QLabel*>(QStringLiteral("stepCounter"));
    QCOMPARE(counter->text(), QStringLiteral("step 40 / 40"));
    // The legend shows each path's loss at the current step.
    panel.setCurrentStep(10);
    const QStringList legend = panel.plot()->legendLines();
    QCOMPARE(int(legend.size()), 5);
    QCOMPARE(legend[0],
             QStringLiteral("SGD: loss %1").arg(shortNumber(panel.paths()[0].points[10].loss)));
  }

  void scatterColoursStartsByMinimum() {
    SurfaceRacePanel panel;
    showPanel(panel);
    panel.setFocusOptimizer(OptimizerId::Sgd);
    const SurfaceRacePanel::ScatterResult& r = panel.runScatter();
    QCOMPARE(panel.surfaceId(), SurfaceId::Minima);
    const SurfaceInfo& s = surface(SurfaceId::Minima);
    const int n = SurfaceRacePanel::kScatterGrid;
    QCOMPARE(r.dots.size(), std::size_t(n * n));
    int total = r.none, reached = 0;
    for (int c : r.counts) {
      total += c;
      reached += c > 0;
    }
    QCOMPARE(total, n * n);
    QVERIFY2(reached >= 2, qPrintable(r.summary));
    const OptimizerSettings settings = panel.optimizerSettings(OptimizerId::Sgd);
    for (const ScatterDot& d : r.dots) {
      QCOMPARE(d.minimum,
               reachedMinimum(s, descend(s, settings, d.start, SurfaceRacePanel::kScatterSteps)));
    }
    QCOMPARE(panel.plot()->scatter().size(), r.dots.size());
    auto* summary = panel.findChild<QLabel*>(QStringLiteral("scatterSummary"));
    QVERIFY(summary && summary->isVisible());
    QVERIFY2(summary->text().contains(QStringLiteral("A (")), qPrintable(summary->text()));
    // Each start is drawn in its minimum's colour (grey for none).
    const QSize size(700, 560);
    const QImage img = panel.plot()->renderImage(size);
    int right = 0;
    const QRectF plot(panel.plot()->plotRect(size));
    for (const ScatterDot& d : r.dots) {
      const QPointF at(plot.left() + (d.start.x - s.xmin) / (s.xmax - s.xmin) * plot.width(),
                       plot.top() + (s.ymax - d.start.y) / (s.ymax - s.ymin) * plot.height());
      const QPoint px(std::clamp(int(at.x()), 0, size.width() - 1),
                      std::clamp(int(at.y()), 0, size.height() - 1));
      right += QColor(img.pixel(px)) == minimumColor(d.minimum);
    }
    QVERIFY2(right >= n * n * 8 / 10, qPrintable(QString::number(right)));
    // Only the scattered optimizer's path beside it; a change clears the scatter.
    QCOMPARE(panel.plot()->paths().size(), std::size_t{1});
    panel.moveLearningRateSlider(OptimizerId::Adam, 300);
    QVERIFY(!panel.scatterShown());
    QVERIFY(panel.plot()->scatter().empty());
    QCOMPARE(panel.plot()->paths().size(), optimizers().size());
  }

  void lineUpBehavesAsLabelled() {
    SurfaceRacePanel panel;
    showPanel(panel);
    const auto& runs = panel.showLineUp();
    QVERIFY(panel.lineUpShown());
    QCOMPARE(runs.size(), std::size_t{4});
    QCOMPARE(panel.lineUpPlots().size(), std::size_t{4});
    const SurfaceInfo& bowl = surface(SurfaceId::Bowl);
    const auto distance = [](const DescentPath& p) {
      return std::hypot(p.points.back().x, p.points.back().y);
    };
    for (std::size_t i = 0; i < runs.size(); ++i) {
      OptimizerSettings s;
      s.id = OptimizerId::Sgd;
      s.learningRate = float(runs[i].learningRate);
      QVERIFY(samePath(runs[i].path, descend(bowl, s, bowl.start, SurfaceRacePanel::kLineUpSteps)));
      QVERIFY(allFinite(runs[i].path));
      QVERIFY(samePath(panel.lineUpPlots()[i]->paths().at(0).path, runs[i].path));
    }
    // Too small: still far off. Good: at the minimum. Too large: overshoots
    // (x changes sign every step) yet settles. Diverging: marked by the engine.
    QVERIFY(!runs[0].path.divergedAt && distance(runs[0].path) > 0.3);
    QVERIFY(!runs[1].path.divergedAt && distance(runs[1].path) < 1e-3);
    QVERIFY(!runs[2].path.divergedAt && distance(runs[2].path) < 0.05);
    QVERIFY(runs[2].path.points[1].x * runs[2].path.points[2].x < 0);
    QVERIFY(runs[3].path.divergedAt.has_value());
    QVERIFY(runs[3].path.points.size() < std::size_t(SurfaceRacePanel::kLineUpSteps + 1));
    for (int i = 0; i < 3; ++i) QVERIFY(panel.lineUpPlots()[i]->messages().isEmpty());
    const QStringList m = panel.lineUpPlots()[3]->messages();
    QCOMPARE(int(m.size()), 1);
    QVERIFY2(m[0].contains(QStringLiteral("diverged at step %1").arg(*runs[3].path.divergedAt)),
             qPrintable(m[0]));
    QVERIFY2(m[0].contains(QStringLiteral("left the plot")), qPrintable(m[0]));
    // Drawing the diverged path (its far points clipped away) keeps the plot
    // readable: the pixels outside the plot stay white.
    const QImage img = panel.lineUpPlots()[3]->renderImage(QSize(300, 320));
    const QRect plot = panel.lineUpPlots()[3]->plotRect(QSize(300, 320));
    QCOMPARE(QColor(img.pixel(plot.right() + 6, plot.center().y())), QColor(Qt::white));
    panel.showRace();
    QVERIFY(!panel.lineUpShown());
  }

  void pathsAreNeverNaN() {
    SurfaceRacePanel panel;
    panel.setSteps(1000);
    for (const SurfaceInfo& s : surfaces()) {
      panel.selectSurface(s.id);
      for (double lr : {0.0001, 3.0}) {
        for (const OptimizerInfo& o : optimizers()) panel.setLearningRate(o.id, lr);
        QCOMPARE(panel.paths().size(), optimizers().size());
        for (const DescentPath& p : panel.paths()) QVERIFY(allFinite(p));
        checkPathsAreTheEngines(panel);
        const QImage img = panel.plot()->renderImage(QSize(400, 300));
        QVERIFY(!img.isNull());
      }
    }
    // A drag to every corner of every surface.
    for (const SurfaceInfo& s : surfaces()) {
      panel.selectSurface(s.id);
      for (Point2 c : {Point2{s.xmin, s.ymin}, Point2{s.xmax, s.ymax}, Point2{s.xmin, s.ymax}}) {
        panel.setStart(c);
        for (const DescentPath& p : panel.paths()) QVERIFY(allFinite(p));
      }
    }
  }

  void exportWritesAPng() {
    SurfaceRacePanel panel;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("race.png"));
    QVERIFY(panel.exportPng(file));
    QImage img(file);
    QCOMPARE(img.size(), QSize(960, 640));
    panel.showLineUp();
    QVERIFY(panel.exportPng(file));
    QCOMPARE(QImage(file).width(), 4 * 320);
  }

  void aSetupSavesAndOpensInItsOwnFile() {
    SurfaceRacePanel panel;
    panel.selectSurface(SurfaceId::Rosenbrock);
    panel.setOptimizerEnabled(OptimizerId::Sgd, false);
    OptimizerSettings adam = panel.optimizerSettings(OptimizerId::Adam);
    adam.learningRate = 0.05f;
    adam.beta1 = 0.8f;
    panel.setOptimizerSettings(OptimizerId::Adam, adam);
    panel.setStart({-1.25, 2.5});
    panel.setSteps(321);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("race.nnplay-lab.json"));
    QVERIFY(panel.saveSetup(file));
    const LabSetup saved = labSetupOf(panel);
    SurfaceRacePanel other;
    QVERIFY(other.openSetup(file));
    QVERIFY(labSetupOf(other) == saved);
    QCOMPARE(other.surfaceId(), SurfaceId::Rosenbrock);
    QVERIFY(!other.optimizerEnabled(OptimizerId::Sgd));
    QCOMPARE(other.optimizerSettings(OptimizerId::Adam).beta1, 0.8f);
    QCOMPARE(other.paths().size(), panel.paths().size());
    for (std::size_t i = 0; i < panel.paths().size(); ++i) {
      QVERIFY(samePath(other.paths()[i], panel.paths()[i]));
    }
    // Bad files are refused with the field named, and change nothing.
    const auto refused = [&](const std::string& text, const char* field) {
      try {
        labSetupFromJson(text, "t.json");
        QFAIL("accepted");
      } catch (const DataError& e) {
        QVERIFY2(std::string(e.what()).find(field) != std::string::npos, e.what());
      }
    };
    refused("{", "not JSON");
    refused(R"({"format":"nnplay-lab","version":1,"surface":"donut"})", "'surface'");
    refused(R"({"format":"nnplay-lab","version":1,"surface":"bowl","start":[9,0],"steps":5,
                "optimizers":{}})",
            "'start'");
    refused(R"({"format":"nnplay-lab","version":1,"surface":"bowl","start":[0,0],"steps":5,
                "optimizers":{"adam":{"learning_rate":-1}}})",
            "'optimizers.adam.learning_rate'");
  }

  void screenshots() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save the lab as PNGs");
    SurfaceRacePanel panel;
    showPanel(panel);
    panel.setFocusOptimizer(OptimizerId::Adam);
    for (const SurfaceInfo& s : surfaces()) {
      panel.selectSurface(s.id);
      panel.setCurrentStep(panel.steps());  // the whole paths
      QVERIFY(panel.grab().save(QDir(dir).filePath(QStringLiteral("lab_%1.png").arg(qs(s.name)))));
    }
    // The step inspector early on the valley, where Adam's scaling shows.
    panel.selectSurface(SurfaceId::Valley);
    panel.setCurrentStep(12);
    QVERIFY(panel.grab().save(QDir(dir).filePath(QStringLiteral("lab_inspector.png"))));
    panel.showLineUp();
    QVERIFY(panel.grab().save(QDir(dir).filePath(QStringLiteral("lab_learning_rates.png"))));
    panel.setFocusOptimizer(OptimizerId::Sgd);
    panel.runScatter();
    QVERIFY(panel.grab().save(QDir(dir).filePath(QStringLiteral("lab_scatter.png"))));
  }
};

QTEST_MAIN(DescentLabTest)
#include "descent_lab_test.moc"
