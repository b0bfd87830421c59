#pragma once
// The engine's host-side matrix type: row-major float32, samples as rows
// ([batch x features]), the layout of Z = XW + b in the course notes and of
// clblast::Layout::kRowMajor.
#include <Eigen/Core>

namespace nnplay {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace nnplay
