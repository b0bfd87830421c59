// The code view in the real window: the document as Keras and PyTorch code,
// updated by each edit before the next frame (the checks run without
// spinning the event loop), the line of a hovered control lit, Copy, and
// File → Export → Python script with its errors. With NNPLAY_SCREENSHOT_DIR
// set, it also saves code_view_keras.png and code_view_pytorch.png.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "code_dock.hpp"
#include "code_view.hpp"
#include "main_window.hpp"
#include "network_view.hpp"
#include "playground_model.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

class CodeViewTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;

  template <typename T>
  T* find(const QString& name) {
    return test::findWidget<T>(*window_, name);
  }
  void settle() { test::settle(*model_, 1); }
  CodeView* code() { return window_->codeDock()->view(); }
  // What the engine generates for the document as it is now.
  QString expected(CodeFramework f) {
    return QString::fromStdString(generateCode(input(), f).text());
  }
  CodeInput input() {
    const auto s = model_->snapshot();
    return liveCodeInput(model_->document(), model_->shape(),
                         s->transform ? s->transform->outputNames : std::vector<std::string>{},
                         QStringLiteral("untitled"));
  }
  // The shown text of the first line produced by `control` (of `layer`).
  QString lineOf(const char* control, int layer = -1) {
    const int i = code()->code().lineOf(control, layer);
    if (i < 0) return {};
    return QString::fromStdString(code()->code().lines[static_cast<std::size_t>(i)].text);
  }
  static int count(const QString& text, const QString& pattern) {
    return static_cast<int>(text.count(QRegularExpression(pattern)));
  }
  void choose(QComboBox* combo, const QString& text) { test::choose(combo, text); }
  void setLearningRate(const QString& text) {
    auto* rate = find<QComboBox>("learningRateCombo");
    rate->lineEdit()->setText(text);
    emit rate->lineEdit()->editingFinished();
  }
  static void enter(QWidget* w) {
    QEvent e(QEvent::Enter);
    QApplication::sendEvent(w, &e);
  }
  static void leave(QWidget* w) {
    QEvent e(QEvent::Leave);
    QApplication::sendEvent(w, &e);
  }

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    QVERIFY(test::openWindow(model_, window_, QSize(1600, 950)));
    settle();
    window_->codeDock()->showCode();
    QVERIFY(window_->codeDock()->dock()->isVisible());
  }

  void cleanup() {
    window_.reset();
    model_.reset();
  }

  void learningRateEditShowsAtOnce() {
    QCOMPARE(code()->framework(), CodeFramework::Keras);
    QCOMPARE(code()->text(), expected(CodeFramework::Keras));
    QVERIFY2(lineOf("learning_rate").contains("learning_rate=0.01"),
             qPrintable(lineOf("learning_rate")));
    QVERIFY(code()->text().contains("learning_rate=0.01"));
    setLearningRate("0.03");  // no event loop from here on
    QCOMPARE(model_->document().training.optimizer.learningRate, 0.03f);
    QVERIFY2(lineOf("learning_rate").contains("learning_rate=0.03"),
             qPrintable(lineOf("learning_rate")));
    QVERIFY(code()->text().contains("learning_rate=0.03"));
    QVERIFY(!code()->text().contains("learning_rate=0.01"));
    QCOMPARE(code()->text(), expected(CodeFramework::Keras));
    // Undo is an edit too.
    model_->undoStack()->undo();
    QVERIFY(code()->text().contains("learning_rate=0.01"));
  }

  void activationEditShowsAtOnce() {
    QVERIFY2(lineOf("activation", 0).contains("tanh"), qPrintable(lineOf("activation", 0)));
    const int relusBefore = count(code()->text(), "\"relu\"");
    choose(find<QComboBox>("activationCombo_0"), "ReLU");
    QCOMPARE(model_->document().network.layers[0].activation, ActivationId::Relu);
    QVERIFY2(lineOf("activation", 0).contains("activation=\"relu\""),
             qPrintable(lineOf("activation", 0)));
    QCOMPARE(count(code()->text(), "\"relu\""), relusBefore + 1);
    QCOMPARE(code()->text(), expected(CodeFramework::Keras));
    // The same edit in PyTorch: one more nn.ReLU().
    QTest::mouseClick(find<QToolButton>("codePyTorchButton"), Qt::LeftButton);
    const int torchRelus = count(code()->text(), "nn\\.ReLU\\(\\)");
    QVERIFY2(torchRelus >= 1, qPrintable(code()->text()));
    choose(find<QComboBox>("activationCombo_1"), "ReLU");
    QCOMPARE(count(code()->text(), "nn\\.ReLU\\(\\)"), torchRelus + 1);
    QCOMPARE(code()->text(), expected(CodeFramework::PyTorch));
  }

  void layerCountShowsAtOnce() {
    const int dense = count(code()->text(), "Dense\\(");
    QCOMPARE(dense, static_cast<int>(model_->document().network.layers.size()));
    QTest::mouseClick(find<QToolButton>("addLayerButton"), Qt::LeftButton);
    QCOMPARE(model_->document().network.layers.size(), std::size_t{4});
    QCOMPARE(count(code()->text(), "Dense\\("), dense + 1);
    QCOMPARE(code()->text(), expected(CodeFramework::Keras));
    QTest::mouseClick(find<QToolButton>("codePyTorchButton"), Qt::LeftButton);
    QCOMPARE(count(code()->text(), "nn\\.Linear\\("), dense + 1);
    QTest::mouseClick(find<QToolButton>("removeLayerButton"), Qt::LeftButton);
    QTest::mouseClick(find<QToolButton>("removeLayerButton"), Qt::LeftButton);
    QCOMPARE(count(code()->text(), "nn\\.Linear\\("), dense - 1);
  }

  void pytorchSwitch() {
    QVERIFY(!code()->text().contains("nn.Sequential"));
    QTest::mouseClick(find<QToolButton>("codePyTorchButton"), Qt::LeftButton);
    QCOMPARE(code()->framework(), CodeFramework::PyTorch);
    QVERIFY(code()->text().contains("nn.Sequential"));
    QCOMPARE(code()->text(), expected(CodeFramework::PyTorch));
    QVERIFY(find<QToolButton>("codePyTorchButton")->isChecked());
    QVERIFY(!find<QToolButton>("codeKerasButton")->isChecked());
    QTest::mouseClick(find<QToolButton>("codeKerasButton"), Qt::LeftButton);
    QCOMPARE(code()->text(), expected(CodeFramework::Keras));
  }

  void buttonAndMenuOpenTheDock() {
    auto* button = find<QToolButton>("codeButton");
    QAction* action = window_->codeDock()->action();
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));
    QVERIFY(button->isChecked());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!window_->codeDock()->dock()->isVisible());
    QVERIFY(!button->isChecked());
    QCOMPARE(button->text(), QString("</> Code"));  // not the menu's text
    action->trigger();
    QVERIFY(window_->codeDock()->dock()->isVisible());
    QVERIFY(button->isChecked());
    QCOMPARE(button->text(), QString("</> Code"));
  }

  void closedDockGeneratesNothingUntilOpened() {
    window_->codeDock()->dock()->hide();
    const QString before = code()->text();
    setLearningRate("0.3");
    QCOMPARE(code()->text(), before);  // nothing generated while closed
    window_->codeDock()->action()->trigger();
    QVERIFY(window_->codeDock()->dock()->isVisible());
    QVERIFY(code()->text().contains("learning_rate=0.3"));
  }

  void hoveringAControlLightsItsLine() {
    auto* rate = find<QComboBox>("learningRateCombo");
    QCOMPARE(code()->highlightedLineCount(), 0);
    enter(rate);
    QCOMPARE(code()->highlightedControl(), QString("learning_rate"));
    QVERIFY(code()->highlightedLineCount() >= 1);
    const QList<QTextEdit::ExtraSelection> lit = code()->editor()->extraSelections();
    QCOMPARE(lit.size(), code()->highlightedLineCount());
    QVERIFY(lit.front().format.property(QTextFormat::FullWidthSelection).toBool());
    QVERIFY2(code()->highlightedLines().join('\n').contains("learning_rate=0.01"),
             qPrintable(code()->highlightedLines().join('\n')));
    // The combo's own line edit is part of it: entering and leaving it keeps the light.
    enter(rate->lineEdit());
    leave(rate->lineEdit());
    QCOMPARE(code()->highlightedControl(), QString("learning_rate"));
    // A new value while hovered: the new line is lit.
    setLearningRate("0.003");
    QVERIFY(code()->highlightedLines().join('\n').contains("learning_rate=0.003"));
    leave(rate);
    QCOMPARE(code()->highlightedLineCount(), 0);
    QVERIFY(code()->editor()->extraSelections().isEmpty());
    QVERIFY(code()->highlightedControl().isEmpty());

    // Per-layer controls light their layer's lines only.
    auto* activation = find<QComboBox>("activationCombo_1");
    enter(activation);
    QCOMPARE(code()->highlightedControl(), QString("activation"));
    QCOMPARE(code()->highlightedLayer(), 1);
    QVERIFY(code()->highlightedLineCount() >= 1);
    for (std::size_t i = 0; i < code()->code().lines.size(); ++i) {
      const CodeLine& l = code()->code().lines[i];
      if (l.control == "activation") QVERIFY(l.layer >= 0);
    }
    leave(activation);
    QCOMPARE(code()->highlightedLineCount(), 0);

    // Other controls: the data panel's split, the batch size, a feature tile.
    for (const char* name : {"ratioSlider", "batchSpin", "scalingCombo", "optimizerCombo"}) {
      auto* w = find<QWidget>(name);
      enter(w);
      QVERIFY2(
          code()->highlightedLineCount() >= 1,
          qPrintable(QString("%1 (%2) lights no line").arg(name, code()->highlightedControl())));
      leave(w);
      QCOMPARE(code()->highlightedLineCount(), 0);
    }
    QCOMPARE(find<QWidget>("ratioSlider")->property("codeControl").toString(),
             QString("validation"));

    // A closed dock lights nothing.
    window_->codeDock()->dock()->hide();
    enter(rate);
    QCOMPARE(code()->highlightedLineCount(), 0);
    leave(rate);
  }

  void copyPutsTheScriptOnTheClipboard() {
    QApplication::clipboard()->clear();
    QTest::mouseClick(find<QToolButton>("codeCopyButton"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), code()->text());
    QVERIFY(window_->statusBar()->currentMessage().contains("Copied"));
    QTest::mouseClick(find<QToolButton>("codePyTorchButton"), Qt::LeftButton);
    QTest::mouseClick(find<QToolButton>("codeCopyButton"), Qt::LeftButton);
    QVERIFY(QApplication::clipboard()->text().contains("nn.Sequential"));
  }

  void exportScripts() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A folder that does not exist: an error naming the path, no file.
    const QString missing = dir.filePath("missing/train.py");
    QVERIFY(!window_->exportScriptFile(missing, CodeFramework::Keras));
    QVERIFY2(window_->lastError().contains("missing"), qPrintable(window_->lastError()));
    QVERIFY(!QFileInfo::exists(dir.filePath("missing")));
    QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());

    // Untrained: the script and its data, no weights; it says so.
    const QString script = dir.filePath("train.py");
    QVERIFY(window_->exportScriptFile(script, CodeFramework::Keras));
    QVERIFY(QFileInfo::exists(script));
    QVERIFY(QFileInfo::exists(dir.filePath("train_data.csv")));
    QVERIFY(!QFileInfo::exists(dir.filePath("train.npz")));
    const QString said = window_->statusBar()->currentMessage();
    QVERIFY2(said.contains("trains from scratch"), qPrintable(said));
    QVERIFY2(said.contains("train.py"), qPrintable(said));
    QFile f(script);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains("keras"));
    QVERIFY(text.contains("learning_rate=0.01"));

    // Trained: the weights come along.
    model_->stepEpoch();
    settle();
    QVERIFY(model_->snapshot()->samplesSeen > 0);
    const QString torch = dir.filePath("torch_train.py");
    QVERIFY(window_->exportScriptFile(torch, CodeFramework::PyTorch));
    QVERIFY(QFileInfo::exists(torch));
    QVERIFY(QFileInfo::exists(dir.filePath("torch_train.npz")));
    QVERIFY2(window_->statusBar()->currentMessage().contains("torch_train.npz"),
             qPrintable(window_->statusBar()->currentMessage()));
  }

  void screenshots() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save the code view as PNGs");
    // A screen of 1920 × 1080, trained a little.
    window_->resize(1920, 1080);
    window_->codeDock()->dock()->hide();  // opened again at the width this window gives it
    window_->codeDock()->showCode();
    model_->stepEpoch();
    settle();
    QTest::qWait(100);
    auto* rate = find<QComboBox>("learningRateCombo");
    enter(rate);
    QVERIFY(code()->highlightedLineCount() >= 1);
    QTest::qWait(50);
    QVERIFY(window_->grab().save(QDir(dir).filePath("code_view_keras.png")));
    QTest::mouseClick(find<QToolButton>("codePyTorchButton"), Qt::LeftButton);
    QVERIFY(code()->highlightedLineCount() >= 1);
    // From nn.Sequential down to the lit optimizer line.
    const QStringList lines = code()->text().split('\n');
    for (int i = 0; i < lines.size(); ++i) {
      if (lines[i].startsWith("def build_model")) {
        code()->editor()->verticalScrollBar()->setValue(i - 1);
        break;
      }
    }
    QTest::qWait(50);
    QVERIFY(window_->grab().save(QDir(dir).filePath("code_view_pytorch.png")));
    leave(rate);
  }
};

QTEST_MAIN(CodeViewTest)
#include "code_view_test.moc"
