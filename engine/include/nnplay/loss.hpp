#pragma once
// Loss functions as one table. The batch loss is the mean over samples of a
// per-sample loss; for the regression losses the per-sample loss is the mean
// over output columns (PyTorch's and Keras's "mean" reduction).
//
// Cross-entropy losses are fused with their output activation (softmax for
// "ce", sigmoid for "bce"): they read the logits and write the gradient with
// respect to the logits, which is numerically stable (log-sum-exp) and is why
// they require that output activation.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "nnplay/activation.hpp"

namespace nnplay {

enum class LossId { Mse, HalfMse, Mae, Huber, Bce, Ce };

struct LossInfo {
  LossId id;
  std::string_view name;
  std::string_view label;
  // The output activation this loss is fused with, if any (ce: softmax, bce: sigmoid).
  std::optional<ActivationId> fusedWith;
  // True when targets may be given as one class-index column instead of one-hot.
  bool acceptsClassIndex;
  // Adds the batch's summed per-sample loss to the return value and writes the
  // gradient of the batch MEAN loss: with respect to the logits z when fused,
  // otherwise with respect to the outputs a. Targets have tcols columns: equal
  // to cols, or 1 (class index) when acceptsClassIndex. grad may be null.
  double (*evaluate)(const float* z, const float* a, const float* t, float* grad, std::size_t rows,
                     std::size_t cols, std::size_t tcols);
};

std::span<const LossInfo> losses();
const LossInfo& loss(LossId id);
const LossInfo& lossByName(std::string_view name);  // throws SpecError
std::string lossNames();

}  // namespace nnplay
