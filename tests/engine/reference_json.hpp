#pragma once
// Reading the PyTorch reference files (tests/reference/*.json) in the engine tests.
#include <nlohmann/json.hpp>

#include "nnplay/tensor.hpp"

namespace nnplay::test {

// A matrix from nested lists (a vector is one row; an empty or non-list
// value gives 0×0), in float32 as the engine reads it.
inline RowMatrix jsonMatrix(const nlohmann::json& rows) {
  if (!rows.is_array() || rows.empty()) return RowMatrix(0, 0);
  if (!rows[0].is_array()) {
    RowMatrix m(1, static_cast<Eigen::Index>(rows.size()));
    for (std::size_t j = 0; j < rows.size(); ++j) {
      m(0, static_cast<Eigen::Index>(j)) = rows[j].get<float>();
    }
    return m;
  }
  RowMatrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < rows[i].size(); ++j) {
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j].get<float>();
    }
  }
  return m;
}

}  // namespace nnplay::test
