#include "edit_command.hpp"

#include "playground_model.hpp"

namespace nnplay::gui {

EditCommand::EditCommand(PlaygroundModel& model, Edit before, Edit after, const QString& text,
                         int mergeKey)
    : model_(model), before_(std::move(before)), after_(std::move(after)), mergeKey_(mergeKey) {
  setText(text);
}

void EditCommand::undo() {
  applied_ = false;
  if (model_.refusing(ticket_)) {
    model_.restoreDocument(before_);
    setObsolete(true);  // QUndoStack deletes it
    return;
  }
  ticket_ = model_.applyEdit(before_);
}

void EditCommand::redo() {
  applied_ = true;
  ticket_ = model_.applyEdit(after_);
}

bool EditCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = dynamic_cast<const EditCommand*>(other);
  if (!o || o->mergeKey_ != mergeKey_ || mergeKey_ == 0) return false;
  after_.mergeAfter(o->after_);
  before_.mergeBefore(o->before_);
  ticket_ = o->ticket_;  // the merged edit's answer is the one still to come
  return true;
}

}  // namespace nnplay::gui
