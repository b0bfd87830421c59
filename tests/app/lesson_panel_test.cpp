// Lessons in the real window (issue 15, acceptance 3): open a shipped
// lesson, move with PageDown on the panel, the step's controls shown and the
// others hidden, train until the goal's ✓, Reset step gives bit-identical
// starting weights (and undo brings the trained ones back), a prediction
// question reveals its answer after the run, Save as lesson step writes a
// file that loads back with the same setup, a broken lesson file goes to the
// banner, presentation mode's PageDown moves the lesson, a step that hides
// every control of the data column gives its width to the network view. On
// a 1920×1080 offscreen screen; with NNPLAY_SCREENSHOT_DIR set it also saves
// a perceptron step (lesson_perceptron.png) and five steps in presentation
// mode (presentation_<name>.png: perceptron, math view, descent lab,
// overfitting, Fashion-MNIST).
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>
#include <algorithm>
#include <cstring>
#include <memory>

#include "lesson_browser.hpp"
#include "lesson_dock.hpp"
#include "lesson_panel.hpp"
#include "lesson_progress.hpp"
#include "lesson_question_box.hpp"
#include "lesson_task_box.hpp"
#include "main_window.hpp"
#include "math_docks.hpp"
#include "network_view.hpp"
#include "nnplay/lesson.hpp"
#include "playground_model.hpp"
#include "presentation_mode.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

namespace {

const QString kLessons = QStringLiteral(NNPLAY_SOURCE_DIR "/resources/lessons/");

}  // namespace

class LessonPanelTest : public QObject {
  Q_OBJECT

  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;

  LessonDock* lessons() { return window_->lessons(); }
  LessonPanel* panel() { return lessons()->panel(); }
  void settle() { test::settle(*model_, 1); }
  bool shown(const QString& name) { return test::findWidget<QWidget>(*window_, name)->isVisible(); }
  std::vector<float> weights() { return model_->currentProject().parameters; }
  // Epochs one at a time (the lesson's speed limit would make play slow)
  // until the task's goal is met or `limit` epochs have passed.
  void trainUntilMet(int limit) {
    for (int i = 0; i < limit && panel()->taskBox()->state() == GoalState::Pending; ++i) {
      model_->stepEpoch();
      settle();
    }
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove("lessons");
  }

  void init() {
    QVERIFY(test::openWindow(model_, window_, QSize(1600, 1000)));
    settle();
  }

  void cleanup() {
    window_.reset();
    model_.reset();
  }

  void stepsShowTheirControlsAndMoveWithPageDown() {
    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json"));
    QVERIFY(lessons()->dock()->isVisible());
    QCOMPARE(panel()->stepIndex(), 0);
    // "weights", "step", "reset": the step buttons stay, the rest is hidden.
    QVERIFY(shown("stepEpochButton"));
    QVERIFY(shown("resetButton"));
    for (const char* hidden : {"playButton", "learningRateComboBox", "featurePanel", "datasetTiles",
                               "noiseSlider", "noiseSliderLabel", "activationCombo_0"}) {
      QVERIFY2(!shown(hidden), hidden);
    }
    QCOMPARE(model_->document().network.layers.size(), std::size_t{1});
    QCOMPARE(model_->document().data.generator, std::string("and"));

    QTest::keyClick(panel(), Qt::Key_PageDown);
    QCOMPARE(panel()->stepIndex(), 1);
    QTest::keyClick(panel(), Qt::Key_Right);
    QCOMPARE(panel()->stepIndex(), 2);
    QTest::keyClick(panel(), Qt::Key_PageUp);
    QCOMPARE(panel()->stepIndex(), 1);
    QCOMPARE(test::findWidget<QLabel>(*panel(), "lessonStepTitle")->text(),
             QString::fromStdString(panel()->step()->title));

    // Step 4 leaves play, learning rate and speed: they show, the others stay hidden.
    panel()->goTo(3);
    QVERIFY(shown("playButton"));
    QVERIFY(shown("learningRateComboBox"));
    QVERIFY(shown("speedCombo"));
    QVERIFY(!shown("optimizerComboBox"));
    QVERIFY(!shown("datasetTiles"));

    // Leaving shows everything again; the document stays.
    const Document doc = model_->document();
    test::findWidget<QPushButton>(*panel(), "lessonCloseButton")->click();
    QVERIFY(window_->hiddenControls().isEmpty());
    QVERIFY(shown("optimizerComboBox"));
    QVERIFY(shown("datasetTiles"));
    QVERIFY(!lessons()->dock()->isVisible());
    QVERIFY(model_->document() == doc);
  }

