#include "nnplay/inspection.hpp"

#include <algorithm>

#include "nnplay/error.hpp"

namespace nnplay {

Dataset sampleRows(const PreparedData& data, SampleRef::Set set, const std::vector<int>& rows) {
  const Dataset& d = set == SampleRef::Set::Train ? data.train : data.test;
  const char* name = set == SampleRef::Set::Train ? "training" : "test";
  if (rows.empty()) throw SpecError(std::string("no ") + name + " sample chosen");
  for (int r : rows) {
    if (r < 0 || r >= d.rows()) {
      throw SpecError(std::string(name) + " sample " + std::to_string(r) + " does not exist; the " +
                      name + " set has " + std::to_string(d.rows()) + " rows");
    }
  }
  return d.subset(rows);
}

Trace traceRows(Trainer& trainer, const PreparedData& data, SampleRef::Set set,
                const std::vector<int>& rows) {
  const Dataset d = sampleRows(data, set, rows);
  return trainer.trace(d.inputs(), trainer.encoding().encode(d));
}

UnitInspection inspectUnits(Network& net, const Dataset& train, int maxRows) {
  UnitInspection u;
  u.rows = std::min(maxRows, train.rows());
  if (u.rows < 1) return u;
  const RowMatrix x = train.inputs(0, u.rows);
  u.health = unitHealth(net, x);
  net.predictLayersTransposed(x, u.preActivations, true);
  return u;
}

}  // namespace nnplay
