#pragma once
// The playground window: thin. It lays out the panels (data, features,
// network, hyperparameters, output, charts), owns the actions (menus and
// shortcuts), the file dialogs, autosave and settings, and routes each
// panel's requests to the PlaygroundModel. Errors appear in a banner over the
// panels (never a modal box that would stop a live class); the window never
// dies of them.
#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <functional>

#include "nnplay/codegen.hpp"
#include "playground_model.hpp"

class QAction;
class QLabel;
class QMenu;
class QScrollArea;
class QSplitter;

namespace nnplay::gui {

class CodeDock;
class ControlBar;
class DataPanel;
class FeaturePanel;
class HyperparameterBar;
class LessonDock;
class LossCharts;
class MathDocks;
class DescentLab;
class NetworkView;
class OutputPanel;
class PresentationMode;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(PlaygroundModel& model, QWidget* parent = nullptr);
  ~MainWindow() override;

  PlaygroundModel& model() { return model_; }
  NetworkView* networkView() const { return network_; }
  OutputPanel* outputPanel() const { return output_; }
  LossCharts* charts() const { return charts_; }
  // While presenting with a view docked at the bottom (the descent lab, the
  // math view, the code view), the loss charts step aside so that the view
  // can have about half the window's height; true while they do.
  bool chartsMadeRoom() const { return chartsMadeRoom_; }
  MathDocks* mathDocks() const { return mathDocks_; }
  DescentLab* descentLab() const { return lab_; }
  CodeDock* codeDock() const { return codeDock_; }
  DataPanel* dataPanel() const { return data_; }
  // F5 / Esc: full screen, large text, the step keys and the caption.
  PresentationMode* presentation() const { return presentation_; }
  // The lesson panel, the lesson browser and the lesson file actions.
  LessonDock* lessons() const { return lessons_; }

  // Hides the window's widgets with these object names (any depth) and shows
  // again those a previous call hid; an empty list shows them all. A name
  // ending in '*' stands for every name it begins (one widget per layer). The lesson
  // panel maps a step's visible controls (LessonControl) to the names of the
  // widgets it leaves out.
  void setHiddenControls(const QStringList& objectNames);
  QStringList hiddenControls() const;
  // Whether the data and features column is shown: setHiddenControls()
  // hides it while every control in it is hidden (the network view takes
  // its width), and shows it again with any of them.
  bool sideColumnShown() const;

  // File operations as the menus run them, without dialogs; false (and the
  // banner says why) on failure.
  bool openProjectFile(const QString& path);
  bool saveProjectFile(const QString& path);
  bool exportWeightsFile(const QString& path, WeightFormat format);
  bool exportBoundaryPng(const QString& path);
  bool exportChartsPng(const QString& path);
  bool exportDataCsvFile(const QString& path);
  // A runnable script with the data CSV and (once trained) the weights next
  // to it; the status bar names the files written.
  bool exportScriptFile(const QString& path, CodeFramework framework);

  QString lastError() const { return lastError_; }
  // What the banner says while it shows (an error, or a notice such as an
  // early stop); empty when hidden.
  QString bannerMessage() const;
  long framesPainted() const { return frames_; }
  // Where the autosave goes; a crash loses at most a minute of work.
  static QString autosavePath();
  // Ask before closing when there are unsaved changes (off for scripted runs).
  void setConfirmClose(bool on) { confirmClose_ = on; }

 public slots:
  void showError(const QString& message);
  // A notice that is not an error (early stopping paused the run), in the
  // same banner, blue instead of red.
  void showNotice(const QString& message);
  void newProject();
  void openProject();
  bool save();
  bool saveAs();

 protected:
  void closeEvent(QCloseEvent* e) override;
  void changeEvent(QEvent* e) override;
  bool eventFilter(QObject* watched, QEvent* e) override;

 private:
  void createActions();
  void createMenus();
  void fitToText();             // the fixed sizes that depend on the text size
  void fitColumnsToControls();  // hides the data column while all its controls are hidden
  void fitLeftColumn();         // its width: wide for the dataset tiles, else narrow
  // Runs a file operation; its error goes to the banner, `done` (if any) to the status bar.
  bool attempt(const std::function<void()>& action, const QString& done);
  // Asks whether to save unsaved changes; false when the person cancelled (or saving failed).
  bool maybeSave(const QString& title, const QString& question);
  bool savePicture(const QImage& picture, const QString& path);
  void restoreViewPreferences();
  void saveViewPreferences();
  void updateTitle();
  void setBannerKind(bool error);
  void updateRecentMenu();
  void addRecent(const QString& path);
  void onSnapshot();
  void updateCharts();
  void autosave();
  void updateBottomRoom();  // hides or shows the charts for a bottom dock (chartsMadeRoom())
  QString askPath(const QString& title, const QString& filter, const QString& suffix);

  PlaygroundModel& model_;
  ControlBar* controls_ = nullptr;
  HyperparameterBar* hyper_ = nullptr;
  DataPanel* data_ = nullptr;
  FeaturePanel* features_ = nullptr;
  NetworkView* network_ = nullptr;
  QScrollArea* networkScroll_ = nullptr;
  QScrollArea* hyperScroll_ = nullptr;
  QScrollArea* leftScroll_ = nullptr;
  QWidget* leftColumn_ = nullptr;  // the data and feature panels, in leftScroll_
  QSplitter* columns_ = nullptr;
  QByteArray columnsBefore_;  // the columns' sizes before presenting
  OutputPanel* output_ = nullptr;
  LossCharts* charts_ = nullptr;
  MathDocks* mathDocks_ = nullptr;
  DescentLab* lab_ = nullptr;
  CodeDock* codeDock_ = nullptr;
  PresentationMode* presentation_ = nullptr;
  LessonDock* lessons_ = nullptr;
  QList<QPointer<QWidget>> hiddenControls_;  // hidden by setHiddenControls(), to show again
  QWidget* banner_ = nullptr;
  QLabel* bannerIcon_ = nullptr;
  QLabel* bannerText_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QAction* playAction_ = nullptr;
  QAction* stepBatchAction_ = nullptr;
  QAction* stepEpochAction_ = nullptr;
  QAction* resetAction_ = nullptr;
  QAction* undoAction_ = nullptr;
  QAction* redoAction_ = nullptr;
  QTimer autosave_;
  QTimer preferencesTimer_;   // the view preferences' deferred write
  QTimer chartTimer_;         // the curves' deferred update while a run streams
  QElapsedTimer chartClock_;  // since the curves were last updated
  QString lastError_;
  long frames_ = 0;
  bool confirmClose_ = true;
  bool chartsMadeRoom_ = false;  // the charts are hidden by updateBottomRoom()
};

}  // namespace nnplay::gui
