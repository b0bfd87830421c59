#pragma once
// A gradient-descent lab setup in its own small file (.nnplay-lab.json): the
// surface, the start, the steps and each optimizer's switch and settings, so
// a teacher can prepare a race and open it in class.
#include <QString>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/descent.hpp"
#include "nnplay/optimizer.hpp"

namespace nnplay::gui {

class SurfaceRacePanel;

struct LabSetup {
  SurfaceId surface = SurfaceId::Bowl;
  Point2 start;
  int steps = 200;
  struct Optimizer {
    bool enabled = true;
    OptimizerSettings settings;
  };
  std::vector<Optimizer> optimizers;  // in the optimizer table's order
  bool operator==(const LabSetup&) const;
};

LabSetup labSetupOf(const SurfaceRacePanel& panel);
void applyLabSetup(SurfaceRacePanel& panel, const LabSetup& setup);

std::string labSetupToJson(const LabSetup& setup);
// Throws DataError naming the source and the field and what was expected.
LabSetup labSetupFromJson(std::string_view text, const std::string& source);
void saveLabSetup(const LabSetup& setup, const QString& path);  // atomically
LabSetup loadLabSetup(const QString& path);

}  // namespace nnplay::gui
