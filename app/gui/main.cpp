// nnplay: the playground window.
//   nnplay [PROJECT] [--train-for SECONDS] [--screenshot FILE.png] [--report-fps]
//          [--report-every SECONDS] [--full-speed] [--lesson FILE [--step N]] [--present]
// With --train-for the window trains for that long, then (with --screenshot)
// saves a picture of the whole window, prints {"fps", "snapshots_per_second", "epochs",
// "first_frame_ms", "click_ms_median", "click_ms_max", "open_ms",
// "data_read_ms"} with --report-fps (times since the process started; the
// data's read time, -1 when nothing was read in the background), and
// exits. --report-every prints {"t", "fps", "epochs", "rss_mb"} every SECONDS
// while it trains (for soak runs). Works under QT_QPA_PLATFORM=offscreen.
#include <unistd.h>
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <vector>

#include "lesson_dock.hpp"
#include "main_window.hpp"
#include "math_docks.hpp"
#include "playground_model.hpp"
#include "presentation_mode.hpp"

namespace {

// Milliseconds since the process started (the kernel's start time), so the
// first-frame figure includes loading the program and Qt, not only main().
double processAgeMs() {
  std::ifstream stat("/proc/self/stat");
  std::string s((std::istreambuf_iterator<char>(stat)), {});
  const auto close = s.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(s.substr(close + 2));
  std::string field;
  unsigned long long start = 0;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22) start = std::stoull(field);
  }
  std::ifstream up("/proc/uptime");
  double uptime = 0;
  up >> uptime;
  return (uptime - static_cast<double>(start) / static_cast<double>(sysconf(_SC_CLK_TCK))) * 1000.0;
}

