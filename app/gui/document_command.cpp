#include "document_command.hpp"

#include "playground_model.hpp"

namespace nnplay::gui {

DocumentCommand::DocumentCommand(PlaygroundModel& model, Document before, Document after,
                                 const QString& text, int mergeKey)
    : model_(model), before_(std::move(before)), after_(std::move(after)), mergeKey_(mergeKey) {
  setText(text);
}

void DocumentCommand::undo() {
  model_.apply(before_);
}
void DocumentCommand::redo() {
  model_.apply(after_);
}

bool DocumentCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = dynamic_cast<const DocumentCommand*>(other);
  if (!o || o->mergeKey_ != mergeKey_ || mergeKey_ == 0) return false;
  after_ = o->after_;
  return true;
}

}  // namespace nnplay::gui
