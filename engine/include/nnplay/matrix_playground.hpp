#pragma once
// The course's matrix playground (COURSE.md c01): small matrices typed as
// text, their product with the shape rule, element-wise +, −, ⊙, and an
// activation applied element-wise; the "matrix lens" writes one cell of a
// product out as its dot product. Values are doubles, so the course's integer
// examples come out exact.
//
// Errors are SpecError with a message for people: where a typed matrix is
// malformed (the character and what was expected), and which shapes do not
// fit and why.
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/activation.hpp"

namespace nnplay {

struct SmallMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<double> values;  // row-major

  double at(int r, int c) const { return values[static_cast<std::size_t>(r * cols + c)]; }
  std::string shape() const { return std::to_string(rows) + "×" + std::to_string(cols); }
  bool operator==(const SmallMatrix&) const = default;
};

// At most this many rows and columns: a playground, not a data set.
inline constexpr int kMaxSmallMatrixSide = 64;

// "[[0,2,4],[8,10,12]]" (nested brackets, as NumPy prints) or "0 2 4; 8 10 12"
// (rows separated by ';', values by spaces or commas). `what` names the
// matrix in errors ("A"). Throws SpecError: ragged rows, a value that is not
// a finite number, an empty matrix, more than kMaxSmallMatrixSide a side.
SmallMatrix parseMatrix(std::string_view text, std::string_view what = "matrix");

// A (m×n) · B (n×p) = m×p. Throws SpecError naming both shapes when A's
// columns differ from B's rows.
SmallMatrix multiply(const SmallMatrix& a, const SmallMatrix& b);

enum class ElementwiseOp { Add, Subtract, Multiply };
// Same shapes only (no broadcasting: the course teaches the rule first).
SmallMatrix elementwise(const SmallMatrix& a, const SmallMatrix& b, ElementwiseOp op);
// f applied to every value (softmax: to each row), with the engine's own
// activation code.
SmallMatrix applyActivation(const SmallMatrix& m, ActivationId id);

// "[[180, 204, 228], [500, 588, 676]]"; integers without a decimal point.
std::string formatMatrix(const SmallMatrix& m);
// One cell of A·B written out: "0·1 + 2·7 + 4·13 + 6·19 = 180".
std::string dotProductText(const SmallMatrix& a, const SmallMatrix& b, int row, int col);

}  // namespace nnplay
