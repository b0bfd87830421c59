#pragma once
// What the .npz and ONNX writers share: checking that an input transform fits
// the network, and which of its steps are not the identity.
#include <cmath>
#include <string>
#include <vector>

#include "nnplay/error.hpp"
#include "nnplay/input_transform.hpp"
#include "nnplay/network.hpp"

namespace nnplay::detail {

inline bool scalesInputs(const InputTransform& t) {
  return t.scaler.fitted() && t.scaler.id != ScalingId::None;
}
inline bool scalesTargets(const InputTransform& t) {
  return t.targetScaler.fitted() && t.targetScaler.id != ScalingId::None;
}

inline void checkScaler(const Scaler& s, int width, const std::string& what) {
  const auto w = static_cast<std::size_t>(width);
  if (s.offset.size() != w || s.factor.size() != w) {
    throw SpecError(what + " has " + std::to_string(s.offset.size()) + " offsets and " +
                    std::to_string(s.factor.size()) + " factors; the network needs " +
                    std::to_string(width));
  }
  for (std::size_t i = 0; i < w; ++i) {
    if (!std::isfinite(s.offset[i]) || !std::isfinite(s.factor[i]) || s.factor[i] == 0.0f) {
      throw SpecError(what + " column " + std::to_string(i) + " is not finite or has factor 0");
    }
  }
}

// Requires nothing. Guarantees: returns when the transform can be exported in
// front of and behind `net`; throws SpecError naming the mismatch otherwise.
inline void checkExportable(const Network& net, const InputTransform& t) {
  if (t.rawInputs < 1) throw SpecError("the input transform has no raw inputs");
  if (!std::isfinite(t.pixelScale)) throw SpecError("the pixel scale is not finite");
  if (!t.features.isIdentity()) {
    if (t.rawInputs > 2) {
      throw SpecError("a feature map needs 1-D or 2-D data; the transform has " +
                      std::to_string(t.rawInputs) + " raw inputs");
    }
    for (FeatureId id : t.features.ids) {
      if (feature(id).inputsNeeded > t.rawInputs) {
        throw SpecError("feature " + std::string(feature(id).name) + " needs a second input");
      }
    }
  }
  if (t.networkInputs() != net.inputs()) {
    throw SpecError("the input transform produces " + std::to_string(t.networkInputs()) +
                    " columns; the network expects " + std::to_string(net.inputs()));
  }
  if (scalesInputs(t)) checkScaler(t.scaler, net.inputs(), "the input scaling");
  if (scalesTargets(t)) checkScaler(t.targetScaler, net.outputs(), "the target scaling");
}

inline std::vector<float> values(const RowMatrix& m) {
  return std::vector<float>(m.data(), m.data() + m.size());
}

}  // namespace nnplay::detail
