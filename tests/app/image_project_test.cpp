// Opening an image project (issue 16): the window stays live while the IDX
// data is read once, on a worker thread, with the progress in the status
// bar and the controls waiting; then the document, its shape and the session
// are the project's. Skipped without Debian's dataset-fashion-mnist.
#include <QFileInfo>
#include <QMainWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

#include "main_window.hpp"
#include "network_view.hpp"
#include "nnplay/idx_reader.hpp"
#include "playground_model.hpp"

using namespace nnplay;
using namespace nnplay::gui;

class ImageProjectTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void opensWithTheWindowLiveAndReadsOnce() {
    if (!QFileInfo::exists(QString(kFashionMnistDir)))
      QSKIP("dataset-fashion-mnist is not installed");
    PlaygroundModel model;
    MainWindow window(model);
    window.setConfirmClose(false);
    window.resize(1500, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QSignalSpy loading(&model, &PlaygroundModel::loadingChanged);
    // A timer that fires while the data is read shows the event loop ran:
    // the window painted and the status bar said how far it was.
    int ticksWhileLoading = 0;
    bool controlsWaited = true;
    QString shown;
    QTimer tick;
    tick.setInterval(20);
    connect(&tick, &QTimer::timeout, &window, [&] {
      if (!model.loading()) return;
      ++ticksWhileLoading;
      controlsWaited = controlsWaited && !window.centralWidget()->isEnabled();
      shown = window.statusBar()->currentMessage();
    });
    tick.start();
    QVERIFY(window.openProjectFile(QStringLiteral(NNPLAY_TEST_DATA_DIR) +
                                   "/fashion_mnist_64_32.nnplay.json"));
    tick.stop();

    QVERIFY2(ticksWhileLoading > 0, "the event loop did not run while the data was read");
    QVERIFY(controlsWaited);
    QVERIFY2(shown.startsWith("Reading"), qPrintable(shown));
    QVERIFY(loading.count() >= 2);
    QVERIFY(loading.last().at(0).toString().isEmpty());  // done
    QVERIFY(!model.loading());
    QVERIFY(window.centralWidget()->isEnabled());
    QVERIFY(model.lastReadMs() > 0);

    // The project as saved, on the data that was read.
    QVERIFY(model.shape().images);
    QCOMPARE(model.shape().inputs, 784);
    QCOMPARE(model.document().network.layers.size(), std::size_t{3});
    model.session().sync();
    model.poll();
    const auto s = model.snapshot();
    QVERIFY(s->ready);
    QVERIFY2(s->message.empty() || !s->error, s->message.c_str());
    QCOMPARE(s->network.inputs, 784);
    QVERIFY(s->trainRows > 0);

    // It trains.
    model.stepBatch();
    model.session().sync();
    model.poll();
    QVERIFY(model.snapshot()->step >= 1);
  }
};

QTEST_MAIN(ImageProjectTest)
#include "image_project_test.moc"
