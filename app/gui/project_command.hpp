#pragma once
// One undoable replacement of the whole run: the document's parts and the
// weights it starts from, as a lesson step applies them (and Reset step,
// and Apply solution). Redo applies the new parts like an EditCommand, then
// starts the weights afresh from the seed (or restores the ones the step
// gives); undo puts the parts back and restores the run as it was — weights,
// optimizer state and history — so leaving a step loses nothing.
//
// It is an EditCommand, so a part the session refuses later is taken off the
// stack the same way (PlaygroundModel::undoRefused).
#include <optional>
#include <vector>

#include "edit_command.hpp"
#include "nnplay/history.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::gui {

// Weights and what goes with them; empty parameters: initialize from the seed.
struct RunState {
  std::vector<float> parameters;
  std::vector<float> state;
  std::optional<TrainerState> trainer;
  std::vector<HistoryPoint> history;
};

class ProjectCommand : public EditCommand {
 public:
  ProjectCommand(PlaygroundModel& model, Edit before, Edit after, RunState runBefore,
                 RunState runAfter, const QString& text);
  void undo() override;
  void redo() override;

 private:
  void start(const RunState& run);

  PlaygroundModel& model_;
  RunState before_;
  RunState after_;
};

}  // namespace nnplay::gui
