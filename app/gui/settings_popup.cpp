#include "settings_popup.hpp"

#include <QApplication>
#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QScreen>
#include <QVBoxLayout>
#include <algorithm>

namespace nnplay::gui {

SettingsPopup::SettingsPopup(const QString& text, const QString& title, QWidget* parent)
    : QToolButton(parent) {
  setText(text);
  setAutoRaise(true);
  setCheckable(false);
  panel_ = new QFrame(this, Qt::Popup);
  panel_->setFrameShape(QFrame::StyledPanel);
  panel_->setObjectName(QStringLiteral("settingsPopupPanel"));
  auto* layout = new QVBoxLayout(panel_);
  layout->setContentsMargins(10, 8, 10, 10);
  auto* heading = new QLabel(title);
  heading->setStyleSheet(QStringLiteral("font-weight: 600; color: #555;"));
  layout->addWidget(heading);
  form_ = new QFormLayout;
  form_->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(form_);
  connect(this, &QToolButton::clicked, this, &SettingsPopup::showPanel);
}

void SettingsPopup::showPanel() {
  panel_->adjustSize();
  QPoint at = mapToGlobal(QPoint(0, height()));
  // Kept on the screen: near the right edge it opens leftwards.
  if (const QScreen* s = screen()) {
    const QRect avail = s->availableGeometry();
    at.setX(std::min(at.x(), avail.right() - panel_->width()));
    at.setX(std::max(at.x(), avail.left()));
  }
  panel_->move(at);
  panel_->show();
}

}  // namespace nnplay::gui
