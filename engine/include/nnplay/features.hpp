#pragma once
// The input features of a 1-D or 2-D dataset, as one table: TF Playground's
// X1, X2, X1², X2², X1·X2, sin X1, sin X2, plus cos X1 and cos X2. Selecting
// features sets the input layer's width.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/tensor.hpp"

namespace nnplay {

enum class FeatureId { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2, CosX1, CosX2, One };

struct FeatureInfo {
  FeatureId id;
  std::string_view name;   // command line and files: x1, x2, x1sq, x2sq, x1x2, sinx1, ...
  std::string_view label;  // what a person reads: X₁²
  int inputsNeeded;        // 1 when it uses X1 only, 2 when it uses X2
  float (*f)(float x1, float x2);
};

std::span<const FeatureInfo> features();
const FeatureInfo& feature(FeatureId id);
const FeatureInfo& featureByName(std::string_view name);  // throws SpecError
std::string featureNames();

// The selected features, in table order. Empty means "the raw columns as they
// are" (tables, images).
struct FeatureMap {
  std::vector<FeatureId> ids;

  bool operator==(const FeatureMap&) const = default;

  bool isIdentity() const { return ids.empty(); }
  int width(int rawInputs) const { return ids.empty() ? rawInputs : static_cast<int>(ids.size()); }
  // Requires raw.cols() to be 1 or 2 (or any width for the identity map).
  // Throws SpecError when a feature needs X2 and the data has one input.
  RowMatrix apply(const RowMatrix& raw) const;
  std::vector<std::string> names(const std::vector<std::string>& rawNames) const;
  // Parses "x1,x2,x1sq"; throws SpecError naming an unknown feature.
  static FeatureMap parse(std::string_view commaSeparated);
  // X1 and X2 (or X1 alone for 1-D data): TF Playground's default.
  static FeatureMap plain(int rawInputs);
};

}  // namespace nnplay
