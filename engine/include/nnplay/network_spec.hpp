#pragma once
// What a person draws: input width, then one entry per layer (hidden layers
// first, the output layer last), each Dense -> [BatchNorm] -> activation ->
// [Dropout]. Batch norm sits before the activation, as in Ioffe & Szegedy and
// the course notes; dropout follows the activation. A layer with batch norm has
// no dense bias (batch norm's beta does that job).
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/initializer.hpp"

namespace nnplay {

struct LayerSpec {
  int units = 1;
  ActivationId activation = ActivationId::Tanh;
  float dropout = 0.0f;    // rate of dropped units while training; hidden layers only
  bool batchNorm = false;  // hidden layers only
  // Whether the dense layer adds a bias (b in x·W + b). Without one, a constant
  // input (the "one" feature) can do its job, as in the course's XOR network.
  // Batch norm's β replaces the bias whatever this says.
  bool bias = true;

  bool operator==(const LayerSpec&) const = default;
};

struct NetworkSpec {
  int inputs = 2;
  std::vector<LayerSpec> layers;  // at least the output layer
  InitId init = InitId::GlorotUniform;
  float initScale = 0.5f;  // the "a" of the uniform(±a) initializer
  float biasInit = 0.0f;

  bool operator==(const NetworkSpec&) const = default;
};

// Limits that keep a bad file or flag from asking for absurd memory.
inline constexpr int kMaxUnits = 1 << 16;
inline constexpr int kMaxLayers = 256;
// 32 million parameters: far beyond a playground network, and with the
// gradient and Adam's two moments still under 512 MiB.
inline constexpr std::size_t kMaxParameters = std::size_t{1} << 25;

// Throws SpecError naming the first problem: no layers, zero or too many units,
// softmax on a hidden layer, dropout outside [0, 1), dropout or batch norm on
// the output layer, too many parameters.
void validate(const NetworkSpec& spec);

// Convenience for the CLI and tests: hidden widths with one activation, plus
// an output layer.
NetworkSpec makeSpec(int inputs, const std::vector<int>& hidden, ActivationId hiddenActivation,
                     int outputs, ActivationId outputActivation);

}  // namespace nnplay