  // Help → Lessons…: every shipped lesson under its chapter with its steps
  // and progress; the start page greets once per installation; a
  // double-click opens the lesson.
  void browserListsTheCourseAndOpensALesson() {
    QSettings().remove("lessons");
    lessons()->showStartPageOnce();
    LessonBrowser* browser = lessons()->browser();
    QVERIFY(browser->isVisible());
    QVERIFY(test::findWidget<QLabel>(*browser, "lessonWelcome")->isVisible());
    browser->close();
    lessons()->showStartPageOnce();  // once only
    QVERIFY(!browser->isVisible());

    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json"));
    QTest::keyClick(panel(), Qt::Key_PageDown);  // step 1 is done: an explanation
    QTest::keyClick(panel(), Qt::Key_PageDown);
    test::findWidget<QPushButton>(*panel(), "lessonCloseButton")->click();

    window_->findChild<QAction*>("lessonsAction")->trigger();
    QVERIFY(browser->isVisible());
    QVERIFY(!test::findWidget<QLabel>(*browser, "lessonWelcome")->isVisible());
    const int files = static_cast<int>(QDir(kLessons).entryList({"*.json"}).size());
    QCOMPARE(static_cast<int>(browser->entries().size()), files);
    QTreeWidget* tree = browser->tree();
    int listed = 0;
    QTreeWidgetItem* perceptron = nullptr;
    for (int c = 0; c < tree->topLevelItemCount(); ++c) {
      QTreeWidgetItem* chapter = tree->topLevelItem(c);
      QVERIFY2(chapter->childCount() > 0, qPrintable(chapter->text(0)));  // no load errors
      for (int i = 0; i < chapter->childCount(); ++i, ++listed) {
        QTreeWidgetItem* item = chapter->child(i);
        QVERIFY(item->text(3).toInt() > 0);  // steps
        if (item->text(0).startsWith("The perceptron")) perceptron = item;
      }
    }
    QCOMPARE(listed, files);
    QVERIFY(tree->topLevelItemCount() >= 3);  // grouped in chapters
    QVERIFY(perceptron);
    const int done = static_cast<int>(LessonProgress::done("perceptron").size());
    QVERIFY(done >= 1);  // the first step has no task: seeing it does it
    QCOMPARE(perceptron->text(4), QString("%1 of 6").arg(done));
    emit tree->itemDoubleClicked(perceptron, 0);
    QVERIFY(!browser->isVisible());
    QVERIFY(lessons()->dock()->isVisible());
    QCOMPARE(QString::fromStdString(panel()->lesson()->id), QString("perceptron"));
  }

  void goalIsCheckedLiveAndLightsUpNext() {
    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json", 1));
    LessonTaskBox* task = panel()->taskBox();
    QVERIFY(task->isVisible());
    QCOMPARE(task->state(), GoalState::Pending);
    QVERIFY(!panel()->nextButton()->property("goalMet").toBool());
    model_->stepEpoch();  // the student's Step: one epoch
    QTRY_COMPARE_WITH_TIMEOUT(task->state(), GoalState::Met, 10000);
    QVERIFY2(task->statusText().startsWith(QStringLiteral("✓")), qPrintable(task->statusText()));
    QVERIFY(panel()->nextButton()->property("goalMet").toBool());
    // Training to the goal with the play button, as a class would.
    panel()->goTo(3);
    QCOMPARE(task->state(), GoalState::Pending);
    model_->setSpeedLimit(0);
    model_->play();
    QTRY_COMPARE_WITH_TIMEOUT(task->state(), GoalState::Met, 30000);
    model_->pause();
  }

  void resetStepGivesTheSameStartingWeights() {
    QVERIFY(lessons()->openLessonFile(kLessons + "04_hidden_layers.json", 1));
    settle();
    const std::vector<float> start = weights();
    QVERIFY(!start.empty());
    for (int i = 0; i < 5; ++i) model_->stepEpoch();
    settle();
    const std::vector<float> trained = weights();
    QVERIFY(trained != start);
    test::findWidget<QPushButton>(*panel(), "lessonResetButton")->click();
    settle();
    QCOMPARE(model_->snapshot()->epoch, 0L);
    const std::vector<float> again = weights();
    QCOMPARE(again.size(), start.size());
    QVERIFY(std::memcmp(again.data(), start.data(), start.size() * sizeof(float)) == 0);
    // The reset is one undo step: undo brings the trained weights back.
    model_->undoStack()->undo();
    settle();
    QVERIFY(weights() == trained);
    // And moving on keeps the student's edits undoable too.
    model_->addLayer();
    settle();
    const auto layers = model_->document().network.layers.size();
    panel()->next();
    model_->undoStack()->undo();  // the step
    settle();
    QCOMPARE(model_->document().network.layers.size(), layers);
  }

