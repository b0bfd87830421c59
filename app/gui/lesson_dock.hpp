#pragma once
// Lessons in the playground window: the lesson panel as a dock, the lesson
// browser (Help → Lessons…, and a start page on first run), File → Open
// lesson… and File → Save as lesson step…. It does for each step what the
// window must: hides every control the step does not list
// (MainWindow::setHiddenControls, lesson_control_widgets.hpp), opens the
// views it names and closes those an earlier step opened, applies its
// display options, puts its text in presentation mode's caption, and moves
// between steps on presentation mode's PageDown / PageUp. Leaving the lesson
// shows every control again. Errors go to the window's banner.
#include <QObject>
#include <QStringList>
#include <set>

#include "nnplay/lesson.hpp"

class QAction;
class QDockWidget;
class QMenu;

namespace nnplay::gui {

class LessonBrowser;
class LessonPanel;
class MainWindow;
class PlaygroundModel;

class LessonDock : public QObject {
  Q_OBJECT

 public:
  LessonDock(MainWindow& window, PlaygroundModel& model);

  void addFileActions(QMenu& file);
  void addHelpActions(QMenu& help);

  LessonPanel* panel() const { return panel_; }
  QDockWidget* dock() const { return dock_; }
  LessonBrowser* browser();  // created on first use

  // File → Open lesson… without the dialog: false (the banner says why) when
  // the file is not a lesson the reader accepts.
  bool openLessonFile(const QString& path, int step = 0);
  // File → Save as lesson step… without the dialogs: appends the document
  // with the controls shown (the step's, or all without a lesson) and the
  // views open, to `path` (created when new). False and the banner on failure.
  bool saveLessonStep(const QString& path, const QString& title);
  // The views open in the window now.
  std::vector<LessonView> openViews() const;
  // The start page, once per installation (QSettings lessons/startPageShown).
  void showStartPageOnce();
  void showBrowser(bool welcome = false);
  // Leaves the lesson: every control shown again, the views the lesson
  // opened closed, the dock hidden.
  void leave();

 private:
  void onStepShown(const LessonStep& step);
  void applyHiddenControls();
  void fitCaption();
  void openView(LessonView v);
  void closeView(LessonView v);

  MainWindow& window_;
  PlaygroundModel& model_;
  QDockWidget* dock_;
  int widthBefore_ = 0;  // the panel's width before presenting, to give back
  LessonPanel* panel_;
  LessonBrowser* browser_ = nullptr;
  QStringList hidden_;                // the current step's hidden controls
  std::set<LessonView> openedViews_;  // opened by the lesson, closed when it moves on
  std::size_t layersSeen_ = 0;        // a new layer brings new widgets to hide
};

}  // namespace nnplay::gui
