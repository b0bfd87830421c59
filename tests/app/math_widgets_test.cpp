// The math views on their own, offscreen: the matrix playground (the course's
// product, the shape rule, the matrix lens, element-wise operations and an
// activation) and the activation explorer (f and f', range, the histogram of
// a layer's pre-activations). NNPLAY_SCREENSHOT_DIR=dir saves both as PNGs.
#include <QDir>
#include <QLabel>
#include <QTableWidget>
#include <QTest>
#include <cmath>
#include <limits>
#include <numeric>

#include "activation_explorer.hpp"
#include "matrix_playground_dialog.hpp"

using namespace nnplay;
using namespace nnplay::gui;

namespace {

// The point of a curve at z = 0, which the explorer samples exactly.
QPointF atZero(const std::vector<QPointF>& points) {
  for (const QPointF& p : points) {
    if (p.x() == 0.0) return p;
  }
  return {std::nan(""), std::nan("")};
}

LayerPreActivations reluLayer() {
  LayerPreActivations l;
  l.label = QStringLiteral("Hidden layer 2 (ReLU, 8 units)");
  l.activation = ActivationId::Relu;
  l.units = 8;
  l.deadShare = 3.0 / 8.0;
  // Two bumps, one left of zero (the dead units), and a few values far out.
  for (int i = 0; i < 400; ++i) {
    const double t = (i % 20) / 20.0 - 0.5;
    l.values.push_back(static_cast<float>(i < 150 ? -2.5 + 2.0 * t : 1.2 + 3.0 * t));
  }
  l.values.insert(l.values.end(), {-9.0f, 6.5f, 12.0f});
  return l;
}

}  // namespace

class MathWidgetsTest : public QObject {
  Q_OBJECT

 private slots:
  void courseExampleProduct() {
    MatrixPlaygroundDialog d;
    QCOMPARE(d.resultText(), QStringLiteral("[[180, 204, 228], [500, 588, 676]]"));
    QVERIFY(d.errorText().isEmpty());
    QCOMPARE(d.shapeText(), QStringLiteral("A is 2×4, B is 4×3 → A·B is 2×3"));
    auto* grid = d.findChild<QTableWidget*>(QStringLiteral("resultGrid"));
    QVERIFY(grid);
    QCOMPARE(grid->rowCount(), 2);
    QCOMPARE(grid->columnCount(), 3);
    QCOMPARE(grid->item(1, 2)->text(), QStringLiteral("676"));
  }

  void mismatchedShapesAreRefused() {
    MatrixPlaygroundDialog d;
    d.setMatrices(QStringLiteral("[[1,2],[3,4]]"), QStringLiteral("[[1,2],[3,4],[5,6]]"));
    QVERIFY(d.resultText().isEmpty());
    QVERIFY2(d.errorText().contains(QStringLiteral("2×2")), qPrintable(d.errorText()));
    QVERIFY2(d.errorText().contains(QStringLiteral("3×2")), qPrintable(d.errorText()));
    auto* error = d.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QCOMPARE(error->text(), d.errorText());
    QVERIFY(!error->isHidden());
    QCOMPARE(d.findChild<QTableWidget*>(QStringLiteral("resultGrid"))->rowCount(), 0);
    QVERIFY(d.lensText(0, 0).isEmpty());
    QVERIFY(d.shapeText().contains(QStringLiteral("A is 2×2, B is 3×2")));
    // Fixing B brings the result back and clears the error.
    d.setMatrices(QStringLiteral("[[1,2],[3,4]]"), QStringLiteral("[[1,0],[0,1]]"));
    QCOMPARE(d.resultText(), QStringLiteral("[[1, 2], [3, 4]]"));
    QVERIFY(d.errorText().isEmpty());
  }

  void malformedMatrixNamesIt() {
    MatrixPlaygroundDialog d;
    d.setMatrices(QStringLiteral("[[1,2],[3]]"), QStringLiteral("[[1],[2]]"));
    QVERIFY(d.resultText().isEmpty());
    QVERIFY2(d.errorText().startsWith(QStringLiteral("A")), qPrintable(d.errorText()));
    QVERIFY2(d.errorText().contains(QStringLiteral("row 2")), qPrintable(d.errorText()));
    d.setMatrices(QStringLiteral("[[1,2]]"), QStringLiteral("[[1],[x]]"));
    QVERIFY2(d.errorText().contains(QStringLiteral("'x' is not a number")),
             qPrintable(d.errorText()));
  }