  void questionRevealsItsAnswerAfterTheRun() {
    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json", 2));
    const LessonStep& step = *panel()->step();
    QVERIFY(step.question && step.solution);
    LessonQuestionBox* q = panel()->questionBox();
    QVERIFY(q->isVisible());
    auto* reveal = test::findWidget<QPushButton>(*q, "lessonRevealButton");
    QVERIFY(!reveal->isEnabled());  // not before the run
    const int wrong = (step.question->answer + 1) % static_cast<int>(step.question->choices.size());
    test::findWidget<QRadioButton>(*q, QStringLiteral("lessonChoice_%1").arg(wrong))->click();
    QCOMPARE(q->chosen(), wrong);
    QVERIFY(!q->revealed());
    // The teacher's one click, then the run: the goal is met, the answer shows.
    test::findWidget<QPushButton>(*panel(), "lessonSolutionButton")->click();
    trainUntilMet(50);
    QCOMPARE(panel()->taskBox()->state(), GoalState::Met);
    QVERIFY(q->revealed());
    QVERIFY(q->answerText().contains(QString::fromStdString(step.question->reason)));
    auto* mine = test::findWidget<QRadioButton>(*q, QStringLiteral("lessonChoice_%1").arg(wrong));
    QVERIFY(mine->text().startsWith(QStringLiteral("✗")));
    auto* right = test::findWidget<QRadioButton>(
        *q, QStringLiteral("lessonChoice_%1").arg(step.question->answer));
    QVERIFY(right->text().startsWith(QStringLiteral("✓")));

    // Another question: Reveal after training, without the goal.
    QVERIFY(lessons()->openLessonFile(kLessons + "04_hidden_layers.json", 0));
    q = panel()->questionBox();
    QVERIFY(!q->revealed());
    model_->stepEpoch();
    settle();
    QVERIFY(reveal->isEnabled());
    reveal->click();
    QVERIFY(q->revealed());
  }

  void saveAsLessonStepLoadsBackWithTheSameSetup() {
    QTemporaryDir dir;
    const QString path = dir.filePath("my lesson.json");
    QVERIFY(lessons()->openLessonFile(kLessons + "04_hidden_layers.json", 3));
    model_->addLayer();
    settle();
    window_->mathDocks()->showMath();
    QVERIFY(lessons()->saveLessonStep(path, "My step"));
    QVERIFY(lessons()->saveLessonStep(path, "My second step"));
    const Lesson saved = loadLesson(path.toStdString());
    QCOMPARE(saved.id, std::string("my-lesson"));
    QCOMPARE(saved.steps.size(), std::size_t{2});
    const LessonStep& s = saved.steps[0];
    QCOMPARE(s.title, std::string("My step"));
    const Document& doc = model_->document();
    QVERIFY(s.setup.data == doc.data);
    QVERIFY(s.setup.network == doc.network);
    QVERIFY(s.setup.training == doc.training);
    QVERIFY(s.controls == panel()->step()->controls);
    QVERIFY(std::find(s.views.begin(), s.views.end(), LessonView::Math) != s.views.end());
    // Opened in the window, it applies that document.
    model_->newDocument();
    settle();
    QVERIFY(lessons()->openLessonFile(path));
    QVERIFY(model_->document().network == s.setup.network);
    QVERIFY(model_->document().data == s.setup.data);
  }

