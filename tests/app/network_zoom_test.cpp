// The network view's zoom (issue 16): at 100 % (the Fit button) ten hidden
// layers of 32 neurons fit the view without a scroll bar, with compact
// headers whose buttons open the full header; the zoom slider scales the
// neurons and the view scrolls; Fit brings the whole network back. With
// NNPLAY_SCREENSHOT_DIR set, it also saves network_fit_10x32.png.
#include <QAbstractSlider>
#include <QComboBox>
#include <QDir>
#include <QFrame>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

#include "main_window.hpp"
#include "network_view.hpp"
#include "playground_model.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

class NetworkZoomTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;

  template <typename T>
  T* find(const QString& name) {
    return test::findWidget<T>(*window_, name);
  }
  void settle() {
    test::settle(*model_, 1);
    QCoreApplication::processEvents();  // the layout the new snapshot asked for
  }
  NetworkView* view() { return window_->networkView(); }
  QScrollArea* area() {
    for (auto* a : window_->findChildren<QScrollArea*>()) {
      if (a->widget() == view()) return a;
    }
    qFatal("the network view is not in a scroll area");
  }
  bool scrolls() {
    QScrollArea* a = area();
    return a->horizontalScrollBar()->isVisible() || a->verticalScrollBar()->isVisible();
  }

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    QVERIFY(test::openWindow(model_, window_, QSize(1500, 900)));  // the window's first size
    QVERIFY(window_->openProjectFile(QStringLiteral(NNPLAY_TEST_DATA_DIR) +
                                     "/spiral_10x32.nnplay.json"));
    settle();
    QCOMPARE(model_->document().network.layers.size(), std::size_t{11});
  }

  void cleanup() {
    window_.reset();
    model_.reset();
  }

  void tenLayersOf32FitWithoutScrollBars() {
    QCOMPARE(view()->zoom(), 1.0);
    QCOMPARE(find<QSlider>("zoomSlider")->value(), 100);
    QVERIFY(view()->compactHeaders());
    QVERIFY2(!scrolls(), "the fitted network needs a scroll bar");
    QVERIFY(view()->width() <= area()->viewport()->width());
    QVERIFY(view()->height() <= area()->viewport()->height());
    QVERIFY(view()->fitsWidth());
    // Training does not change that.
    model_->play();
    QTest::qWait(300);
    model_->pause();
    settle();
    QVERIFY(!scrolls());
    if (const QByteArray dir = qgetenv("NNPLAY_SCREENSHOT_DIR"); !dir.isEmpty()) {
      QVERIFY(view()->grab().save(QDir(dir).filePath("network_fit_10x32.png")));
    }
  }

  void compactHeaderOpensTheFullHeader() {
    QVERIFY(view()->compactHeaders());
    auto* button = find<QToolButton>("layerButton_0");
    QVERIFY(button->isVisible());
    QVERIFY(button->text().startsWith("32"));
    // The full header's controls exist but are hidden until the popup opens.
    auto* activation = find<QComboBox>("activationCombo_0");
    QVERIFY(!activation->isVisible());
    button->click();
    auto* popup = find<QFrame>("layerHeaderPopup");
    QTRY_VERIFY(popup->isVisible());
    QVERIFY(activation->isVisible());
    // An edit from the popup reaches the document.
    auto* add = find<QToolButton>("addNeuronButton_0");
    add->click();
    settle();
    QCOMPARE(model_->document().network.layers[0].units, 33);
    QVERIFY(popup->isVisible());  // open for the next click
    add->click();
    settle();
    QCOMPARE(model_->document().network.layers[0].units, 34);
    popup->hide();
    settle();
    QVERIFY(!activation->isVisible());
    QVERIFY(find<QToolButton>("layerButton_0")->text().startsWith("34"));
    QVERIFY(!scrolls());
  }

  void sliderZoomsAndFitComesBack() {
    auto* slider = find<QSlider>("zoomSlider");
    slider->setValue(250);
    settle();
    QCOMPARE(view()->zoom(), 2.5);
    QVERIFY(!view()->compactHeaders());  // full headers: the view is as wide as they need
    QVERIFY(find<QComboBox>("activationCombo_3")->isVisible());
    QVERIFY2(scrolls(), "a zoomed-in 10 x 32 network should scroll");
    // Scrolled to the middle, the links are drawn there too.
    area()->horizontalScrollBar()->setValue(area()->horizontalScrollBar()->maximum() / 2);
    settle();
    if (const QByteArray dir = qgetenv("NNPLAY_SCREENSHOT_DIR"); !dir.isEmpty()) {
      QVERIFY(area()->grab().save(QDir(dir).filePath("network_zoom_250.png")));
    }
    find<QToolButton>("zoomFitButton")->click();
    settle();
    QCOMPARE(view()->zoom(), 1.0);
    QCOMPARE(slider->value(), 100);
    QVERIFY(!scrolls());
    QVERIFY(view()->compactHeaders());
  }

  void smallNetworksKeepTheirFullHeaders() {
    model_->newDocument();
    settle();
    QVERIFY(!view()->compactHeaders());
    QVERIFY(find<QComboBox>("activationCombo_0")->isVisible());
    QVERIFY(!scrolls());
  }
};

QTEST_MAIN(NetworkZoomTest)
#include "network_zoom_test.moc"
