#include "nnplay/grid.hpp"

#include "nnplay/error.hpp"

namespace nnplay {

Grid evaluateGrid(Network& net, const InputTransform& t, int resolution, float extent) {
  if (t.rawInputs < 1 || t.rawInputs > 2) {
    throw SpecError("a grid needs 1-D or 2-D inputs; this data has " + std::to_string(t.rawInputs));
  }
  if (resolution < 2 || resolution > 1024) {
    throw SpecError("grid resolution must be between 2 and 1024, got " + std::to_string(resolution));
  }
  Grid g;
  g.resolution = resolution;
  g.rows = t.rawInputs == 2 ? resolution : 1;
  g.extent = extent;
  const int points = g.rows * resolution;
  RowMatrix raw(points, t.rawInputs);
  const float step = 2.0f * extent / static_cast<float>(resolution - 1);
  for (int iy = 0; iy < g.rows; ++iy) {
    for (int ix = 0; ix < resolution; ++ix) {
      const int r = iy * resolution + ix;
      raw(r, 0) = -extent + step * static_cast<float>(ix);
      if (t.rawInputs == 2) raw(r, 1) = extent - step * static_cast<float>(iy);
    }
  }
  const RowMatrix input = t.apply(raw);
  std::vector<RowMatrix> layers = net.predictLayers(input);
  g.outputs = t.unscaleOutputs(layers.back()).transpose();
  g.layers.reserve(layers.size() + 1);
  g.layers.emplace_back(input.transpose());
  for (RowMatrix& l : layers) g.layers.emplace_back(l.transpose());
  return g;
}

}  // namespace nnplay
