#pragma once
// One undoable edit of the playground document: the parts it changes, before
// and after (see Edit). Redo and undo hand that one part to the model, which
// tells the session only that part. Edits with the same non-zero merge key in
// a row merge into one step, so dragging a slider from 0.1 to 0.5 undoes in
// one go.
//
// A session may refuse a part after the fact (on its own thread); the model
// then undoes this command with refusing() true for its ticket: the document
// goes back, the session (which never took the change) is left alone, and the
// command leaves the stack.
#include <QUndoCommand>
#include <cstdint>

#include "document.hpp"

namespace nnplay::gui {

class PlaygroundModel;

class EditCommand : public QUndoCommand {
 public:
  EditCommand(PlaygroundModel& model, Edit before, Edit after, const QString& text, int mergeKey);
  void undo() override;
  void redo() override;
  int id() const override { return mergeKey_ == 0 ? -1 : mergeKey_; }
  bool mergeWith(const QUndoCommand* other) override;

  // The session's ticket for the last redo() or undo(), and which it was.
  std::uint64_t ticket() const { return ticket_; }
  bool applied() const { return applied_; }

 private:
  PlaygroundModel& model_;
  Edit before_;
  Edit after_;
  int mergeKey_;
  std::uint64_t ticket_ = 0;
  bool applied_ = false;
};

// Merge keys for the slider-like controls.
enum MergeKey : int {
  kMergeNone = 0,
  kMergeNoise = 1,
  kMergeTrainRatio,
  kMergeSamples,
  kMergeLearningRate,
  kMergeRegularizationRate,
  kMergeBatchSize,
  kMergeOptimizerParameter,
  kMergeSeed,
  kMergeDrawing,
  kMergeValidation,
  kMergeSchedule,
  kMergeEarlyStopping,
  kMergeAugment,
};

}  // namespace nnplay::gui
