#pragma once
// What the window tests do over and over: open a window on a fresh model,
// wait until the session has caught up with the window, and pick a combo box
// item as a person does.
#include <QComboBox>
#include <QCoreApplication>
#include <QSize>
#include <QString>
#include <QTest>
#include <memory>

#include "find_widget.hpp"
#include "main_window.hpp"
#include "playground_model.hpp"

namespace nnplay::gui::test {

// A fresh model and its window at `size`, shown; true once the window is
// exposed. Closing it asks nothing (no unsaved-changes question in a test).
inline bool openWindow(std::unique_ptr<PlaygroundModel>& model, std::unique_ptr<MainWindow>& window,
                       QSize size) {
  model = std::make_unique<PlaygroundModel>();
  window = std::make_unique<MainWindow>(*model);
  window->setConfirmClose(false);
  window->resize(size);
  window->show();
  return QTest::qWaitForWindowExposed(window.get());
}

// The session has answered every command given so far, the model has heard
// of its refusals and taken the newest snapshot, and the events that followed
// ran. `rounds` times, since a refusal can give the session more commands.
inline void settle(PlaygroundModel& model, int rounds = 3) {
  for (int i = 0; i < rounds; ++i) {
    model.session().sync();
    model.poll();
    QCoreApplication::processEvents();
  }
}

// Chooses the item with `text` and says so with `activated`, as a click does
// (setCurrentIndex alone does not emit it). Fails the test when there is none.
inline void choose(QComboBox* combo, const QString& text) {
  const int i = combo->findText(text);
  QVERIFY2(i >= 0, qPrintable("no item " + text + " in " + combo->objectName()));
  combo->setCurrentIndex(i);
  emit combo->activated(i);
}

}  // namespace nnplay::gui::test
