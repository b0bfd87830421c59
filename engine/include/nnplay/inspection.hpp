#pragma once
// What the math view and the activation explorer look at, computed on the
// session thread from the live network: the trace of a chosen sample (or of
// the rows of a step), and the hidden units' health with their
// pre-activations over a fixed batch of training rows.
#include <cstdint>
#include <memory>
#include <vector>

#include "nnplay/data_source.hpp"
#include "nnplay/trace.hpp"
#include "nnplay/trainer.hpp"
#include "nnplay/unit_health.hpp"

namespace nnplay {

// One sample of the prepared data: a row of the training or the test set.
struct SampleRef {
  enum class Set { Train, Test };
  Set set = Set::Train;
  int row = 0;
  bool operator==(const SampleRef&) const = default;
};

// The math of the last manual step (stepBatch or stepSample), computed with
// the weights before it: the update it shows is the one the step made.
struct StepTrace {
  std::vector<std::uint32_t> rows;  // training rows of the step
  long stepBefore = 0;              // the session's step counter before it
  Trace trace;
};

struct UnitInspection {
  long step = 0;                    // the session's step counter when measured
  int rows = 0;                     // training rows measured
  std::vector<LayerHealth> health;  // per hidden layer
  // Per spec layer (hidden and output), the pre-activations: units × rows.
  std::vector<RowMatrix> preActivations;
};

// Throws SpecError naming the set and its size when the row is out of range.
Dataset sampleRows(const PreparedData& data, SampleRef::Set set, const std::vector<int>& rows);
// The trace of rows of one set, with the trainer's weights, state and encoding.
Trace traceRows(Trainer& trainer, const PreparedData& data, SampleRef::Set set,
                const std::vector<int>& rows);
// Up to maxRows of the training set (the first ones, so the picture is stable).
UnitInspection inspectUnits(Network& net, const Dataset& train, int maxRows);

}  // namespace nnplay
