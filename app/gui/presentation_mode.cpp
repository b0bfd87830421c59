#include "presentation_mode.hpp"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QWindow>
#include <algorithm>
#include <cmath>

#include "presentation_scale.hpp"

namespace nnplay::gui {
namespace {

constexpr double kCaptionFont = 1.3;  // the caption, relative to the (scaled) text

// Black on white with dark frames and a deep selection colour: what reads on
// a washed-out projector. Disabled text stays dark grey, not pale.
QPalette highContrastPalette() {
  QPalette p;
  const QColor black(0, 0, 0);
  const QColor white(255, 255, 255);
  p.setColor(QPalette::Window, white);
  p.setColor(QPalette::WindowText, black);
  p.setColor(QPalette::Base, white);
  p.setColor(QPalette::AlternateBase, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::Text, black);
  p.setColor(QPalette::BrightText, white);
  p.setColor(QPalette::PlaceholderText, QColor(0x33, 0x33, 0x33));
  p.setColor(QPalette::Button, QColor(0xf2, 0xf2, 0xf2));
  p.setColor(QPalette::ButtonText, black);
  p.setColor(QPalette::Light, white);
  p.setColor(QPalette::Midlight, QColor(0xcc, 0xcc, 0xcc));
  p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
  p.setColor(QPalette::Dark, QColor(0x22, 0x22, 0x22));
  p.setColor(QPalette::Shadow, black);
  p.setColor(QPalette::Highlight, QColor(0x00, 0x3d, 0xb3));
  p.setColor(QPalette::HighlightedText, white);
  p.setColor(QPalette::Link, QColor(0x00, 0x3d, 0xb3));
  p.setColor(QPalette::ToolTipBase, white);
  p.setColor(QPalette::ToolTipText, black);
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    p.setColor(QPalette::Disabled, role, QColor(0x55, 0x55, 0x55));
  }
  return p;
}

// Widgets styled by a style sheet (their own or an ancestor's) keep the font
// they had when they were polished: Qt resolves it once and no longer
// inherits. Those whose font nobody set are reset to inherit the new
// application font and polished again (style sheet font rules apply anew).
// Parents come before their children (findChildren() is depth first).
void refreshStyleSheetFonts() {
  const auto styled = [](const QWidget* w) {
    return qstrcmp(w->style()->metaObject()->className(), "QStyleSheetStyle") == 0;
  };
  for (QWidget* top : QApplication::topLevelWidgets()) {
    QList<QWidget*> widgets = top->findChildren<QWidget*>();
    widgets.prepend(top);
    for (QWidget* w : std::as_const(widgets)) {
      if (!styled(w) || w->testAttribute(Qt::WA_SetFont)) continue;
      w->setFont(QFont());
      w->style()->polish(w);
    }
  }
}

}  // namespace

PresentationMode::PresentationMode(QMainWindow& window) : QObject(&window), window_(window) {
  QSettings settings;
  fontScale_ = std::clamp(settings.value("presentation/fontScale", kDefaultScale).toDouble(),
                          kMinScale, kMaxScale);

  action_ = new QAction(tr("&Presentation"), this);
  action_->setObjectName("presentationAction");
  action_->setCheckable(true);
  action_->setShortcut(Qt::Key_F5);
  action_->setToolTip(
      tr("Full screen with large text, thick lines and points, for a class (F5; Esc leaves)"));
  connect(action_, &QAction::toggled, this, &PresentationMode::setPresenting);
  window_.addAction(action_);  // F5 works without the menu

  // Ctrl+− also removes a layer; these keys are taken by eventFilter() while
  // presenting, so the actions show them without owning them.
  larger_ = new QAction(tr("&Larger text\tCtrl+="), this);
  larger_->setObjectName("presentationLargerAction");
  connect(larger_, &QAction::triggered, this, &PresentationMode::larger);
  smaller_ = new QAction(tr("&Smaller text\tCtrl+−"), this);
  smaller_->setObjectName("presentationSmallerAction");
  connect(smaller_, &QAction::triggered, this, &PresentationMode::smaller);
  for (QAction* a : {larger_, smaller_}) a->setEnabled(false);

  highContrast_ = new QAction(tr("&High contrast"), this);
  highContrast_->setObjectName("highContrastAction");
  highContrast_->setCheckable(true);
  highContrast_->setToolTip(tr("Black text on white with strong frames, for projectors"));
  connect(highContrast_, &QAction::toggled, this, &PresentationMode::setHighContrast);

  captionLabel_ = new QLabel;
  captionLabel_->setObjectName("presentationCaption");
  captionLabel_->setTextFormat(Qt::RichText);
  captionLabel_->setWordWrap(true);
  captionLabel_->setContentsMargins(16, 8, 16, 8);
  captionLabel_->setAutoFillBackground(true);
  captionLabel_->setBackgroundRole(QPalette::Base);
  followParentFont(captionLabel_, kCaptionFont);
  captionDock_ = new QDockWidget;
  captionDock_->setObjectName("presentationCaptionDock");
  captionDock_->setWindowTitle(tr("Caption"));
  captionDock_->setTitleBarWidget(new QWidget);  // no title bar: just the text
  captionDock_->setFeatures(QDockWidget::NoDockWidgetFeatures);
  // Under the playground, or under the lesson panel while a view (the math
  // view, the descent lab) has the bottom (LessonDock places it).
  captionDock_->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::LeftDockWidgetArea);
  captionDock_->setWidget(captionLabel_);
  window_.addDockWidget(Qt::BottomDockWidgetArea, captionDock_);
  captionDock_->hide();

  if (settings.value("presentation/highContrast", false).toBool()) highContrast_->setChecked(true);
}

