#include "nnplay/parameter_names.hpp"

#include <charconv>

namespace nnplay {

namespace {

struct KindRow {
  ArrayKind kind;
  std::string_view group;  // before the "_N"
  std::string_view array;  // after the "/"
};

constexpr KindRow kKinds[] = {
    {ArrayKind::Kernel, "dense", "kernel"},
    {ArrayKind::Bias, "dense", "bias"},
    {ArrayKind::Gamma, "batchnorm", "gamma"},
    {ArrayKind::Beta, "batchnorm", "beta"},
    {ArrayKind::RunningMean, "batchnorm", "running_mean"},
    {ArrayKind::RunningVar, "batchnorm", "running_var"},
};

const KindRow& row(ArrayKind kind) {
  for (const KindRow& r : kKinds) {
    if (r.kind == kind) return r;
  }
  return kKinds[0];  // unreachable: every enumerator has a row
}

}  // namespace

std::string parameterName(ArrayKind kind, int layer) {
  const KindRow& r = row(kind);
  std::string name(r.group);
  name += '_';
  name += std::to_string(layer);
  name += '/';
  name += r.array;
  return name;
}

std::string parameterName(const ParameterName& name) {
  return parameterName(name.kind, name.layer);
}

std::optional<ParameterName> parseParameterName(std::string_view name) {
  const std::size_t underscore = name.find('_');
  const std::size_t slash = name.find('/');
  if (underscore == std::string_view::npos || slash == std::string_view::npos ||
      slash < underscore) {
    return std::nullopt;
  }
  const std::string_view group = name.substr(0, underscore);
  const std::string_view digits = name.substr(underscore + 1, slash - underscore - 1);
  const std::string_view array = name.substr(slash + 1);
  // Digits only, no sign and no leading zero, so each name has one spelling.
  if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int layer = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), layer);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  for (const KindRow& r : kKinds) {
    if (r.group == group && r.array == array) return ParameterName{r.kind, layer};
  }
  return std::nullopt;
}

}  // namespace nnplay
