#pragma once
// Presentation mode: the window as a teacher shows it to a class on a
// projector. F5 (View → Presentation) enters and leaves it, Esc leaves it.
//
// Contract:
//  - Entering makes the window full screen and scales the application font
//    by fontScale() (default 1.6, 1.0–3.0, remembered in QSettings as
//    presentation/fontScale), never below 18 px; presentationScale()
//    (presentation_scale.hpp) tells the painted views how much thicker to
//    draw. Because it is the application font that grows, docks, popups,
//    tooltips and widgets created while presenting grow too.
//  - While presenting, the left dock area (the lesson panel) reaches the
//    bottom of the window (QMainWindow::setCorner); leaving restores it.
//  - Leaving restores the application font (so every inherited font), the
//    window's geometry and its window state exactly as they were.
//  - While presenting, keys pressed anywhere in the window: Esc leaves;
//    Ctrl+= (or Ctrl++) and Ctrl+− change the scale by 0.2; PageDown and
//    PageUp emit nextStepRequested() and previousStepRequested() (what
//    presentation clickers send) — the lesson panel connects to them. These
//    keys win over the window's shortcuts (Ctrl+− removes a layer otherwise)
//    and over the focused widget while presenting, and only then.
//  - setCaption(html) shows a large caption under the panels while
//    presenting (the current lesson step's text); empty hides it.
//  - High contrast (View → High contrast, presentation/highContrast):
//    black text on white with strong frames and selection colours, for
//    projectors; it applies at once, in and out of presentation mode.
#include <QFont>
#include <QObject>
#include <QPalette>
#include <QRect>
#include <QString>

class QAction;
class QDockWidget;
class QKeyEvent;
class QLabel;
class QMainWindow;
class QMenu;

namespace nnplay::gui {

class PresentationMode : public QObject {
  Q_OBJECT

 public:
  static constexpr double kDefaultScale = 1.6;
  static constexpr double kMinScale = 1.0;
  static constexpr double kMaxScale = 3.0;
  static constexpr double kScaleStep = 0.2;
  static constexpr double kMinimumFontPixels = 18.0;

  explicit PresentationMode(QMainWindow& window);
  ~PresentationMode() override;

  void addActions(QMenu& view);
  QAction* action() const { return action_; }
  QAction* highContrastAction() const { return highContrast_; }

  bool isPresenting() const { return presenting_; }
  double fontScale() const { return fontScale_; }
  bool highContrast() const;
  QString caption() const { return caption_; }
  QLabel* captionLabel() const { return captionLabel_; }

 public slots:
  void setPresenting(bool on);
  void enter() { setPresenting(true); }
  void leave() { setPresenting(false); }
  // Clamped to [kMinScale, kMaxScale] and remembered; applies at once while presenting.
  void setFontScale(double scale);
  void larger() { setFontScale(fontScale_ + kScaleStep); }
  void smaller() { setFontScale(fontScale_ - kScaleStep); }
  void setHighContrast(bool on);
  void setCaption(const QString& html);

 signals:
  void presentingChanged(bool presenting);
  void fontScaleChanged(double scale);
  void nextStepRequested();      // PageDown while presenting
  void previousStepRequested();  // PageUp while presenting

 protected:
  bool eventFilter(QObject* watched, QEvent* e) override;

 private:
  enum class Key { None, Leave, Next, Previous, Larger, Smaller };
  static Key keyOf(const QKeyEvent& k);
  void applyScale();
  void updateCaption();

  QMainWindow& window_;
  QAction* action_ = nullptr;
  QAction* highContrast_ = nullptr;
  QAction* larger_ = nullptr;
  QAction* smaller_ = nullptr;
  QDockWidget* captionDock_ = nullptr;
  QLabel* captionLabel_ = nullptr;
  QString caption_;
  double fontScale_ = kDefaultScale;
  bool presenting_ = false;
  // What leaving restores.
  QFont savedFont_;
  QRect savedGeometry_;
  Qt::WindowStates savedState_;
  Qt::DockWidgetArea savedCorner_ = Qt::BottomDockWidgetArea;  // the bottom-left corner's owner
  QPalette savedPalette_;                                      // the palette before high contrast
  bool contrastApplied_ = false;
};

}  // namespace nnplay::gui
