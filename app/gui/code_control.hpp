#pragma once
// Which lines of the generated code (codegen) a control of the window
// produces: the dynamic properties "codeControl" (a control name of
// CodeLine: learning_rate, activation, …) and "codeLayer" (the spec layer of
// a per-layer control, -1 for the others). The code dock reads them when the
// mouse enters a control and lights those lines.
#include <QString>
#include <QWidget>

namespace nnplay::gui {

inline constexpr char kCodeControlProperty[] = "codeControl";
inline constexpr char kCodeLayerProperty[] = "codeLayer";

inline void setCodeControl(QWidget* w, const char* control, int layer = -1) {
  w->setProperty(kCodeControlProperty, QString::fromLatin1(control));
  w->setProperty(kCodeLayerProperty, layer);
}

}  // namespace nnplay::gui
