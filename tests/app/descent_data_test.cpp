// The gradient-descent lab on data (issue 12): batch vs mini-batch vs
// stochastic gradient descent on the houses table (acceptance 4), and the
// live network's loss landscape from a real session (acceptance 3). The
// figures the issue asks to quote are printed with qInfo. With
// NNPLAY_SCREENSHOT_DIR set, it also saves lab_batch_sizes.png and
// lab_landscape.png.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QSpinBox>
#include <QTest>
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "landscape_panel.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/session.hpp"
#include "regression_descent_panel.hpp"

using namespace nnplay;
using namespace nnplay::gui;

namespace {

// The 2-8-8-1 spiral network of the engine's session tests.
SessionConfig spiralConfig() {
  SessionConfig c;
  c.data.generator = "spiral";
  c.data.params = {200, 0.0, 1, 0};
  c.network = makeSpec(2, {8, 8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  c.training.loss = LossId::Bce;
  c.training.optimizer.id = OptimizerId::Adam;
  c.training.optimizer.learningRate = 0.02f;
  c.training.batchSize = 10;
  c.gridResolution = 20;
  return c;
}

// A session whose snapshots go to the panel and whose requests go to the session.
struct Lab {
  Session session{spiralConfig(), std::make_unique<CpuBackend>()};
  LandscapePanel panel;
  Lab() {
    QObject::connect(&panel, &LandscapePanel::landscapeRequested,
                     [this](const LandscapeRequest& r) { session.requestLandscape(r); });
    feed();
  }
  void feed() {
    session.sync();
    panel.setSnapshot(session.snapshot());
  }
  void train(int epochs) {
    for (int e = 0; e < epochs; ++e) {
      session.stepEpoch();
      feed();
    }
  }
  void compute(double span, int resolution = 41) {
    LandscapeRequest r;
    r.resolution = resolution;
    r.span = span;
    panel.setRequest(r);
    panel.computeSlice();
    feed();
  }
};

// The least-squares line through (x, y), written out here (not the engine's).
Point2 closedForm(const LinearRegressionData& d, double* mse) {
  const double n = static_cast<double>(d.x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < d.x.size(); ++i) {
    sx += d.x[i];
    sy += d.y[i];
    sxx += d.x[i] * d.x[i];
    sxy += d.x[i] * d.y[i];
  }
  const double w = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const double b = (sy - w * sx) / n;
  double s = 0;
  for (std::size_t i = 0; i < d.x.size(); ++i) s += std::pow(w * d.x[i] + b - d.y[i], 2);
  *mse = s / n;
  return {w, b};
}

bool samePath(const DescentPath& a, const DescentPath& b) {
  if (a.points.size() != b.points.size() || a.divergedAt != b.divergedAt) return false;
  for (std::size_t i = 0; i < a.points.size(); ++i) {
    if (a.points[i].x != b.points[i].x || a.points[i].y != b.points[i].y ||
        a.points[i].loss != b.points[i].loss)
      return false;
  }
  return true;
}

}  // namespace

class DescentDataTest : public QObject {
  Q_OBJECT

 private slots:
  void regressionLoadsTheHousesTable() {
    RegressionDescentPanel p;
    QVERIFY2(p.errorText().isEmpty(), qPrintable(p.errorText()));
    QCOMPARE(p.objectName(), QStringLiteral("regressionDescentPanel"));
    QVERIFY(p.data().x.size() > 500);
    QVERIFY(p.data().feature == "sqft");
    QVERIFY(p.data().target == "price");
    QCOMPARE(p.batchSize(), 32);
    QCOMPARE(p.steps(), 100);
    QCOMPARE(p.optimizerSettings().id, OptimizerId::Sgd);
    for (const DescentPath* d : {&p.fullBatchPath(), &p.miniBatchPath(), &p.stochasticPath()})
      QCOMPARE(d->points.size(), std::size_t{101});
    QCOMPARE(p.batchOf(RegressionDescentPanel::FullBatch), static_cast<int>(p.data().x.size()));
    QCOMPARE(p.batchOf(RegressionDescentPanel::Stochastic), 1);
  }

  // Acceptance 4: full batch within 1 % of the least-squares optimum.
  void fullBatchReachesTheOptimum() {
    RegressionDescentPanel p;
    p.setLearningRate(0.1);
    p.setSteps(100);
    double optMse = 0;
    const Point2 opt = closedForm(p.data(), &optMse);
    QVERIFY(std::abs(opt.x - p.data().optimum().x) < 1e-9);
    QVERIFY(std::abs(opt.y - p.data().optimum().y) < 1e-9);
    const double final = p.fullBatchPath().points.back().loss;
    const double gap = 100.0 * (final - optMse) / optMse;
    qInfo(
        "houses sqft→price: %zu rows, optimum w=%.6f b=%.6f MSE %.6f; full batch after %d "
        "steps (SGD, lr 0.1) MSE %.6f, gap %.4f %%",
        p.data().x.size(), opt.x, opt.y, optMse, p.steps(), final, gap);
    QVERIFY2(gap >= -1e-4 && gap <= 1.0, qPrintable(QString::number(gap)));
    QVERIFY(p.summaryText().contains(QStringLiteral("above the optimum")));
  }

  void stochasticIsNoisierThanFullBatch() {
    RegressionDescentPanel p;
    const double full = meanStepChange(p.fullBatchPath());
    const double mini = meanStepChange(p.miniBatchPath());
    const double sgd = meanStepChange(p.stochasticPath());
    qInfo(
        "mean step-to-step loss change over %d steps: full batch %.6g, mini-batch (32) %.6g, "
        "stochastic %.6g",
        p.steps(), full, mini, sgd);
    QVERIFY2(sgd > full, qPrintable(QStringLiteral("%1 vs %2").arg(sgd).arg(full)));
    // The loss of full-batch descent on a convex quadratic only falls.
    const auto& pts = p.fullBatchPath().points;
    for (std::size_t i = 1; i < pts.size(); ++i) QVERIFY(pts[i].loss <= pts[i - 1].loss + 1e-7);
  }

  void pathsAreTheEnginesDescent() {
    RegressionDescentPanel p;
    for (OptimizerId id : {OptimizerId::Sgd, OptimizerId::Adam}) {
      p.setOptimizer(id);
      p.setBatchSize(16);
      p.setSteps(150);
      const OptimizerSettings s = p.optimizerSettings();
      QCOMPARE(s.id, id);
      for (auto which : {RegressionDescentPanel::FullBatch, RegressionDescentPanel::MiniBatch,
                         RegressionDescentPanel::Stochastic}) {
        const LinearRegressionObjective objective(p.data(), p.batchOf(which), p.seed());
        QVERIFY(samePath(p.path(which), descend(objective, s, p.start(), p.steps())));
      }
    }
    QCOMPARE(p.batchOf(RegressionDescentPanel::MiniBatch), 16);
  }

  void draggingTheStartRedrawsAllPaths() {
    RegressionDescentPanel p;
    p.resize(1000, 600);
    p.show();
    QVERIFY(QTest::qWaitForWindowExposed(&p));
    const Point2 before = p.start();
    std::array<Point2, 3> firsts;
    for (int k = 0; k < 3; ++k) {
      const PathPoint& q = p.path(RegressionDescentPanel::Path(k)).points.front();
      firsts[k] = {q.x, q.y};
    }
    const Point2 from{p.data().optimum().x + 1.5, -1.5};
    const Point2 to{p.data().optimum().x + 1.0, 1.5};
    QWidget* s = p.surfaceWidget();
    QTest::mousePress(s, Qt::LeftButton, {}, p.surfacePoint(from).toPoint());
    QVERIFY(std::abs(p.start().x - from.x) < 0.05 && std::abs(p.start().y - from.y) < 0.05);
    // A move with the button held, sent as the window system would.
    const QPointF at = p.surfacePoint(to);
    QMouseEvent move(QEvent::MouseMove, at, s->mapToGlobal(at), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(s, &move);
    QTest::mouseRelease(s, Qt::LeftButton, {}, p.surfacePoint(to).toPoint());
    const Point2 now = p.start();
    QVERIFY2(std::abs(now.x - to.x) < 0.05 && std::abs(now.y - to.y) < 0.05,
             qPrintable(QStringLiteral("start %1, %2").arg(now.x).arg(now.y)));
    QVERIFY(std::hypot(now.x - before.x, now.y - before.y) > 0.5);
    for (int k = 0; k < 3; ++k) {
      const PathPoint& q = p.path(RegressionDescentPanel::Path(k)).points.front();
      QVERIFY(q.x != firsts[k].x || q.y != firsts[k].y);
      QVERIFY(std::abs(q.x - now.x) < 1e-6 && std::abs(q.y - now.y) < 1e-6);
    }
  }

  void controlsRecompute() {
    RegressionDescentPanel p;
    const DescentPath full = p.fullBatchPath(), mini = p.miniBatchPath();
    p.setBatchSize(64);
    QVERIFY(samePath(p.fullBatchPath(), full));  // full batch does not care
    QVERIFY(!samePath(p.miniBatchPath(), mini));
    p.setLearningRate(0.05);
    QVERIFY(!samePath(p.fullBatchPath(), full));
    QCOMPARE(p.step(), p.steps());  // a change shows the whole paths
    p.setStep(10);
    QCOMPARE(p.step(), 10);
    p.setSteps(40);
    QCOMPARE(p.fullBatchPath().points.size(), std::size_t{41});
    QCOMPARE(p.step(), 40);
    // Too large a rate diverges: the path stops and the summary says so.
    p.setLearningRate(3.0);
    QVERIFY(p.fullBatchPath().divergedAt.has_value());
    QVERIFY(p.summaryText().contains(QStringLiteral("diverged")));
    const QImage img = p.renderImage(QSize(900, 520));
    QCOMPARE(img.size(), QSize(900, 520));
  }

  void landscapeSliceHasTheRequestedResolution() {
    Lab lab;
    QCOMPARE(lab.panel.objectName(), QStringLiteral("landscapePanel"));
    QVERIFY(!lab.panel.slice());
    QCOMPARE(lab.panel.findChild<QComboBox*>("landscapeResolution")->count(), 4);
    // Without a slice the picture says how to get one (a white page otherwise).
    const QImage empty = lab.panel.renderImage(QSize(400, 440));
    QVERIFY(empty.pixel(200, 220) != qRgb(255, 255, 255));
    // The 41 × 41 slice of the 2-8-8-1 spiral network: timed, not asserted
    // (acceptance 3 asks for ≤ 250 ms).
    std::vector<qint64> times;
    for (int run = 0; run < 5; ++run) {
      QElapsedTimer t;
      t.start();
      lab.compute(1.0);
      times.push_back(t.elapsed());
    }
    std::sort(times.begin(), times.end());
    qInfo(
        "41x41 slice of the 2-8-8-1 spiral network (%d rows), request to snapshot: median %lld "
        "ms (min %lld, max %lld)",
        lab.panel.slice() ? lab.panel.slice()->rows : 0, static_cast<long long>(times[2]),
        static_cast<long long>(times.front()), static_cast<long long>(times.back()));
    const auto slice = lab.panel.slice();
    QVERIFY(slice);
    QCOMPARE(slice->resolution, 41);
    QCOMPARE(static_cast<int>(slice->loss.rows()), 41);
    QCOMPARE(static_cast<int>(slice->loss.cols()), 41);
    QVERIFY(slice->directions.label1 == "direction 1");
    // Two chosen weights: the axes name them.
    LandscapeRequest r;
    r.resolution = 21;
    r.array1 = lab.session.snapshot()->table.front().name;
    r.array2 = r.array1;
    r.index2 = 1;
    lab.panel.setRequest(r);
    QVERIFY(lab.panel.request() == r);
    lab.panel.computeSlice();
    lab.feed();
    QVERIFY(lab.panel.slice());
    QCOMPARE(lab.panel.slice()->resolution, 21);
    QVERIFY(lab.panel.slice()->directions.label2 == r.array1 + "[1]");
  }

  // Acceptance 3: the slice of a trained network has its centre as a (local)
  // minimum. "Trained" is 300 epochs of the spiral's mini-batch Adam (lr 0.02,
  // batch 10) and then 300 full-batch epochs at lr 0.005 to settle: mini-batch
  // Adam alone leaves the weights hovering, and with seed 1 a neighbour 0.05
  // of the neuron norms away was 12 % lower. The default span 1.0 serves; no
  // smaller span was needed (a smaller one makes it harder: what gradient is
  // left dominates the curvature at short range, so span 0.05 fails even
  // after settling).
  void trainedCentreIsALocalMinimum() {
    for (std::uint64_t seed : {1, 2, 3}) {
      Lab lab;
      TrainingSettings t = lab.session.snapshot()->training;
      t.seed = seed;
      lab.session.setTraining(t);  // a new seed: new initial weights
      lab.feed();
      lab.train(300);
      t.batchSize = lab.session.snapshot()->trainRows;
      t.optimizer.learningRate = 0.005f;
      lab.session.setTraining(t);  // the weights are kept
      lab.train(300);
      lab.compute(1.0);
      const auto s = lab.panel.slice();
      QVERIFY(s);
      const int c = s->resolution / 2;
      QCOMPARE(s->at(c, c), s->centreLoss);
      double lowest = 1e300;
      for (int di = -1; di <= 1; ++di) {
        for (int dj = -1; dj <= 1; ++dj) {
          if (di == 0 && dj == 0) continue;
          lowest = std::min(lowest, s->at(c + di, c + dj));
          QVERIFY2(s->at(c, c) <= s->at(c + di, c + dj),
                   qPrintable(QStringLiteral("seed %1: centre %2 > neighbour (%3, %4) %5")
                                  .arg(seed)
                                  .arg(s->at(c, c))
                                  .arg(di)
                                  .arg(dj)
                                  .arg(s->at(c + di, c + dj))));
        }
      }
      qInfo("seed %d, trained 300 + 300 epochs: centre loss %.5f, lowest of the 8 neighbours %.5f",
            static_cast<int>(seed), s->at(c, c), lowest);
    }
  }

  void pathFollowsTraining() {
    Lab lab;
    lab.train(20);
    lab.compute(1.0);
    QVERIFY(lab.panel.slice());
    // Right after a fresh slice the newest step is its centre.
    const std::size_t before = lab.panel.pathPoints().size();
    QCOMPARE(before, std::size_t{21});  // the start and 20 epochs, kept from before the slice
    Point2 last = lab.panel.pathPoints().back();
    QVERIFY(std::hypot(last.x, last.y) < 1e-4);
    lab.train(5);
    QCOMPARE(lab.panel.pathPoints().size(), before + 5);
    last = lab.panel.pathPoints().back();
    QVERIFY(std::hypot(last.x, last.y) > 1e-4);
    // The same snapshot again changes nothing.
    lab.panel.setSnapshot(lab.session.snapshot());
    QCOMPARE(lab.panel.pathPoints().size(), before + 5);
    lab.compute(1.0);
    last = lab.panel.pathPoints().back();
    QVERIFY(std::hypot(last.x, last.y) < 1e-4);
    QCOMPARE(lab.panel.pathPoints().size(), before + 5);
    // Another network: the slice and the path no longer fit.
    lab.session.setNetwork(makeSpec(2, {6}, ActivationId::Tanh, 1, ActivationId::Sigmoid));
    lab.feed();
    qInfo("after a network change the session's snapshot %s a landscape",
          lab.session.snapshot()->landscape ? "still has" : "has no");
    QVERIFY(!lab.panel.slice());
    QVERIFY(lab.panel.pathPoints().empty());
    lab.compute(1.0);
    QVERIFY(lab.panel.slice());
    QCOMPARE(lab.panel.pathPoints().size(), std::size_t{1});
  }

  void autoRefreshRequestsWhileTraining() {
    Lab lab;
    int requests = 0;
    QObject::connect(&lab.panel, &LandscapePanel::landscapeRequested,
                     [&requests](const LandscapeRequest&) { ++requests; });
    lab.panel.setAutoRefresh(true, 2);
    QTest::qWait(600);
    QCOMPARE(requests, 0);  // paused: nothing to refresh
    lab.session.play();
    QTRY_VERIFY_WITH_TIMEOUT((lab.panel.setSnapshot(lab.session.snapshot()), requests >= 1), 3000);
    QTest::qWait(1000);
    lab.panel.setSnapshot(lab.session.snapshot());
    QCOMPARE(requests, 1);  // at most every 2 s
    lab.session.pause();
    lab.feed();
  }

  void screenshots() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save the lab's screenshots");
    RegressionDescentPanel p;
    p.resize(1150, 700);
    p.show();
    QVERIFY(QTest::qWaitForWindowExposed(&p));
    p.setStep(60);
    QVERIFY(p.grab().save(QDir(dir).filePath(QStringLiteral("lab_batch_sizes.png"))));

    Lab lab;
    lab.panel.resize(620, 780);
    lab.panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab.panel));
    lab.train(60);
    lab.compute(1.0);
    lab.train(60);
    QVERIFY(lab.panel.grab().save(QDir(dir).filePath(QStringLiteral("lab_landscape.png"))));
  }
};

QTEST_MAIN(DescentDataTest)
#include "descent_data_test.moc"
