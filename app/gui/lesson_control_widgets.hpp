#pragma once
// Which of the window's widgets make up each control a lesson step can leave
// visible (LessonControl, lesson.hpp), by object name: what
// MainWindow::setHiddenControls() takes. A name ending in '*' stands for one
// widget per layer ("activationCombo_*"). Captions go with their control
// (the hyperparameter bar's "…Box" widgets, the data form's "…Label" rows).
//
// Controls without a widget of their own (the network view's weight
// editing is a click on a link) map to no names: they cannot be hidden.
#include <QStringList>
#include <vector>

#include "nnplay/lesson.hpp"

namespace nnplay::gui {

QStringList lessonControlWidgets(LessonControl control);

// Every control's widgets but those of `shown`: what a step hides.
QStringList widgetsHiddenFor(const std::vector<LessonControl>& shown);

// All controls, in LessonControl order (a document saved without a lesson
// open shows everything).
std::vector<LessonControl> allLessonControls();

}  // namespace nnplay::gui
