#pragma once
// The window tests look their widgets up by object name; a missing one is a
// broken test, so it stops the run naming the widget.
#include <QObject>
#include <QString>
#include <QtGlobal>

namespace nnplay::gui::test {

template <typename T>
T* findWidget(const QObject& root, const QString& name) {
  T* w = root.findChild<T*>(name);
  if (!w) qFatal("no widget named %s", qPrintable(name));
  return w;
}

}  // namespace nnplay::gui::test
