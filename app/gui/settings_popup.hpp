#pragma once
// A small button that opens a frame of settings below it, for settings that
// have no room in a bar (a schedule's parameters, early stopping's details).
// The frame is a popup: a click elsewhere or Escape closes it. Its controls
// are children of the button, so they exist (and stay in sync) while closed.
#include <QToolButton>

class QFormLayout;
class QFrame;

namespace nnplay::gui {

class SettingsPopup : public QToolButton {
  Q_OBJECT

 public:
  SettingsPopup(const QString& text, const QString& title, QWidget* parent = nullptr);

  QFrame* panel() const { return panel_; }
  QFormLayout* form() const { return form_; }
  void showPanel();

 private:
  QFrame* panel_ = nullptr;
  QFormLayout* form_ = nullptr;
};

}  // namespace nnplay::gui
