// Presentation mode in the real window on a 1920×1080 screen (issue 15,
// acceptance 4): F5 makes it full screen with no text under 18 px — every
// visible widget's font, the fonts the painted views derive from it, the
// charts' own fonts and the math view's document — in the playground and in
// each view a lesson opens; Esc restores every font, the geometry and the
// window state exactly; Ctrl+= / Ctrl+− change the scale and it is
// remembered; PageDown / PageUp ask for the next / previous step; the
// caption, hidden controls and high contrast. With NNPLAY_SCREENSHOT_DIR set,
// it also saves presentation_default.png.
#include <QAbstractAxis>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QHash>
#include <QLabel>
#include <QLegend>
#include <QPointer>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
#include <QTextEdit>
#include <memory>

#include "code_dock.hpp"
#include "descent_lab.hpp"
#include "loss_charts.hpp"
#include "main_window.hpp"
#include "math_docks.hpp"
#include "matrix_playground_dialog.hpp"
#include "playground_model.hpp"
#include "plot_axes.hpp"
#include "presentation_mode.hpp"
#include "presentation_scale.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

namespace {

constexpr double kMinPixels = 18.0 - 1e-6;

// "QLabel 'bannerText' in OutputPanel" for a failure message.
QString describe(const QObject* o) {
  QString s = QString::fromLatin1(o->metaObject()->className());
  if (!o->objectName().isEmpty()) s += " '" + o->objectName() + "'";
  for (const QObject* p = o->parent(); p; p = p->parent()) {
    if (!p->objectName().isEmpty()) return s + " in '" + p->objectName() + "'";
  }
  return s;
}

// Every piece of text a visible widget under `root` shows or paints, with
// its size in pixels.
struct TextSize {
  QString what;
  double pixels;
};

void addFont(std::vector<TextSize>& out, const QString& what, const QFont& f, double dpi) {
  out.push_back({what, fontPixels(f, dpi)});
}

std::vector<TextSize> textSizes(QWidget* root) {
  std::vector<TextSize> out;
  QList<QWidget*> widgets = root->findChildren<QWidget*>();
  widgets.prepend(root);
  for (QWidget* w : widgets) {
    if (!w->isVisible()) continue;
    const double dpi = w->logicalDpiY();
    const QString name = describe(w);
    addFont(out, name, w->font(), dpi);
    // What the painted views draw their labels with.
    addFont(out, name + " (plotFont)", plotFont(w->font()), dpi);
    if (auto* view = qobject_cast<QChartView*>(w)) {
      QChart* c = view->chart();
      if (!c->title().isEmpty()) addFont(out, name + " chart title", c->titleFont(), dpi);
      if (c->legend()->isVisible()) addFont(out, name + " legend", c->legend()->font(), dpi);
      for (QAbstractAxis* a : c->axes()) {
        if (a->labelsVisible()) addFont(out, name + " axis labels", a->labelsFont(), dpi);
        if (!a->titleText().isEmpty()) addFont(out, name + " axis title", a->titleFont(), dpi);
      }
    }
    if (auto* edit = qobject_cast<QTextEdit*>(w)) {
      // Rich text (the math view): each fragment's font on the document's.
      const QTextDocument* doc = edit->document();
      for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
          const QTextCharFormat f = it.fragment().charFormat();
          const QString what = name + " text '" + it.fragment().text().left(20) + "'";
          if (f.intProperty(QTextFormat::FontSizeAdjustment) < 0) {
            out.push_back({what + " (smaller)", 0.0});
          } else {
            addFont(out, what, f.font().resolve(doc->defaultFont()), dpi);
          }
        }
      }
    }
  }
  return out;
}

// The fonts of every widget and chart under `root`, to compare after Esc.
QHash<QObject*, QFont> allFonts(QWidget* root) {
  QHash<QObject*, QFont> fonts;
  QList<QWidget*> widgets = root->findChildren<QWidget*>();
  widgets.prepend(root);
  for (QWidget* w : widgets) {
    fonts.insert(w, w->font());
    if (auto* view = qobject_cast<QChartView*>(w)) {
      QChart* c = view->chart();
      fonts.insert(c, c->titleFont());
      fonts.insert(c->legend(), c->legend()->font());
      for (QAbstractAxis* a : c->axes()) fonts.insert(a, a->labelsFont());
    }
  }
  return fonts;
}

}  // namespace

class PresentationModeTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;

  void settle() { test::settle(*model_, 1); }
  PresentationMode* presentation() { return window_->presentation(); }
  // F5 on the window, as a person presses it.
  void pressF5() { QTest::keyClick(window_.get(), Qt::Key_F5); }
  void checkReadable(const QString& where) {
    QApplication::processEvents();
    QStringList small;
    for (const TextSize& t : textSizes(window_.get())) {
      if (t.pixels < kMinPixels) small << QString("%1: %2 px").arg(t.what).arg(t.pixels, 0, 'f', 1);
    }
    QVERIFY2(small.isEmpty(), qPrintable(where + ": text under 18 px:\n" + small.join('\n')));
  }

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    QSettings().remove("presentation");
    QSettings().remove("window");
    QVERIFY(test::openWindow(model_, window_, QSize(1500, 900)));
    settle();
  }

  void cleanup() {
    window_.reset();
    model_.reset();
    QCOMPARE(presentationScale(), 1.0);  // a window closed while presenting leaves no trace
  }

  void screenIs1920x1080() {
    const QRect screen = window_->screen()->geometry();
    QCOMPARE(screen.size(), QSize(1920, 1080));
  }

  void f5EntersFullScreenWithNoTextUnder18Pixels() {
    QVERIFY(!presentation()->isPresenting());
    pressF5();
    QVERIFY(presentation()->isPresenting());
    QVERIFY(window_->isFullScreen());
    QTRY_COMPARE(window_->size(), QSize(1920, 1080));
    QVERIFY(presentation()->action()->isChecked());
    QCOMPARE(presentation()->fontScale(), PresentationMode::kDefaultScale);
    QVERIFY(presentationScale() >= PresentationMode::kDefaultScale - 1e-9);
    settle();
    checkReadable("playground");
  }

  void viewsOpenedWhilePresentingAreReadable() {
    pressF5();
    QVERIFY(presentation()->isPresenting());
    // A banner that appears while presenting.
    window_->showError(QStringLiteral("A message for the class"));
    checkReadable("banner");
    // The views a lesson opens, each docked beside the playground.
    window_->mathDocks()->showMath();
    model_->stepEpoch();
    settle();
    QTest::qWait(300);  // the math view renders at most 4 times a second
    settle();
    checkReadable("math view");
    window_->mathDocks()->explorerDock()->show();
    checkReadable("activation explorer");
    window_->codeDock()->showCode();
    checkReadable("code view");
    for (int tab = 0; tab < 3; ++tab) {
      window_->descentLab()->show(tab);
      settle();
      checkReadable(QString("gradient-descent lab, tab %1").arg(tab));
    }
    MatrixPlaygroundDialog* matrices = window_->mathDocks()->matrixPlayground();
    matrices->show();
    QVERIFY(QTest::qWaitForWindowExposed(matrices));
    QApplication::processEvents();
    QStringList small;
    for (const TextSize& t : textSizes(matrices)) {
      if (t.pixels < kMinPixels) small << QString("%1: %2 px").arg(t.what).arg(t.pixels);
    }
    QVERIFY2(small.isEmpty(), qPrintable("matrix playground:\n" + small.join('\n')));
  }

  // A view at the bottom while presenting gets about half the window: the
  // loss charts step aside for it and come back when it closes or
  // presentation ends.
  void bottomViewTakesTheChartsRoomWhilePresenting() {
    LossCharts* charts = window_->charts();
    QDockWidget* lab = window_->descentLab()->dock();
    window_->descentLab()->show(0);
    QApplication::processEvents();
    QVERIFY(charts->isVisible());  // not presenting: nothing changes
    QVERIFY(!window_->chartsMadeRoom());
    pressF5();
    QTRY_COMPARE(window_->size(), QSize(1920, 1080));
    QVERIFY(window_->chartsMadeRoom());
    QVERIFY(!charts->isVisible());
    window_->resizeDocks({lab}, {window_->height() / 2}, Qt::Vertical);
    QTRY_VERIFY(lab->height() >= window_->height() / 2 - 40);
    lab->close();
    QVERIFY(!window_->chartsMadeRoom());
    QVERIFY(charts->isVisible());
    window_->mathDocks()->showMath();
    QVERIFY(window_->chartsMadeRoom());
    pressF5();
    QVERIFY(!presentation()->isPresenting());
    QVERIFY(!window_->chartsMadeRoom());
    QVERIFY(charts->isVisible());
  }

  void escRestoresFontsGeometryAndState() {
    window_->mathDocks()->showMath();
    QApplication::processEvents();
    const QFont appFont = QApplication::font();
    const QRect geometry = window_->geometry();
    const Qt::WindowStates state = window_->windowState();
    const QHash<QObject*, QFont> before = allFonts(window_.get());
    pressF5();
    QVERIFY(window_->isFullScreen());
    QVERIFY(QApplication::font() != appFont);
    QTest::keyClick(window_.get(), Qt::Key_Escape);
    QVERIFY(!presentation()->isPresenting());
    QVERIFY(!presentation()->action()->isChecked());
    QCOMPARE(presentationScale(), 1.0);
    QCOMPARE(minimumFontPixels(), 0.0);
    QCOMPARE(QApplication::font(), appFont);
    QTRY_COMPARE(window_->geometry(), geometry);
    QCOMPARE(window_->windowState(), state);
    const QHash<QObject*, QFont> after = allFonts(window_.get());
    QCOMPARE(after.size(), before.size());
    for (auto it = before.begin(); it != before.end(); ++it) {
      QVERIFY2(after.contains(it.key()), qPrintable(describe(it.key())));
      QVERIFY2(after.value(it.key()) == it.value(),
               qPrintable(describe(it.key()) + ": " + it.value().toString() + " became " +
                          after.value(it.key()).toString()));
    }
    // F5 also leaves.
    pressF5();
    QVERIFY(presentation()->isPresenting());
    pressF5();
    QVERIFY(!presentation()->isPresenting());
    QCOMPARE(QApplication::font(), appFont);
  }

  void ctrlEqualGrowsTheTextAndIsRemembered() {
    const int layers = static_cast<int>(model_->document().network.layers.size());
    pressF5();
    const double before = fontPixels(QApplication::font(), window_->logicalDpiY());
    QTest::keyClick(window_.get(), Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(presentation()->fontScale(), 1.8);
    const double grown = fontPixels(QApplication::font(), window_->logicalDpiY());
    QVERIFY2(grown > before * 1.1, qPrintable(QString("%1 -> %2 px").arg(before).arg(grown)));
    QCOMPARE(QSettings().value("presentation/fontScale").toDouble(), 1.8);
    checkReadable("after Ctrl+=");
    // Ctrl+− shrinks the text while presenting instead of removing a layer.
    QTest::keyClick(window_.get(), Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(presentation()->fontScale(), 1.6);
    QCOMPARE(static_cast<int>(model_->document().network.layers.size()), layers);
    QTest::keyClick(window_.get(), Qt::Key_Equal, Qt::ControlModifier);
    QTest::keyClick(window_.get(), Qt::Key_Escape);
    // Clamped at both ends.
    for (int i = 0; i < 20; ++i) presentation()->larger();
    QCOMPARE(presentation()->fontScale(), PresentationMode::kMaxScale);
    for (int i = 0; i < 20; ++i) presentation()->smaller();
    QCOMPARE(presentation()->fontScale(), PresentationMode::kMinScale);
    // Even at ×1.0 nothing is under 18 px.
    pressF5();
    checkReadable("at scale 1.0");
    QTest::keyClick(window_.get(), Qt::Key_Escape);
    presentation()->setFontScale(1.8);
    // A new window starts presenting at the remembered scale; outside
    // presentation mode Ctrl+− removes a layer as before.
    window_.reset();
    window_ = std::make_unique<MainWindow>(*model_);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QCOMPARE(presentation()->fontScale(), 1.8);
    QTest::keyClick(window_.get(), Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(static_cast<int>(model_->document().network.layers.size()), layers - 1);
  }

  void pageKeysAskForSteps() {
    QSignalSpy next(presentation(), &PresentationMode::nextStepRequested);
    QSignalSpy previous(presentation(), &PresentationMode::previousStepRequested);
    QTest::keyClick(window_.get(), Qt::Key_PageDown);
    QCOMPARE(next.count(), 0);  // only while presenting
    pressF5();
    QTest::keyClick(window_.get(), Qt::Key_PageDown);
    QTest::keyClick(window_.get(), Qt::Key_PageDown);
    QTest::keyClick(window_.get(), Qt::Key_PageUp);
    QCOMPARE(next.count(), 2);
    QCOMPARE(previous.count(), 1);
    // Also with the focus in a control that would use the key itself.
    auto* spin = window_->findChild<QSpinBox*>();
    QVERIFY(spin);
    spin->setFocus();
    const int value = spin->value();
    QTest::keyClick(spin, Qt::Key_PageDown);
    QCOMPARE(next.count(), 3);
    QCOMPARE(spin->value(), value);
  }

  void captionShowsWhilePresenting() {
    presentation()->setCaption(
        QStringLiteral("<b>Step 1.</b> One neuron draws one straight line."));
    QLabel* caption = presentation()->captionLabel();
    QVERIFY(!caption->isVisible());
    pressF5();
    QTRY_VERIFY(caption->isVisible());
    QApplication::processEvents();  // the application font reaches widgets through events
    const double captionPx = fontPixels(caption->font(), caption->logicalDpiY());
    const double textPx = fontPixels(QApplication::font(), caption->logicalDpiY());
    QVERIFY2(captionPx > textPx, qPrintable(QString("%1 <= %2 px").arg(captionPx).arg(textPx)));
    checkReadable("caption");
    presentation()->setCaption({});
    QVERIFY(!caption->isVisible());
    presentation()->setCaption(QStringLiteral("Again"));
    QVERIFY(caption->isVisible());
    QTest::keyClick(window_.get(), Qt::Key_Escape);
    QVERIFY(!caption->isVisible());
    QCOMPARE(presentation()->caption(), QStringLiteral("Again"));
  }

  void hiddenControlsComeBack() {
    auto* rate = test::findWidget<QComboBox>(*window_, "learningRateCombo");
    auto* play = test::findWidget<QWidget>(*window_, "playButton");
    window_->setHiddenControls({"learningRateCombo", "playButton"});
    QVERIFY(rate->isHidden());
    QVERIFY(play->isHidden());
    QCOMPARE(window_->hiddenControls(), QStringList({"learningRateCombo", "playButton"}));
    window_->setHiddenControls({"playButton"});
    QVERIFY(!rate->isHidden());
    QVERIFY(play->isHidden());
    window_->setHiddenControls({});
    QVERIFY(!play->isHidden());
    QVERIFY(window_->hiddenControls().isEmpty());
  }

  void highContrastIsRemembered() {
    const QPalette original = QApplication::palette();
    presentation()->highContrastAction()->trigger();
    QVERIFY(presentation()->highContrast());
    QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
    QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
    QCOMPARE(QSettings().value("presentation/highContrast").toBool(), true);
    window_.reset();
    QCOMPARE(QApplication::palette(), original);  // the window's end restores it
    window_ = std::make_unique<MainWindow>(*model_);
    QVERIFY(presentation()->highContrast());
    QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
    presentation()->setHighContrast(false);
    QCOMPARE(QApplication::palette(), original);
    QCOMPARE(QSettings().value("presentation/highContrast").toBool(), false);
  }

  void screenshot() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save presentation_default.png");
    pressF5();
    QTRY_COMPARE(window_->size(), QSize(1920, 1080));
    model_->play();
    QTest::qWait(1500);
    model_->pause();
    settle();
    QTest::qWait(200);
    settle();
    QVERIFY(window_->grab().save(QDir(dir).filePath("presentation_default.png")));
  }
};

// A 1920×1080 screen: the offscreen platform reads its screens from a file
// (Qt ≥ 6.4), unless the caller chose another platform.
int main(int argc, char** argv) {
  const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
  if (platform.isEmpty() || platform == "offscreen") {
    qputenv("QT_QPA_PLATFORM",
            "offscreen:configfile=" NNPLAY_TEST_DATA_DIR "/screen_1920x1080.json");
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName("nnplay-test");
  QApplication::setApplicationName("presentation_mode_test");
  PresentationModeTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "presentation_mode_test.moc"