PresentationMode::~PresentationMode() {
  if (presenting_) {
    qApp->removeEventFilter(this);
    setPresentationScale(1.0, 0.0);
    QApplication::setFont(savedFont_);
  }
  if (contrastApplied_) QApplication::setPalette(savedPalette_);
}

void PresentationMode::addActions(QMenu& view) {
  view.addSeparator();
  view.addAction(action_);
  view.addAction(larger_);
  view.addAction(smaller_);
  view.addAction(highContrast_);
}

bool PresentationMode::highContrast() const {
  return highContrast_->isChecked();
}

void PresentationMode::setPresenting(bool on) {
  if (on == presenting_) return;
  presenting_ = on;
  if (on) {
    savedFont_ = QApplication::font();
    savedGeometry_ = window_.geometry();
    savedState_ = window_.windowState();
    // The left dock area (the lesson panel, and the caption under it while
    // a view has the bottom) reaches the bottom of the window.
    savedCorner_ = window_.corner(Qt::BottomLeftCorner);
    window_.setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    applyScale();
    window_.showFullScreen();
    qApp->installEventFilter(this);
  } else {
    qApp->removeEventFilter(this);
    setPresentationScale(1.0, 0.0);
    QApplication::setFont(savedFont_);
    refreshStyleSheetFonts();
    window_.setCorner(Qt::BottomLeftCorner, savedCorner_);
    window_.setWindowState(savedState_);
    if (!(savedState_ & (Qt::WindowMaximized | Qt::WindowFullScreen))) {
      window_.setGeometry(savedGeometry_);
    }
    if (!window_.isVisible()) window_.show();
  }
  for (QAction* a : {larger_, smaller_}) a->setEnabled(on);
  updateCaption();
  {
    const QSignalBlocker block(action_);
    action_->setChecked(on);
  }
  emit presentingChanged(on);
}

void PresentationMode::setFontScale(double scale) {
  // Hundredths, so that + and − walk the same values (1.6, 1.8, ...).
  scale = std::clamp(std::round(scale * 100.0) / 100.0, kMinScale, kMaxScale);
  if (scale == fontScale_) return;
  fontScale_ = scale;
  QSettings().setValue("presentation/fontScale", scale);
  if (presenting_) applyScale();
  emit fontScaleChanged(scale);
}

void PresentationMode::applyScale() {
  // The text grows by fontScale_, or more where that would leave it under
  // 18 px; lines grow with the text.
  const double dpi = window_.logicalDpiY();
  const double base = fontPixels(savedFont_, dpi);
  const double target = std::max(base * fontScale_, kMinimumFontPixels);
  const double effective = base > 0 ? target / base : fontScale_;
  setPresentationScale(effective, kMinimumFontPixels);
  QApplication::setFont(relativeFont(savedFont_, effective, dpi));
  refreshStyleSheetFonts();
}

void PresentationMode::setHighContrast(bool on) {
  if (on != highContrast_->isChecked()) {
    highContrast_->setChecked(on);  // comes back here through toggled
    return;
  }
  QSettings().setValue("presentation/highContrast", on);
  if (on && !contrastApplied_) {
    savedPalette_ = QApplication::palette();
    QApplication::setPalette(highContrastPalette());
    contrastApplied_ = true;
  } else if (!on && contrastApplied_) {
    QApplication::setPalette(savedPalette_);
    contrastApplied_ = false;
  }
}

void PresentationMode::setCaption(const QString& html) {
  caption_ = html;
  captionLabel_->setText(html);
  updateCaption();
}

void PresentationMode::updateCaption() {
  captionDock_->setVisible(presenting_ && !caption_.trimmed().isEmpty());
}

PresentationMode::Key PresentationMode::keyOf(const QKeyEvent& k) {
  const Qt::KeyboardModifiers mods = k.modifiers() & ~Qt::KeypadModifier;
  if (mods == Qt::NoModifier) {
    switch (k.key()) {
      case Qt::Key_Escape:
        return Key::Leave;
      case Qt::Key_PageDown:
        return Key::Next;
      case Qt::Key_PageUp:
        return Key::Previous;
      default:
        return Key::None;
    }
  }
  if (mods & Qt::ControlModifier && !(mods & (Qt::AltModifier | Qt::MetaModifier))) {
    if (k.key() == Qt::Key_Equal || k.key() == Qt::Key_Plus) return Key::Larger;
    if (k.key() == Qt::Key_Minus && !(mods & Qt::ShiftModifier)) return Key::Smaller;
  }
  return Key::None;
}

bool PresentationMode::eventFilter(QObject* watched, QEvent* e) {
  if (e->type() != QEvent::ShortcutOverride && e->type() != QEvent::KeyPress) return false;
  // Keys for this window only: a dialog or a combo box's popup keeps its own Esc.
  auto* w = qobject_cast<QWidget*>(watched);
  if (!presenting_ || !w || w->window() != &window_) return false;
  const Key key = keyOf(*static_cast<QKeyEvent*>(e));
  if (key == Key::None) return false;
  if (e->type() == QEvent::ShortcutOverride) {
    e->accept();  // not a shortcut now: the key press comes here next
    return true;
  }
  switch (key) {
    case Key::Leave:
      leave();
      break;
    case Key::Next:
      emit nextStepRequested();
      break;
    case Key::Previous:
      emit previousStepRequested();
      break;
    case Key::Larger:
      larger();
      break;
    case Key::Smaller:
      smaller();
      break;
    case Key::None:
      break;
  }
  return true;
}

}  // namespace nnplay::gui
