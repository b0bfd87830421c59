// Metrics against values worked out by hand.
#include <gtest/gtest.h>

#include "nnplay/metrics.hpp"

namespace nnplay {
namespace {

TEST(Metrics, BinaryAccuracyThresholdsAtTheMidpoint) {
  Dataset d;
  d.task = Task::Classification;
  d.x = RowMatrix::Zero(4, 2);
  d.y.resize(4, 1);
  d.y << 1, 0, 1, 0;
  RowMatrix out(4, 1);
  out << 0.2f, -0.3f, -0.1f, 0.9f;  // tanh outputs: sign decides
  TargetEncoding tanhEnc{TargetEncoding::Kind::Binary, -1.0f, 1.0f, 1};
  EXPECT_DOUBLE_EQ(accuracy(d, out, tanhEnc), 0.5);  // rows 0 and 1 right
  TargetEncoding sigEnc{TargetEncoding::Kind::Binary, 0.0f, 1.0f, 1};
  RowMatrix p(4, 1);
  p << 0.6f, 0.4f, 0.49f, 0.51f;
  EXPECT_DOUBLE_EQ(accuracy(d, p, sigEnc), 0.5);
}

TEST(Metrics, MultiClassAccuracyIsArgmax) {
  Dataset d;
  d.task = Task::Classification;
  d.classes = 3;
  d.x = RowMatrix::Zero(3, 2);
  d.y.resize(3, 1);
  d.y << 2, 0, 1;
  RowMatrix out(3, 3);
  out << 0.1f, 0.2f, 0.7f, 0.5f, 0.4f, 0.1f, 0.6f, 0.3f, 0.1f;
  TargetEncoding enc{TargetEncoding::Kind::ClassIndex, 0.0f, 1.0f, 1};
  EXPECT_NEAR(accuracy(d, out, enc), 2.0 / 3.0, 1e-12);
}

TEST(Metrics, RegressionMaeRmseR2) {
  Dataset d;
  d.task = Task::Regression;
  d.classes = 0;
  d.x = RowMatrix::Zero(4, 1);
  d.y.resize(4, 1);
  d.y << 1, 2, 3, 4;
  RowMatrix out(4, 1);
  out << 1.5f, 2.0f, 2.0f, 4.0f;
  TargetEncoding enc;
  const Evaluation e = evaluate(d, out, out, loss(LossId::Mse), enc);
  EXPECT_NEAR(e.mae, (0.5 + 0 + 1 + 0) / 4.0, 1e-9);
  EXPECT_NEAR(e.rmse, std::sqrt((0.25 + 1.0) / 4.0), 1e-9);
  EXPECT_NEAR(e.r2, 1.0 - 1.25 / 5.0, 1e-9);  // SS_tot = 2.25+0.25+0.25+2.25
  EXPECT_NEAR(e.loss, 1.25 / 4.0, 1e-9);
}

}  // namespace
}  // namespace nnplay
