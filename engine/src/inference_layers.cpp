#include "nnplay/inference_layers.hpp"

#include <cmath>

#include "layers/batch_norm_layer.hpp"
#include "nnplay/parameter_names.hpp"

namespace nnplay {

AffineLayer inferenceLayer(const Network& net, int layer) {
  const LayerSpec& spec = net.spec().layers.at(static_cast<std::size_t>(layer));
  const auto array = [&](ArrayKind kind) { return net.array(parameterName(kind, layer)); };
  AffineLayer a;
  a.activation = spec.activation;
  a.kernel = array(ArrayKind::Kernel);
  if (!spec.batchNorm) {
    if (spec.bias) {
      a.bias = array(ArrayKind::Bias);
    } else {
      a.bias = RowMatrix::Zero(1, a.kernel.cols());
    }
    return a;
  }
  const RowMatrix gamma = array(ArrayKind::Gamma), beta = array(ArrayKind::Beta);
  const RowMatrix mean = array(ArrayKind::RunningMean), var = array(ArrayKind::RunningVar);
  a.bias.resize(1, a.kernel.cols());
  for (Eigen::Index c = 0; c < a.kernel.cols(); ++c) {
    const double s = double{gamma(0, c)} / std::sqrt(double{var(0, c)} + BatchNormLayer::kEpsilon);
    a.kernel.col(c) = (a.kernel.col(c).cast<double>() * s).cast<float>();
    a.bias(0, c) = static_cast<float>(beta(0, c) - mean(0, c) * s);
  }
  return a;
}

bool hiddenLayersAreLinear(const NetworkSpec& spec) {
  for (std::size_t i = 0; i + 1 < spec.layers.size(); ++i) {
    if (spec.layers[i].activation != ActivationId::Linear) return false;
  }
  return true;
}

std::optional<AffineLayer> collapseLinear(const Network& net) {
  if (!hiddenLayersAreLinear(net.spec())) return std::nullopt;
  const int layers = static_cast<int>(net.spec().layers.size());
  AffineLayer first = inferenceLayer(net, 0);
  Eigen::MatrixXd w = first.kernel.cast<double>();
  Eigen::MatrixXd b = first.bias.cast<double>();
  ActivationId out = first.activation;
  for (int i = 1; i < layers; ++i) {
    const AffineLayer next = inferenceLayer(net, i);
    const Eigen::MatrixXd k = next.kernel.cast<double>();
    w = w * k;
    b = b * k + next.bias.cast<double>();
    out = next.activation;
  }
  return AffineLayer{w.cast<float>(), b.cast<float>(), out};
}

}  // namespace nnplay
