// A lesson step's matrix example, computed as the matrix playground does.
#include <cmath>

#include "nnplay/lesson.hpp"

namespace nnplay {

SmallMatrix lessonMatrixResult(const LessonMatrix& m) {
  SmallMatrix r = parseMatrix(m.a, "a");
  if (!m.b.empty()) {
    const SmallMatrix b = parseMatrix(m.b, "b");
    if (m.op == "product") {
      r = multiply(r, b);
    } else {
      r = elementwise(r, b,
                      m.op == "add"        ? ElementwiseOp::Add
                      : m.op == "subtract" ? ElementwiseOp::Subtract
                                           : ElementwiseOp::Multiply);
    }
  }
  if (m.activation) r = applyActivation(r, *m.activation);
  return r;
}

bool lessonMatrixMatches(const LessonMatrix& m, const SmallMatrix& got) {
  if (m.result.empty()) return true;
  const SmallMatrix want = parseMatrix(m.result, "result");
  if (want.rows != got.rows || want.cols != got.cols) return false;
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    if (!(std::fabs(want.values[i] - got.values[i]) <= 5e-5)) return false;
  }
  return true;
}

}  // namespace nnplay
