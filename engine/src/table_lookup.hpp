#pragma once
// Name lookup shared by the engine's tables (activations, losses,
// initializers, optimizers, generators): every row has a `name`.
#include <span>
#include <string>
#include <string_view>

#include "nnplay/error.hpp"

namespace nnplay::detail {

// "a, b, c" for error and help messages.
template <typename Row>
std::string joinNames(std::span<const Row> rows) {
  std::string s;
  for (const Row& r : rows) {
    if (!s.empty()) s += ", ";
    s += r.name;
  }
  return s;
}

// The row called `name`; throws SpecError("unknown <what> 'name'; expected one of: ...").
template <typename Row>
const Row& findByName(std::span<const Row> rows, std::string_view name, std::string_view what) {
  for (const Row& r : rows) {
    if (r.name == name) return r;
  }
  throw SpecError("unknown " + std::string(what) + " '" + std::string(name) +
                  "'; expected one of: " + joinNames(rows));
}

}  // namespace nnplay::detail
