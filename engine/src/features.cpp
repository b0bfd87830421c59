#include "nnplay/features.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {
constexpr std::array kTable = {
    FeatureInfo{FeatureId::X1, "x1", "X₁", 1, [](float a, float) { return a; }},
    FeatureInfo{FeatureId::X2, "x2", "X₂", 2, [](float, float b) { return b; }},
    FeatureInfo{FeatureId::X1Squared, "x1sq", "X₁²", 1, [](float a, float) { return a * a; }},
    FeatureInfo{FeatureId::X2Squared, "x2sq", "X₂²", 2, [](float, float b) { return b * b; }},
    FeatureInfo{FeatureId::X1X2, "x1x2", "X₁X₂", 2, [](float a, float b) { return a * b; }},
    FeatureInfo{FeatureId::SinX1, "sinx1", "sin(X₁)", 1,
                [](float a, float) { return std::sin(a); }},
    FeatureInfo{FeatureId::SinX2, "sinx2", "sin(X₂)", 2,
                [](float, float b) { return std::sin(b); }},
    FeatureInfo{FeatureId::CosX1, "cosx1", "cos(X₁)", 1,
                [](float a, float) { return std::cos(a); }},
    FeatureInfo{FeatureId::CosX2, "cosx2", "cos(X₂)", 2,
                [](float, float b) { return std::cos(b); }},
    // A constant input: with layers that have no bias, its weights are the biases.
    FeatureInfo{FeatureId::One, "one", "1", 1, [](float, float) { return 1.0f; }},
};
}  // namespace

std::span<const FeatureInfo> features() {
  return kTable;
}
const FeatureInfo& feature(FeatureId id) {
  return kTable[static_cast<std::size_t>(id)];
}
const FeatureInfo& featureByName(std::string_view name) {
  return detail::findByName(features(), name, "feature");
}
std::string featureNames() {
  return detail::joinNames(features());
}

RowMatrix FeatureMap::apply(const RowMatrix& raw) const {
  if (ids.empty()) return raw;
  if (raw.cols() < 1 || raw.cols() > 2) {
    throw SpecError("features like x1sq apply to 1-D and 2-D data; this data has " +
                    std::to_string(raw.cols()) + " inputs");
  }
  for (FeatureId id : ids) {
    if (feature(id).inputsNeeded > raw.cols()) {
      throw SpecError("feature " + std::string(feature(id).name) +
                      " needs a second input; this data has one (use x1, x1sq, sinx1, cosx1)");
    }
  }
  RowMatrix out(raw.rows(), static_cast<Eigen::Index>(ids.size()));
  for (Eigen::Index r = 0; r < raw.rows(); ++r) {
    const float x1 = raw(r, 0);
    const float x2 = raw.cols() > 1 ? raw(r, 1) : 0.0f;
    for (std::size_t j = 0; j < ids.size(); ++j) {
      out(r, static_cast<Eigen::Index>(j)) = feature(ids[j]).f(x1, x2);
    }
  }
  return out;
}

std::vector<std::string> FeatureMap::names(const std::vector<std::string>& rawNames) const {
  if (ids.empty()) return rawNames;
  std::vector<std::string> n;
  for (FeatureId id : ids) n.emplace_back(feature(id).name);
  return n;
}

FeatureMap FeatureMap::parse(std::string_view text) {
  FeatureMap m;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    if (!item.empty()) {
      const FeatureId id = featureByName(item).id;
      if (std::find(m.ids.begin(), m.ids.end(), id) == m.ids.end()) m.ids.push_back(id);
    }
    start = comma + 1;
  }
  if (m.ids.empty()) throw SpecError("select at least one feature; known: " + featureNames());
  std::sort(m.ids.begin(), m.ids.end());
  return m;
}

FeatureMap FeatureMap::plain(int rawInputs) {
  FeatureMap m;
  m.ids = rawInputs == 1 ? std::vector<FeatureId>{FeatureId::X1}
                         : std::vector<FeatureId>{FeatureId::X1, FeatureId::X2};
  return m;
}

}  // namespace nnplay
