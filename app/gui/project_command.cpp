#include "project_command.hpp"

#include "playground_model.hpp"

namespace nnplay::gui {

ProjectCommand::ProjectCommand(PlaygroundModel& model, Edit before, Edit after, RunState runBefore,
                               RunState runAfter, const QString& text)
    : EditCommand(model, std::move(before), std::move(after), text, kMergeNone),
      model_(model),
      before_(std::move(runBefore)),
      after_(std::move(runAfter)) {}

void ProjectCommand::start(const RunState& run) {
  Session& s = model_.session();
  s.pause();
  if (run.parameters.empty()) {
    s.reset();  // the seed's weights: the same start every time
  } else {
    s.restore(run.parameters, run.state, run.trainer, run.history);
  }
}

void ProjectCommand::redo() {
  EditCommand::redo();
  start(after_);
}

void ProjectCommand::undo() {
  const bool refused = model_.refusing(ticket());
  EditCommand::undo();
  if (!refused) start(before_);
}

}  // namespace nnplay::gui
