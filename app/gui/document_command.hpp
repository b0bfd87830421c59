#pragma once
// One undoable edit of the playground document: the whole document before
// and after (it is small), applied through the model. Edits with the same
// non-zero merge key in a row merge into one step, so dragging a slider from
// 0.1 to 0.5 undoes in one go.
#include <QUndoCommand>

#include "document.hpp"

namespace nnplay::gui {

class PlaygroundModel;

class DocumentCommand : public QUndoCommand {
 public:
  DocumentCommand(PlaygroundModel& model, Document before, Document after, const QString& text,
                  int mergeKey);
  void undo() override;
  void redo() override;
  int id() const override { return mergeKey_ == 0 ? -1 : mergeKey_; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  PlaygroundModel& model_;
  Document before_;
  Document after_;
  int mergeKey_;
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
};

}  // namespace nnplay::gui
