#pragma once
// The names of a network's arrays, in one place: dense_N/kernel, dense_N/bias,
// batchnorm_N/gamma, batchnorm_N/beta, batchnorm_N/running_mean and
// batchnorm_N/running_var, where N is the spec layer's index (a batch norm
// shares the index of its dense layer). Files, exports and the GUI use these.
#include <optional>
#include <string>
#include <string_view>

namespace nnplay {

enum class ArrayKind { Kernel, Bias, Gamma, Beta, RunningMean, RunningVar };

struct ParameterName {
  ArrayKind kind;
  int layer;  // spec layer index, >= 0
  bool operator==(const ParameterName&) const = default;
};

// Requires layer >= 0. E.g. parameterName(ArrayKind::Kernel, 1) == "dense_1/kernel".
std::string parameterName(ArrayKind kind, int layer);
std::string parameterName(const ParameterName& name);

// The inverse of parameterName: nullopt unless `name` is exactly one of its results.
std::optional<ParameterName> parseParameterName(std::string_view name);

}  // namespace nnplay
