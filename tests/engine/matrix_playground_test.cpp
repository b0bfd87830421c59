// The matrix playground: the course's c01 examples exactly, the shape rule's
// message, element-wise operations, activations and the matrix lens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "nnplay/error.hpp"
#include "nnplay/matrix_playground.hpp"

#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

std::string errorOf(const std::function<void()>& f) {
  return test::errorOf<SpecError>(f);
}

TEST(MatrixPlayground, TheCourseProduct) {
  const SmallMatrix a = parseMatrix("[[0,2,4,6],[8,10,12,14]]");
  const SmallMatrix b = parseMatrix("[[1,3,5],[7,9,11],[13,15,17],[19,21,23]]");
  EXPECT_EQ(a.rows, 2);
  EXPECT_EQ(a.cols, 4);
  const SmallMatrix c = multiply(a, b);
  EXPECT_EQ(c, parseMatrix("[[180,204,228],[500,588,676]]"));
  EXPECT_EQ(formatMatrix(c), "[[180, 204, 228], [500, 588, 676]]");
  EXPECT_EQ(dotProductText(a, b, 0, 0), "0·1 + 2·7 + 4·13 + 6·19 = 180");
  EXPECT_EQ(dotProductText(a, b, 1, 2), "8·5 + 10·11 + 12·17 + 14·23 = 676");
  EXPECT_THAT(errorOf([&] { dotProductText(a, b, 2, 0); }), HasSubstr("no cell (3, 1)"));
}

TEST(MatrixPlayground, TheShapeRuleSaysWhy) {
  const SmallMatrix a = parseMatrix("1 2; 3 4");
  const SmallMatrix b = parseMatrix("1 2; 3 4; 5 6");
  EXPECT_EQ(errorOf([&] { multiply(a, b); }),
            "cannot multiply 2×2 by 3×2: the first has 2 columns, the second 3 rows (they must "
            "be equal; the product would be 2×2)");
  EXPECT_EQ(multiply(b, a).rows, 3);
  EXPECT_THAT(errorOf([&] { elementwise(a, b, ElementwiseOp::Add); }),
              HasSubstr("equal shapes; got 2×2 and 3×2"));
}

TEST(MatrixPlayground, ElementwiseAndActivations) {
  const SmallMatrix a = parseMatrix("[[1,-2],[3,4]]");
  const SmallMatrix b = parseMatrix("[[5,6],[7,8]]");
  EXPECT_EQ(formatMatrix(elementwise(a, b, ElementwiseOp::Add)), "[[6, 4], [10, 12]]");
  EXPECT_EQ(formatMatrix(elementwise(a, b, ElementwiseOp::Subtract)), "[[-4, -8], [-4, -4]]");
  EXPECT_EQ(formatMatrix(elementwise(a, b, ElementwiseOp::Multiply)), "[[5, -12], [21, 32]]");
  EXPECT_EQ(formatMatrix(applyActivation(a, ActivationId::Relu)), "[[1, 0], [3, 4]]");
  const SmallMatrix s = applyActivation(a, ActivationId::Softmax);
  EXPECT_NEAR(s.at(0, 0) + s.at(0, 1), 1.0, 1e-6) << "softmax works per row";
  EXPECT_NEAR(s.at(1, 1), 1.0 / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(applyActivation(a, ActivationId::Sigmoid).at(0, 0), 1.0 / (1.0 + std::exp(-1.0)),
              1e-6);
}

TEST(MatrixPlayground, BothNotationsAndDecimals) {
  EXPECT_EQ(parseMatrix("[1, 2, 3]"), parseMatrix("1 2 3"));
  EXPECT_EQ(parseMatrix("1,2\n3,4\n"), parseMatrix("[[1,2],[3,4]]"));
  const SmallMatrix d = parseMatrix("[[0.5, -1e-3]]");
  EXPECT_DOUBLE_EQ(d.at(0, 1), -0.001);
  EXPECT_EQ(formatMatrix(d), "[[0.5, -0.001]]");
}

TEST(MatrixPlayground, MalformedMatricesAreNamedWithTheirPlace) {
  EXPECT_EQ(errorOf([] { parseMatrix("[[1,2],[3]]", "A"); }), "A: row 2 has 1 values; row 1 has 2");
  EXPECT_EQ(errorOf([] { parseMatrix("[[1,x],[3,4]]", "B"); }),
            "B, character 5: 'x' is not a number");
  EXPECT_THAT(errorOf([] { parseMatrix("[[1,2]", "A"); }), HasSubstr("without its ']'"));
  EXPECT_THAT(errorOf([] { parseMatrix("1]", "A"); }), HasSubstr("character 2: a ']' without"));
  EXPECT_THAT(errorOf([] { parseMatrix("[[[1]]]", "A"); }), HasSubstr("two deep"));
  EXPECT_EQ(errorOf([] { parseMatrix(" [ ] ", "A"); }), "A is empty");
  EXPECT_THAT(errorOf([] { parseMatrix("1e999", "A"); }), HasSubstr("not a number"));
  std::string wide;
  for (int i = 0; i < 65; ++i) wide += "1 ";
  EXPECT_THAT(errorOf([&] { parseMatrix(wide, "A"); }), HasSubstr("more than 64"));
}

}  // namespace
}  // namespace nnplay
