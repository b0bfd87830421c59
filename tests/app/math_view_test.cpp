// The math view in the real window (issue 11): a double-clicked point is
// followed with the engine's numbers, "step with this sample" changes exactly
// the weights the trace predicted, a batch step marks its samples, the lens
// writes a product cell out, the linear collapse is shown. With
// NNPLAY_SCREENSHOT_DIR set, it also saves the screenshots of the issue.
#include <QDockWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>

#include <QFileInfo>
#include <QToolButton>

#include "activation_explorer.hpp"
#include "data_panel.hpp"
#include "decision_boundary_view.hpp"
#include "image_grid_view.hpp"
#include "main_window.hpp"
#include "math_docks.hpp"
#include "math_view.hpp"
#include "matrix_playground_dialog.hpp"
#include "network_view.hpp"
#include "nnplay/idx_reader.hpp"
#include "output_panel.hpp"
#include "playground_model.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

class MathViewTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;

  void settle() {
    test::settle(*model_, 1);
    QTest::qWait(300);  // past the view's 4-a-second limit
    model_->poll();
  }
  MathView* math() { return window_->mathDocks()->mathView(); }
  // The XOR data with a 2-2-1 tanh network and a sigmoid output (the course's picture).
  void useXor(ActivationId hidden = ActivationId::Tanh, OptimizerId opt = OptimizerId::Sgd) {
    Document d = model_->document();
    d.data.generator = "xor";
    d.network = makeSpec(2, {2}, hidden, 1, ActivationId::Sigmoid);
    d.training.optimizer.id = opt;
    d.training.optimizer.learningRate = 0.1f;
    model_->setDocument(d, "xor");
    settle();
  }
  int matrixIndex(const QString& name) {
    for (int i = 0;; ++i) {
      const MathMatrix* m = matrixAt(math()->document(), i);
      if (!m) return -1;
      if (m->name == name) return i;
    }
  }
  void shot(const QString& name, QWidget* w) {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QVERIFY(w->grab().save(dir + "/" + name));
  }
  // Double-clicks training sample `row` in the output view.
  void doubleClickSample(int row) {
    DecisionBoundaryView* b = window_->outputPanel()->boundaryView();
    const PointSet& ps = *model_->snapshot()->points;
    const QPointF at = b->toWidget(QPointF(ps.train(row, 0), ps.train(row, 1)));
    const std::optional<SampleRef> hit = b->sampleAt(at);
    QVERIFY(hit.has_value());
    QCOMPARE(hit->row, row);
    QTest::mouseDClick(b, Qt::LeftButton, {}, at.toPoint());
    settle();
  }

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    QVERIFY(test::openWindow(model_, window_, QSize(1500, 1000)));
    settle();
  }

  void cleanup() {
    window_.reset();
    model_.reset();
  }

  void aDoubleClickedPointShowsTheEnginesNumbers() {
    useXor();
    doubleClickSample(3);
    QVERIFY(window_->mathDocks()->mathDock()->isVisible());
    const auto s = model_->snapshot();
    QVERIFY(s->trace);
    QCOMPARE(s->followed->row, 3);
    QVERIFY(math()->shownTrace());
    // z¹ as shown equals x · W¹ + b¹ from the live weights.
    const int z = matrixIndex("z¹");
    QVERIFY(z >= 0);
    const MathMatrix* zm = matrixAt(math()->document(), z);
    const RowMatrix& x = s->trace->x;
    for (int j = 0; j < 2; ++j) {
      double expected = *s->value("dense_0/bias", j);
      for (int i = 0; i < 2; ++i) expected += x(0, i) * *s->value("dense_0/kernel", i * 2 + j);
      QVERIFY(std::abs(zm->values(0, j) - expected) < 1e-5);
    }
    QCOMPARE(zm->values, s->trace->layers[0].z);
    QVERIFY(math()->html().contains(QString::number(zm->values(0, 0), 'g', 4).replace('-', "−")));
    // The lens writes the cell out and ends with its value.
    math()->hoverCell(z, 0, 1);
    QVERIFY2(math()->lensText().startsWith("z¹[0, 1] = "), qPrintable(math()->lensText()));
    QVERIFY(math()->lensText().contains("·"));
    shot("math_forward_xor.png", window_.get());
    const QString md = math()->copyText("markdown");
    QVERIFY(md.contains("# Forward pass") && md.contains("| ---: |"));
    QVERIFY(math()->copyText("csv").contains("\"z¹ (1×2)\""));
    math()->setNotation(Notation::Columns);
    QVERIFY(math()->html().contains("W¹ᵀ (2×2)"));
    QVERIFY(math()->html().contains("z¹ᵀ (2×1)"));
  }

  void stepWithThisSampleChangesExactlyThePredictedWeights() {
    useXor(ActivationId::Tanh, OptimizerId::Adam);
    model_->stepBatch();  // some Adam state
    settle();
    window_->mathDocks()->follow({SampleRef::Set::Train, 7});
    settle();
    const auto before = model_->snapshot();
    QVERIFY(before->trace);
    const Trace predicted = *before->trace;
    window_->findChild<QPushButton*>("mathStepSample")->click();
    settle();
    const auto after = model_->snapshot();
    QCOMPARE(after->step, before->step + 1);
    int changed = 0;
    for (const ArrayTrace& a : predicted.arrays) {
      for (std::size_t i = 0; i < a.update.size(); ++i) {
        QCOMPARE(*after->value(a.name, static_cast<int>(i)), a.update[i]);
        changed += a.update[i] != a.value[i];
      }
    }
    QVERIFY(changed > 0);
    QVERIFY(math()->showingStep());
    QVERIFY(math()->html().contains("The update this step made"));
    math()->showSection(3);
    shot("math_adam_update.png", window_->mathDocks()->mathView());
  }

  void aBatchStepMarksExactlyItsSamples() {
    useXor();
    window_->mathDocks()->follow({SampleRef::Set::Train, 0});
    settle();
    window_->findChild<QPushButton*>("mathStepBatch")->click();
    settle();
    const auto s = model_->snapshot();
    QVERIFY(s->lastStep);
    const int batch = s->training.batchSize;
    QCOMPARE(static_cast<int>(s->lastStep->rows.size()), batch);
    std::vector<SampleRef> marked = window_->outputPanel()->boundaryView()->highlighted();
    QCOMPARE(static_cast<int>(marked.size()), batch + 1);  // the batch, then the followed sample
    for (int i = 0; i < batch; ++i) {
      QCOMPARE(marked[static_cast<std::size_t>(i)].row,
               static_cast<int>(s->lastStep->rows[static_cast<std::size_t>(i)]));
    }
    QCOMPARE(math()->shownTrace()->rows, batch);
    QCOMPARE(matrixAt(math()->document(), 0)->values.rows(), batch);  // X is B×n
    shot("math_batch_step.png", window_.get());
    model_->play();
    settle();
    model_->pause();
    settle();
    QVERIFY(window_->outputPanel()->boundaryView()->highlighted().size() == 1);
  }

  void theBackwardPassAndLinearCollapseAreShown() {
    useXor(ActivationId::Linear);
    Document d = model_->document();
    d.network = makeSpec(2, {3, 2}, ActivationId::Linear, 1, ActivationId::Sigmoid);
    model_->setDocument(d, "linear");
    settle();
    window_->mathDocks()->follow({SampleRef::Set::Train, 2});
    settle();
    const QString html = math()->html();
    QVERIFY(html.contains("Backward pass"));
    QVERIFY(html.contains("Linear collapse"));
    const int w = matrixIndex("x · W + b");
    QVERIFY(w >= 0);
    const RowMatrix collapsed = matrixAt(math()->document(), w)->values;
    const RowMatrix& z = math()->shownTrace()->layers.back().z;
    QVERIFY((collapsed - z).cwiseAbs().maxCoeff() < 1e-5);
    auto* browser = window_->findChild<QTextBrowser*>("mathBrowser");
    browser->verticalScrollBar()->setValue(browser->verticalScrollBar()->maximum());
    shot("math_linear_collapse.png", window_.get());
    math()->showSection(2);
    const int delta = matrixIndex("δ²");
    QVERIFY(delta >= 0);
    math()->hoverCell(delta, 0, 0);
    QVERIFY(math()->lensText().contains("×"));
    shot("math_backward.png", window_->mathDocks()->mathView());
  }

  void theActivationExplorerShowsTheLayersPreActivations() {
    Document d = model_->document();
    d.network = makeSpec(2, {8, 8}, ActivationId::Relu, 1, ActivationId::Sigmoid);
    model_->setDocument(d, "relu");
    settle();
    window_->mathDocks()->explorerDock()->show();
    settle();
    ActivationExplorer* e = window_->mathDocks()->explorer();
    QCOMPARE(e->layer(), 0);
    int total = 0;
    for (int c : e->histogramCounts()) total += c;
    QCOMPARE(total, 8 * model_->snapshot()->units->rows);
    QVERIFY(e->summaryText().startsWith("Hidden layer 1"));
    shot("activation_explorer.png", window_->mathDocks()->explorerDock());
    MatrixPlaygroundDialog* m = window_->mathDocks()->matrixPlayground();
    m->show();
    QCOMPARE(m->resultText(), QString("[[180, 204, 228], [500, 588, 676]]"));
    m->hoverCell(0, 0);
    QCOMPARE(m->lensText(0, 0), QString("0·1 + 2·7 + 4·13 + 6·19 = 180"));
    shot("matrix_lens.png", m);
  }

  void anImageIsShownAsAPictureWithTheLargestContributions() {
    if (!QFileInfo::exists(QString(kFashionMnistDir))) {
      QSKIP("dataset-fashion-mnist is not installed");
    }
    QTest::mouseClick(window_->findChild<QToolButton*>("tile_fashion_mnist"), Qt::LeftButton);
    settle();
    QVERIFY(model_->snapshot()->testSample);
    auto* grid = window_->findChild<ImageGridView*>("imageGridView");
    for (QWidget* w = grid->parentWidget(); w; w = w->parentWidget()) {
      if (auto* tabs = qobject_cast<QTabWidget*>(w)) tabs->setCurrentWidget(grid);
    }
    QTest::qWait(100);
    QVERIFY(grid->isVisible());
    int hit = -1;
    QPoint at;
    for (int y = 0; y < grid->height() && hit < 0; y += 4) {
      for (int x = 0; x < grid->width() && hit < 0; x += 4) {
        if (grid->imageAt(QPointF(x, y)) == 2) hit = 2, at = QPoint(x, y);
      }
    }
    QCOMPARE(hit, 2);
    QTest::mouseDClick(grid, Qt::LeftButton, {}, at);
    settle();
    const auto s = model_->snapshot();
    QVERIFY(s->followed && s->followed->set == SampleRef::Set::Test && s->followed->row == 2);
    QVERIFY(s->trace);
    QCOMPARE(s->trace->x.cols(), 784);
    const MathDocument& d = math()->document();
    QVERIFY(!d.inputImage.isNull());
    QVERIFY(matrixAt(d, 0)->summarized);  // x: the picture instead of 784 numbers
    const int w = matrixIndex("W¹");
    QVERIFY(matrixAt(d, w)->summarized);  // 784×h kernel: its range only
    math()->hoverCell(matrixIndex("z¹"), 0, 0);
    QVERIFY2(math()->lensText().contains("largest of 784 terms"), qPrintable(math()->lensText()));
    QVERIFY2(math()->html().size() < 400000, "readable, not a wall");
    shot("math_fashion_mnist.png", window_->mathDocks()->mathView());
  }
};

QTEST_MAIN(MathViewTest)
#include "math_view_test.moc"
