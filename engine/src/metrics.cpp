#include "nnplay/metrics.hpp"

#include <cmath>

namespace nnplay {

double accuracy(const Dataset& d, const RowMatrix& outputs, const TargetEncoding& encoding) {
  if (d.rows() == 0) return 0.0;
  int correct = 0;
  for (int r = 0; r < d.rows(); ++r) {
    const int predicted =
        encoding.predictClass(outputs.row(r).data(), static_cast<int>(outputs.cols()));
    if (predicted == static_cast<int>(d.y(r, 0))) ++correct;
  }
  return static_cast<double>(correct) / d.rows();
}

double rSquared(const RowMatrix& predicted, const RowMatrix& actual) {
  const double mean = actual.cast<double>().mean();
  const double ssRes = (predicted.cast<double>() - actual.cast<double>()).squaredNorm();
  const double ssTot = (actual.cast<double>().array() - mean).matrix().squaredNorm();
  return ssTot > 0.0 ? 1.0 - ssRes / ssTot : 0.0;
}

Evaluation evaluate(const Dataset& d, const RowMatrix& logits, const RowMatrix& outputs,
                    const LossInfo& loss, const TargetEncoding& encoding) {
  Evaluation e;
  if (d.rows() == 0) return e;
  const RowMatrix t = encoding.encode(d);
  const double sum = loss.evaluate(
      logits.data(), outputs.data(), t.data(), nullptr, static_cast<std::size_t>(d.rows()),
      static_cast<std::size_t>(outputs.cols()), static_cast<std::size_t>(t.cols()));
  e.loss = sum / d.rows();
  if (d.task == Task::Classification) {
    e.accuracy = accuracy(d, outputs, encoding);
  } else {
    const Eigen::ArrayXXd diff = (outputs.cast<double>() - d.y.cast<double>()).array();
    e.mae = diff.abs().mean();
    e.rmse = std::sqrt(diff.square().mean());
    e.r2 = rSquared(outputs, d.y);
  }
  return e;
}

}  // namespace nnplay
