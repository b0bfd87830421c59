#pragma once
// Evaluation of a network's outputs against a dataset: the loss, and accuracy
// for classification or MAE, RMSE and R^2 for regression.
#include "nnplay/dataset.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/targets.hpp"

namespace nnplay {

struct Evaluation {
  double loss = 0.0;
  double accuracy = 0.0;  // classification
  double mae = 0.0;       // regression
  double rmse = 0.0;
  double r2 = 0.0;
};

// Requires: logits and outputs have d.rows() rows; encoding from chooseEncoding.
Evaluation evaluate(const Dataset& d, const RowMatrix& logits, const RowMatrix& outputs,
                    const LossInfo& loss, const TargetEncoding& encoding);

double accuracy(const Dataset& d, const RowMatrix& outputs, const TargetEncoding& encoding);
double rSquared(const RowMatrix& predicted, const RowMatrix& actual);

}  // namespace nnplay
