#pragma once
// Optimizers as one table, with PyTorch's update rules so that the reference
// tests can compare step for step:
//   sgd       w -= lr * g
//   momentum  v = mu * v + g;             w -= lr * v
//   nesterov  v = mu * v + g;             w -= lr * (g + mu * v)
//   rmsprop   s = rho * s + (1-rho) g^2;  w -= lr * g / (sqrt(s) + eps)
//   adam      m, v moments; bias-corrected with the step counter t (one per step)
// Batch size picks the flavour of gradient descent: 1 = stochastic, the whole
// training set = batch, anything between = mini-batch.
#include <span>
#include <string>
#include <string_view>

namespace nnplay {

enum class OptimizerId { Sgd, Momentum, Nesterov, Rmsprop, Adam };

struct OptimizerInfo {
  OptimizerId id;
  std::string_view name;
  std::string_view label;
  int stateSlots;  // how many parameter-sized state buffers it keeps (0, 1 or 2)
};

struct OptimizerSettings {
  OptimizerId id = OptimizerId::Adam;
  float learningRate = 0.01f;
  float momentum = 0.9f;  // momentum, nesterov
  float rho = 0.9f;       // rmsprop decay
  float beta1 = 0.9f;     // adam
  float beta2 = 0.999f;   // adam
  float epsilon = 1e-8f;  // rmsprop, adam

  bool operator==(const OptimizerSettings&) const = default;
};

std::span<const OptimizerInfo> optimizers();
const OptimizerInfo& optimizer(OptimizerId id);
const OptimizerInfo& optimizerByName(std::string_view name);  // throws SpecError
std::string optimizerNames();

}  // namespace nnplay
