#pragma once
// `nnplay-cli matrix A B`: the course's matrix playground in a shell (the
// product with its shape rule, element-wise operations, one cell written out).
#include <ostream>
#include <string>

namespace nnplay::cli {

struct MatrixOptions {
  std::string a;
  std::string b;               // empty: only --activation on A
  std::string op = "product";  // product, add, subtract, hadamard
  std::string activation;      // applied to the result, element-wise
  std::string cell;            // "ROW,COL" (from 1): that cell of A·B as a dot product
};

// Throws SpecError (exit code 2) for malformed matrices and shapes that do not fit.
int runMatrix(const MatrixOptions& o, std::ostream& out);

}  // namespace nnplay::cli