  void brokenLessonGoesToTheBanner() {
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": "nnplay-lesson", "version": 1, "id": "x", "title": "X", "chapter": "C",
               "concepts": ["c01"], "minutes": 5, "steps": [{"title": "S", "text": "t",
               "setup": {}, "controls": ["learnin_rate"]}]})");
    f.close();
    QVERIFY(!lessons()->openLessonFile(path));
    QVERIFY2(window_->bannerMessage().contains("broken.json"),
             qPrintable(window_->bannerMessage()));
    QVERIFY(!panel()->hasLesson());
  }

  void presentationPageDownMovesTheLesson() {
    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json"));
    PresentationMode* p = window_->presentation();
    emit p->nextStepRequested();
    QCOMPARE(panel()->stepIndex(), 1);
    emit p->previousStepRequested();
    QCOMPARE(panel()->stepIndex(), 0);
    QVERIFY(p->caption().contains(QString::fromStdString(panel()->step()->title)));
    p->enter();
    QTest::keyClick(window_.get(), Qt::Key_PageDown);
    QCOMPARE(panel()->stepIndex(), 1);
    p->leave();
  }

  void lessonThatHidesTheDataColumnGivesItsWidthToTheNetwork() {
    window_->resize(1920, 1080);
    settle();
    QVERIFY(window_->sideColumnShown());
    // A step that shows a control of the column (step 4 of lesson 4: the
    // features) keeps it.
    QVERIFY(lessons()->openLessonFile(kLessons + "04_hidden_layers.json", 3));
    settle();
    QVERIFY(window_->sideColumnShown());
    QVERIFY(shown("featurePanel"));
    const int before = window_->networkView()->width();
    // Step 4 of the perceptron shows no control of the data column.
    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json", 3));
    settle();
    QVERIFY(!window_->sideColumnShown());
    QTRY_VERIFY(window_->networkView()->width() > before);
    QVERIFY(lessons()->openLessonFile(kLessons + "04_hidden_layers.json", 3));
    QTRY_VERIFY(window_->sideColumnShown());
    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json", 3));
    QTRY_VERIFY(!window_->sideColumnShown());

    // Presenting: the network view has its width, no scroll bar, and full
    // headers whose text is not cut.
    window_->presentation()->enter();
    QTRY_COMPARE(window_->size(), QSize(1920, 1080));
    QTest::qWait(100);
    settle();
    QVERIFY(!window_->sideColumnShown());
    QVERIFY(window_->networkView()->fitsWidth());
    QVERIFY(!window_->networkView()->compactHeaders());
    QVERIFY(window_->networkView()->width() >= 600);
    window_->presentation()->leave();

    // Leaving the lesson shows the column again.
    test::findWidget<QPushButton>(*panel(), "lessonCloseButton")->click();
    QTRY_VERIFY(window_->sideColumnShown());
    QVERIFY(shown("datasetTiles"));
  }

  void screenshots() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save the lesson screenshots");
    window_->resize(1920, 1080);
    QVERIFY(lessons()->openLessonFile(kLessons + "02_perceptron.json", 3));
    model_->setSpeedLimit(0);
    trainUntilMet(200);
    settle();
    QTest::qWait(300);
    QVERIFY(window_->grab().save(QDir(dir).filePath("lesson_perceptron.png")));
  }

  // Five steps in presentation mode at 1920×1080 (issue 15, acceptance 4):
  // presentation_<name>.png. A lesson is named by its file or, for those
  // still to come, by a concept it teaches (the first lesson listing it).
  void presentationScreenshots_data() {
    QTest::addColumn<QString>("lesson");  // a file in resources/lessons, or a concept id
    QTest::addColumn<int>("step");
    QTest::addColumn<bool>("solution");  // apply the step's solution first
    QTest::addColumn<int>("epochs");     // then train this many (or until the goal)
    QTest::newRow("perceptron") << "02_perceptron.json" << 3 << false << 200;
    QTest::newRow("math") << "05_backprop_xor.json" << 1 << false << 0;
    QTest::newRow("descent_lab") << "06_learning_rate.json" << 0 << false << 0;
    QTest::newRow("overfitting") << "c19" << 1 << false << 3000;
    QTest::newRow("fashion_mnist") << "c27" << 2 << false << 3;
  }

  void presentationScreenshots() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save the presentation screenshots");
    QFETCH(QString, lesson);
    QFETCH(int, step);
    QFETCH(bool, solution);
    QFETCH(int, epochs);
    const QString path = lesson.endsWith(".json") ? kLessons + lesson : lessonTeaching(lesson);
    if (path.isEmpty()) QSKIP(qPrintable("no lesson teaches " + lesson + " yet"));
    window_->resize(1920, 1080);
    QVERIFY(lessons()->openLessonFile(path, step));
    if (solution) panel()->applySolution();
    model_->setSpeedLimit(0);
    if (panel()->step()->task) {
      trainUntilMet(epochs);
    } else {
      for (int i = 0; i < epochs; ++i) model_->stepEpoch();
    }
    settle();
    const QString name = QString::fromLatin1(QTest::currentDataTag());
    if (name == "math") window_->mathDocks()->follow({SampleRef::Set::Train, 0});
    window_->presentation()->enter();
    QTRY_COMPARE(window_->size(), QSize(1920, 1080));
    QTest::qWait(400);
    settle();
    QTest::qWait(100);
    QVERIFY(window_->grab().save(QDir(dir).filePath("presentation_" + name + ".png")));
    window_->presentation()->leave();
  }

 private:
  // The first shipped lesson (by file name) that lists concept `id`; empty if none.
  static QString lessonTeaching(const QString& id) {
    const QStringList files = QDir(kLessons).entryList({"*.json"}, QDir::Files, QDir::Name);
    for (const QString& f : files) {
      try {
        const Lesson l = loadLesson((kLessons + f).toStdString());
        for (const std::string& c : l.concepts) {
          if (QString::fromStdString(c) == id) return kLessons + f;
        }
      } catch (const std::exception&) {
        // being written: not this one
      }
    }
    return {};
  }
};

// A 1920×1080 screen, as in the presentation-mode test.
int main(int argc, char** argv) {
  const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
  if (platform.isEmpty() || platform == "offscreen") {
    qputenv("QT_QPA_PLATFORM",
            "offscreen:configfile=" NNPLAY_TEST_DATA_DIR "/screen_1920x1080.json");
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName("nnplay-test");
  QApplication::setApplicationName("lesson_panel_test");
  LessonPanelTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "lesson_panel_test.moc"
