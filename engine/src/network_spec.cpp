#include "nnplay/network_spec.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

void validate(const NetworkSpec& spec) {
  if (spec.inputs <= 0 || spec.inputs > kMaxUnits) {
    throw SpecError("network input width must be between 1 and " + std::to_string(kMaxUnits) +
                    ", got " + std::to_string(spec.inputs));
  }
  if (spec.layers.empty()) throw SpecError("network has no layers; it needs an output layer");
  if (static_cast<int>(spec.layers.size()) > kMaxLayers) {
    throw SpecError("network has " + std::to_string(spec.layers.size()) + " layers; at most " +
                    std::to_string(kMaxLayers) + " are allowed");
  }
  std::size_t params = 0;
  int width = spec.inputs;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    const bool output = i + 1 == spec.layers.size();
    const std::string where = output ? "output layer" : "hidden layer " + std::to_string(i + 1);
    if (l.units <= 0 || l.units > kMaxUnits) {
      throw SpecError(where + " must have between 1 and " + std::to_string(kMaxUnits) +
                      " neurons, got " + std::to_string(l.units));
    }
    const ActivationInfo& f = activation(l.activation);  // id range checked by the enum
    if (f.rowWise && !output) {
      throw SpecError(where + ": " + std::string(f.name) + " is only allowed on the output layer");
    }
    if (!(l.dropout >= 0.0f && l.dropout < 1.0f)) {
      throw SpecError(where + ": dropout rate must be in [0, 1), got " + std::to_string(l.dropout));
    }
    if (output && l.dropout > 0.0f) throw SpecError("the output layer cannot have dropout");
    if (output && l.batchNorm) throw SpecError("the output layer cannot have batch norm");
    params += static_cast<std::size_t>(width) * l.units + (l.batchNorm ? 2 * l.units
                                                           : l.bias    ? l.units
                                                                       : 0);
    if (params > kMaxParameters) {
      throw SpecError("network has more than " + std::to_string(kMaxParameters) + " parameters");
    }
    width = l.units;
  }
  if (!std::isfinite(spec.initScale) || !std::isfinite(spec.biasInit)) {
    throw SpecError("initializer scale and bias must be finite numbers");
  }
}

NetworkSpec makeSpec(int inputs, const std::vector<int>& hidden, ActivationId hiddenActivation,
                     int outputs, ActivationId outputActivation) {
  NetworkSpec s;
  s.inputs = inputs;
  for (int h : hidden) s.layers.push_back({h, hiddenActivation, 0.0f, false});
  s.layers.push_back({outputs, outputActivation, 0.0f, false});
  return s;
}

}  // namespace nnplay
