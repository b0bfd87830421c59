#include "nnplay/unit_health.hpp"

#include <algorithm>
#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

int LayerHealth::deadCount() const {
  return static_cast<int>(std::count(dead.begin(), dead.end(), true));
}

int LayerHealth::saturatedCount() const {
  return static_cast<int>(std::count(saturated.begin(), saturated.end(), true));
}

std::vector<LayerHealth> unitHealth(Network& net, const RowMatrix& x) {
  if (x.rows() == 0) throw SpecError("unit health needs at least one sample");
  std::vector<RowMatrix> z;
  net.predictLayersTransposed(x, z, true);  // units x rows, one row per unit
  std::vector<LayerHealth> health;
  const auto& layers = net.spec().layers;
  const auto n = static_cast<std::size_t>(x.rows());
  std::vector<float> a(n), ones(n, 1.0f), derivative(n);
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
    const ActivationInfo& f = activation(layers[l].activation);
    LayerHealth h;
    h.units = layers[l].units;
    for (int u = 0; u < h.units; ++u) {
      const float* zu = z[l].row(u).data();
      f.forward(zu, a.data(), n, n);
      f.backward(zu, a.data(), ones.data(), derivative.data(), n, n);
      // Zero out and zero gradient on every sample: nothing flows back to its weights.
      const bool dead =
          std::all_of(a.begin(), a.end(), [](float v) { return v == 0.0f; }) &&
          std::all_of(derivative.begin(), derivative.end(), [](float d) { return d == 0.0f; });
      const auto flat = std::count_if(derivative.begin(), derivative.end(),
                                      [](float d) { return std::abs(d) < kSaturatedDerivative; });
      h.dead.push_back(dead);
      // A dead unit is flat too; "saturated" is kept for units that still fire.
      h.saturated.push_back(!dead && 2 * static_cast<std::size_t>(flat) > n);
    }
    health.push_back(std::move(h));
  }
  return health;
}

}  // namespace nnplay