  void lensWritesTheDotProductOut() {
    MatrixPlaygroundDialog d;
    QCOMPARE(d.lensText(0, 0), QStringLiteral("0·1 + 2·7 + 4·13 + 6·19 = 180"));
    QCOMPARE(d.lensText(1, 2), QStringLiteral("8·5 + 10·11 + 12·17 + 14·23 = 676"));
    QVERIFY(d.lensText(2, 0).isEmpty());

    d.hoverCell(1, 2);
    auto* lens = d.findChild<QLabel*>(QStringLiteral("lensLabel"));
    QVERIFY2(lens->text().contains(d.lensText(1, 2)), qPrintable(lens->text()));
    auto* grid = d.findChild<QTableWidget*>(QStringLiteral("resultGrid"));
    QCOMPARE(grid->item(1, 2)->toolTip(), d.lensText(1, 2));
    // Row 2 of A and column 3 of B are highlighted, nothing else.
    auto* a = d.findChild<QTableWidget*>(QStringLiteral("matrixAGrid"));
    auto* b = d.findChild<QTableWidget*>(QStringLiteral("matrixBGrid"));
    for (int k = 0; k < 4; ++k) {
      QCOMPARE(a->item(1, k)->background().style(), Qt::SolidPattern);
      QCOMPARE(a->item(0, k)->background().style(), Qt::NoBrush);
      QCOMPARE(b->item(k, 2)->background().style(), Qt::SolidPattern);
      QCOMPARE(b->item(k, 0)->background().style(), Qt::NoBrush);
    }
    QCOMPARE(grid->item(1, 2)->background().style(), Qt::SolidPattern);
    QCOMPARE(grid->item(0, 0)->background().style(), Qt::NoBrush);
  }

  void elementwiseOperations() {
    MatrixPlaygroundDialog d;
    d.setMatrices(QStringLiteral("[[1,2],[3,4]]"), QStringLiteral("[[10,20],[30,40]]"));
    d.setOperation(MatrixPlaygroundDialog::Add);
    QCOMPARE(d.resultText(), QStringLiteral("[[11, 22], [33, 44]]"));
    QCOMPARE(d.lensText(1, 0), QStringLiteral("3 + 30 = 33"));
    QCOMPARE(d.shapeText(), QStringLiteral("A is 2×2, B is 2×2 → A + B is 2×2"));
    d.setOperation(MatrixPlaygroundDialog::Subtract);
    QCOMPARE(d.resultText(), QStringLiteral("[[-9, -18], [-27, -36]]"));
    d.setOperation(MatrixPlaygroundDialog::ElementwiseProduct);
    QCOMPARE(d.resultText(), QStringLiteral("[[10, 40], [90, 160]]"));
    // Element-wise needs equal shapes, even where the product would fit.
    d.setMatrices(QStringLiteral("[[1,2],[3,4]]"), QStringLiteral("[[1],[2]]"));
    QVERIFY(d.resultText().isEmpty());
    QVERIFY2(d.errorText().contains(QStringLiteral("equal shapes")), qPrintable(d.errorText()));
  }

  void activationOnTheResult() {
    MatrixPlaygroundDialog d;
    d.setMatrices(QStringLiteral("[[1,-2],[3,-4]]"), QStringLiteral("[[1,0],[0,1]]"));
    QCOMPARE(d.resultText(), QStringLiteral("[[1, -2], [3, -4]]"));
    d.setActivation(ActivationId::Relu);
    QCOMPARE(d.resultText(), QStringLiteral("[[1, 0], [3, 0]]"));
    QCOMPARE(d.lensText(0, 1), QStringLiteral("1·0 + -2·1 = -2  →  f(-2) = 0"));
    d.setActivation(ActivationId::Sigmoid);
    QCOMPARE(d.resultText().left(7), QStringLiteral("[[0.731"));
    d.setActivation(std::nullopt);
    QCOMPARE(d.resultText(), QStringLiteral("[[1, -2], [3, -4]]"));
  }

  void explorerCurves() {
    ActivationExplorer e;
    e.setActivation(ActivationId::Sigmoid);
    const std::vector<QPointF> f = e.functionPoints();
    const std::vector<QPointF> df = e.derivativePoints();
    QCOMPARE(f.size(), std::size_t{201});
    QCOMPARE(df.size(), f.size());
    QCOMPARE(f.front().x(), -5.0);
    QCOMPARE(f.back().x(), 5.0);
    QCOMPARE(atZero(f).y(), 0.5);
    QVERIFY(std::abs(atZero(df).y() - 0.25) < 1e-6);
    QCOMPARE(e.rangeText(), QStringLiteral("range (0, 1)"));

    e.setActivation(ActivationId::Relu);
    QCOMPARE(e.rangeText(), QStringLiteral("range [0, ∞)"));
    QCOMPARE(f.size(), e.functionPoints().size());
    QCOMPARE(e.functionPoints().back().y(), 5.0);
    QCOMPARE(e.derivativePoints().front().y(), 0.0);
    e.setActivation(ActivationId::Linear);
    QCOMPARE(e.rangeText(), QStringLiteral("range (−∞, ∞)"));
    e.setActivation(ActivationId::Tanh);
    QCOMPARE(e.rangeText(), QStringLiteral("range (−1, 1)"));

    e.setActivation(ActivationId::Softmax);
    QCOMPARE(atZero(e.functionPoints()).y(), 0.5);  // softmax([0, 0]) = [0.5, 0.5]
    QVERIFY(std::abs(atZero(e.derivativePoints()).y() - 0.25) < 1e-6);
    QVERIFY(e.noteText().contains(QStringLiteral("softmax([z, 0])")));

    e.setActivation(ActivationId::BinaryStep);
    QVERIFY(e.noteText().contains(QStringLiteral("straight-through estimator")));
    QCOMPARE(atZero(e.derivativePoints()).y(), 1.0);
    QVERIFY(e.summaryText().isEmpty());  // no layers
  }

