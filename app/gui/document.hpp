#pragma once
// What a person edits in the playground and what a project file stores: the
// data source, the network drawn, the hyperparameters and the device. Plain
// values (no Qt), so undo commands can copy them and tests can compare them.
//
// An Edit is a change of some parts of a document: it carries just the parts
// it changes, so the undo command swaps those and the session hears only of
// those (a learning-rate edit is a TrainingSettings, nothing else).
#include <optional>
#include <string>

#include "nnplay/data_source.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay::gui {

struct Document {
  DataSpec data;
  NetworkSpec network;
  TrainingSettings training;
  std::string device = "cpu";

  bool operator==(const Document&) const = default;

  // The spiral with noise 0, a 2-8-8-1 tanh network with a sigmoid output,
  // binary cross-entropy, Adam at 0.01, batches of 10: ready to play.
  static Document defaults();
};

struct Edit {
  std::optional<DataSpec> data;  // the source, its settings, features, drawn points
  std::optional<NetworkSpec> network;
  std::optional<TrainingSettings> training;  // hyperparameters and loss
  std::optional<std::string> device;

  bool empty() const { return !data && !network && !training && !device; }
  // The parts of `doc` that this edit changes (to undo it).
  Edit partsOf(const Document& doc) const;
  // Drops the parts equal to the document's.
  Edit changesFrom(const Document& doc) const;
  void applyTo(Document& doc) const;
  // Adds the parts of `later` (merging a run of edits); `laterBefore` gives
  // the prior values of parts this edit did not touch yet.
  void mergeAfter(const Edit& later);
  void mergeBefore(const Edit& laterBefore);
};

}  // namespace nnplay::gui