// Resident memory in MiB, from /proc/self/statm (its second field, in pages).
double residentMb() {
  std::ifstream statm("/proc/self/statm");
  unsigned long long size = 0, resident = 0;
  if (!(statm >> size >> resident)) return -1;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

// Notes the time of the window's first paint.
class FirstFrame : public QObject {
 public:
  double ms = -1;
  bool eventFilter(QObject*, QEvent* e) override {
    if (e->type() == QEvent::Paint && ms < 0) ms = processAgeMs();
    return false;
  }
};

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("nnplay");
  QApplication::setApplicationName("nnplay");
  QApplication::setApplicationVersion(NNPLAY_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("A desktop playground for neural networks.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("project", "A project file (.nnplay.json) to open.", "[PROJECT]");
  const QCommandLineOption trainFor(
      "train-for", "Train for SECONDS, then exit (after --screenshot).", "seconds");
  const QCommandLineOption screenshot(
      "screenshot", "Save a picture of the whole window to FILE.png, then exit.", "file");
  const QCommandLineOption reportFps(
      "report-fps", "Print {\"fps\", \"epochs\", \"first_frame_ms\"} as one JSON line.");
  const QCommandLineOption mathSample("math", "Open the math view on training sample N.", "N");
  const QCommandLineOption fullSpeed("full-speed", "Train without the speed limit.");
  const QCommandLineOption reportEvery(
      "report-every",
      "With --train-for: print {\"t\", \"fps\", \"epochs\", \"rss_mb\"} as one JSON line "
      "every SECONDS.",
      "seconds");
  const QCommandLineOption lesson("lesson", "Open the lesson FILE (resources/lessons/*.json).",
                                  "file");
  const QCommandLineOption step("step", "With --lesson: start at step N (from 1).", "N");
  const QCommandLineOption present("present", "Start in presentation mode (F5; Esc leaves).");
  parser.addOptions(
      {trainFor, screenshot, reportFps, mathSample, fullSpeed, reportEvery, lesson, step, present});
  parser.process(app);

  const bool scripted = parser.isSet(trainFor) || parser.isSet(screenshot) ||
                        parser.isSet(reportFps) || parser.isSet(reportEvery);
  double seconds = 0;
  if (parser.isSet(trainFor)) {
    bool ok = false;
    seconds = parser.value(trainFor).toDouble(&ok);
    if (!ok || seconds < 0 || seconds > 86400) {
      std::cerr << "nnplay: --train-for: expected a number of seconds from 0 to 86400, got '"
                << parser.value(trainFor).toStdString() << "'\n";
      return 2;
    }
  }

  double every = 0;
  if (parser.isSet(reportEvery)) {
    bool ok = false;
    every = parser.value(reportEvery).toDouble(&ok);
    if (!ok || every < 0.05 || every > 86400) {
      std::cerr << "nnplay: --report-every: expected a number of seconds from 0.05 to 86400, got '"
                << parser.value(reportEvery).toStdString() << "'\n";
      return 2;
    }
  }

  nnplay::gui::PlaygroundModel model;
  nnplay::gui::MainWindow window(model);
  window.setConfirmClose(!scripted);
  FirstFrame first;
  window.installEventFilter(&first);
  if (window.centralWidget()) window.centralWidget()->installEventFilter(&first);

  QSettings settings;
  const bool crashed = !settings.value("session/cleanExit", true).toBool();
  settings.setValue("session/cleanExit", false);

  const QStringList args = parser.positionalArguments();
  int status = 0;
  // The window first, the project after (its data read in the background):
  // opened from the event loop, once the window is up.
  bool opened = args.isEmpty();
  std::function<void()> whenOpen;
  if (!args.isEmpty()) {
    QTimer::singleShot(0, &window, [&] {
      if (!window.openProjectFile(args.front()) && scripted) status = 1;
      opened = true;
      if (whenOpen) whenOpen();
    });
  } else if (!scripted && crashed && QFile::exists(nnplay::gui::MainWindow::autosavePath())) {
    QTimer::singleShot(0, &window, [&window] {
      if (QMessageBox::question(
              &window, QObject::tr("Restore"),
              QObject::tr(
                  "nnplay did not close properly last time. Restore the autosaved project?")) ==
          QMessageBox::Yes) {
        window.openProjectFile(nnplay::gui::MainWindow::autosavePath());
      }
    });
  }
  window.show();
  if (parser.isSet(fullSpeed)) {  // for this run only: the remembered choice stays
    model.setSpeedLimit(0);
    if (auto* c = window.findChild<QComboBox*>("speedCombo")) c->setCurrentIndex(c->findData(0.0));
  }
  if (parser.isSet(mathSample)) {
    bool ok = false;
    const int row = parser.value(mathSample).toInt(&ok);
    if (!ok || row < 0) {
      std::cerr << "nnplay: --math: expected a training sample number from 0, got '"
                << parser.value(mathSample).toStdString() << "'\n";
      return 2;
    }
    window.mathDocks()->follow({nnplay::SampleRef::Set::Train, row});
  }

  int firstStep = 1;
  if (parser.isSet(step)) {
    bool ok = false;
    firstStep = parser.value(step).toInt(&ok);
    if (!ok || firstStep < 1) {
      std::cerr << "nnplay: --step: expected a step number from 1, got '"
                << parser.value(step).toStdString() << "'\n";
      return 2;
    }
  }
  if (parser.isSet(lesson)) {
    // From the event loop, like a project: errors go to the window's banner.
    const QString file = parser.value(lesson);
    QTimer::singleShot(0, &window, [&window, file, firstStep, &status, scripted] {
      if (!window.lessons()->openLessonFile(file, firstStep - 1) && scripted) status = 1;
    });
  }
  if (parser.isSet(present)) {
    QTimer::singleShot(0, &window, [&window] { window.presentation()->enter(); });
  }

  // A first run's start page: the course's lessons (never in scripted runs,
  // nor when a project or a lesson was asked for).
  if (!scripted && args.isEmpty() && !parser.isSet(lesson)) {
    window.lessons()->showStartPageOnce();
  }
  if (!scripted) return app.exec();

  // Scripted run: train, picture, figures, exit.
  QElapsedTimer clock;
  long framesAtStart = 0;
  // New snapshots the window took while measuring: the frames that show
  // something new (a paint event can also come from a probe click or a
  // neighbouring widget, so "fps" counts a little more than that).
  long snapshots = 0;
  QObject::connect(&model, &nnplay::gui::PlaygroundModel::snapshotChanged, &window, [&] {
    if (clock.isValid()) ++snapshots;
  });
  // How quickly the window answers input while training: ten times a second
  // a posted event's wait in the queue plus the handling of a real click on
  // "Discretize output" (which redraws the output view). An even number of
  // clicks leaves it as it was.
  std::vector<double> latencies;
  QTimer probe;
  probe.setInterval(100);
  QObject::connect(&probe, &QTimer::timeout, &window, [&] {
    QElapsedTimer wait;
    wait.start();
    QTimer::singleShot(0, &window, [&, wait] {
      // A view-only control, so the probe does not change the run it measures.
      if (auto* box = window.findChild<QAbstractButton*>("discretizeCheck")) box->click();
      latencies.push_back(wait.nsecsElapsed() / 1e6);
    });
  });
  // --report-every: one line per interval, flushed, for a soak script to read.
  QTimer reporter;
  reporter.setTimerType(Qt::PreciseTimer);
  reporter.setInterval(static_cast<int>(std::lround(every * 1000)));
  long framesAtReport = 0;
  double lastReport = 0;
  QObject::connect(&reporter, &QTimer::timeout, &window, [&] {
    const double t = clock.nsecsElapsed() / 1e9;
    const long frames = window.framesPainted();
    const double fps = t > lastReport ? (frames - framesAtReport) / (t - lastReport) : 0.0;
    framesAtReport = frames;
    lastReport = t;
    std::printf("{\"t\": %.1f, \"fps\": %.1f, \"epochs\": %ld, \"rss_mb\": %.1f}\n", t, fps,
                model.snapshot()->epoch, residentMb());
    std::fflush(stdout);
  });
  QTimer finish;
  finish.setSingleShot(true);
  double openMs = -1;  // when the project (and its data) had opened
  whenOpen = [&] {
    openMs = processAgeMs();
    framesAtStart = window.framesPainted();
    framesAtReport = framesAtStart;
    clock.start();
    if (seconds > 0) {
      model.play();
      probe.start();
      if (every > 0) reporter.start();
    }
    finish.start(static_cast<int>(seconds * 1000) + (seconds > 0 ? 0 : 300));
  };
  if (opened) QTimer::singleShot(0, &window, whenOpen);
  QObject::connect(&finish, &QTimer::timeout, &window, [&] {
    const double elapsed = clock.isValid() ? clock.nsecsElapsed() / 1e9 : 0.0;
    const long frames = window.framesPainted() - framesAtStart;
    probe.stop();
    reporter.stop();
    if (latencies.size() % 2) {
      if (auto* box = window.findChild<QAbstractButton*>("discretizeCheck")) box->click();
    }
    model.pause();
    model.session().sync();
    // Let the final snapshot reach the window before the picture.
    QTimer::singleShot(120, &window, [&, elapsed, frames] {
      if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        if (!window.grab().save(path, "PNG")) {
          std::cerr << "nnplay: could not write the screenshot " << path.toStdString() << '\n';
          status = 1;
        }
      }
      if (parser.isSet(reportFps)) {
        const double fps = elapsed > 0 ? frames / elapsed : 0.0;
        const double snapshotRate = elapsed > 0 ? snapshots / elapsed : 0.0;
        std::sort(latencies.begin(), latencies.end());
        const double median = latencies.empty() ? 0.0 : latencies[latencies.size() / 2];
        const double worst = latencies.empty() ? 0.0 : latencies.back();
        std::printf(
            "{\"fps\": %.1f, \"snapshots_per_second\": %.1f, \"epochs\": %ld, "
            "\"first_frame_ms\": %.0f, \"click_ms_median\": %.1f, "
            "\"click_ms_max\": %.1f, \"open_ms\": %.0f, \"data_read_ms\": %.0f}\n",
            fps, snapshotRate, model.snapshot()->epoch, first.ms, median, worst, openMs,
            model.lastReadMs());
        std::fflush(stdout);
      }
      window.close();
      app.exit(status);
    });
  });
  return app.exec();
}