  void explorerHistogram() {
    ActivationExplorer e;
    LayerPreActivations l;
    l.label = QStringLiteral("Hidden layer 1 (Tanh, 4 units)");
    l.activation = ActivationId::Tanh;
    l.units = 4;
    const float inf = std::numeric_limits<float>::infinity();
    l.values = {-10.0f, -5.0f, -4.9f, 0.0f, 0.1f, 4.99f, 5.0f, 7.0f, inf};
    e.setLayers({l});
    QCOMPARE(e.activation(), ActivationId::Tanh);
    QCOMPARE(e.histogramBinCount(), 40);
    const std::vector<int> counts = e.histogramCounts();
    QCOMPARE(counts.size(), std::size_t{40});
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0), 9);
    QCOMPARE(counts.front(), 3);  // -10 (clipped), -5, -4.9
    QCOMPARE(counts.back(), 4);   // 4.99, 5, 7 and inf (clipped)
    QCOMPARE(counts[20], 2);      // 0 and 0.1
    QCOMPARE(e.clippedCount(), 3);
    QVERIFY2(e.noteText().contains(QStringLiteral("3 values outside")), qPrintable(e.noteText()));
    QCOMPARE(e.summaryText(),
             QStringLiteral("Hidden layer 1: 0 of 4 units dead (0 %), 0 saturated"));
  }

  void explorerLayers() {
    ActivationExplorer e;
    LayerPreActivations tanh;
    tanh.label = QStringLiteral("Hidden layer 1 (Tanh, 4 units)");
    tanh.activation = ActivationId::Tanh;
    tanh.units = 4;
    tanh.saturatedShare = 0.5;
    tanh.values = {0.0f, 1.0f};
    e.setLayers({tanh, reluLayer()});
    QCOMPARE(e.layer(), 0);
    e.setLayer(1);
    QCOMPARE(e.activation(), ActivationId::Relu);
    QCOMPARE(e.summaryText(),
             QStringLiteral("Hidden layer 2: 3 of 8 units dead (38 %), 0 saturated"));
    QVERIFY(e.summaryText().contains(QStringLiteral("dead")));
    QCOMPARE(e.clippedCount(), 3);

    // Another activation over the same histogram; a refresh keeps both choices.
    e.setActivation(ActivationId::Elu);
    const std::vector<int> counts = e.histogramCounts();
    e.setLayers({tanh, reluLayer()});
    QCOMPARE(e.layer(), 1);
    QCOMPARE(e.activation(), ActivationId::Elu);
    QCOMPARE(e.histogramCounts(), counts);

    // The chosen layer gone: the first one, with its activation.
    e.setLayers({tanh});
    QCOMPARE(e.layer(), 0);
    QCOMPARE(e.activation(), ActivationId::Tanh);
    QCOMPARE(e.summaryText(),
             QStringLiteral("Hidden layer 1: 0 of 4 units dead (0 %), 2 saturated (50 %)"));
    e.setLayers({});
    QCOMPARE(e.layer(), -1);
    QVERIFY(e.summaryText().isEmpty());
    const std::vector<int> none = e.histogramCounts();
    QCOMPARE(std::accumulate(none.begin(), none.end(), 0), 0);
  }

  void screenshots() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save the views as PNGs");
    MatrixPlaygroundDialog d;
    d.setActivation(ActivationId::Relu);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    d.hoverCell(0, 1);
    QVERIFY(d.grab().save(QDir(dir).filePath(QStringLiteral("mpd.png"))));
    d.setMatrices(QStringLiteral("[[1,2],[3,4]]"), QStringLiteral("[[1,2],[3,4],[5,6]]"));
    QVERIFY(d.grab().save(QDir(dir).filePath(QStringLiteral("mpd_error.png"))));
    ActivationExplorer e;
    e.resize(520, 420);
    e.setLayers({reluLayer()});
    e.show();
    QVERIFY(QTest::qWaitForWindowExposed(&e));
    QVERIFY(e.grab().save(QDir(dir).filePath(QStringLiteral("ae.png"))));
    ActivationExplorer bare;
    bare.resize(520, 420);
    bare.setActivation(ActivationId::Softmax);
    bare.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bare));
    QVERIFY(bare.grab().save(QDir(dir).filePath(QStringLiteral("ae_softmax.png"))));
  }
};

QTEST_MAIN(MathWidgetsTest)
#include "math_widgets_test.moc"
