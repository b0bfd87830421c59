#pragma once
// What the window tests do over and over: wait until the session has caught
// up with the window, and pick a combo box item as a person does.
#include <QComboBox>
#include <QCoreApplication>
#include <QString>
#include <QTest>

#include "find_widget.hpp"
#include "playground_model.hpp"

namespace nnplay::gui::test {

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
