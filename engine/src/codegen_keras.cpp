// The Keras 3 script: a keras.Sequential in nnplay's layer order (Dense,
// [BatchNormalization, Activation], [Dropout]), nnplay's initializers and its
// L1/L2 penalty as Keras objects, compile() and fit(). Keras cannot run in
// the tests (TensorFlow is not in Debian); they check the script's structure.
#include "codegen_common.hpp"
#include "layers/batch_norm_layer.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/optimizer.hpp"

namespace nnplay::detail {

namespace {

// The activation argument of a Dense or Activation layer; empty for leaky
// ReLU, which is its own layer (Keras's function defaults to slope 0.2).
std::string activationArg(ActivationId a) {
  switch (a) {
    case ActivationId::Linear:
      return "\"linear\"";
    case ActivationId::Sigmoid:
      return "\"sigmoid\"";
    case ActivationId::Tanh:
      return "\"tanh\"";
    case ActivationId::Relu:
      return "\"relu\"";
    case ActivationId::LeakyRelu:
      return {};
    case ActivationId::Elu:
      return "\"elu\"";
    case ActivationId::Gelu:
      return "\"gelu\"";
    case ActivationId::Swish:
      return "\"silu\"";
    case ActivationId::Softplus:
      return "\"softplus\"";
    case ActivationId::BinaryStep:
      return "binary_step";
    case ActivationId::Softmax:
      return "\"softmax\"";
  }
  return {};
}

std::string kernelInit(const NetworkSpec& n) {
  switch (n.init) {
    case InitId::Playground:
      return "keras.initializers.RandomUniform(minval=-0.5, maxval=0.5)";
    case InitId::Uniform:
      return "keras.initializers.RandomUniform(minval=" + pyFloat(-n.initScale) +
             ", maxval=" + pyFloat(n.initScale) + ")";
    case InitId::GlorotUniform:
      return "keras.initializers.GlorotUniform()";
    // Keras's GlorotNormal and HeNormal truncate at two standard deviations;
    // nnplay draws from the plain normal, which VarianceScaling also offers.
    case InitId::GlorotNormal:
      return "keras.initializers.VarianceScaling(scale=1.0, mode=\"fan_avg\", "
             "distribution=\"untruncated_normal\")";
    case InitId::HeUniform:
      return "keras.initializers.HeUniform()";
    case InitId::HeNormal:
      return "keras.initializers.VarianceScaling(scale=2.0, mode=\"fan_in\", "
             "distribution=\"untruncated_normal\")";
    case InitId::Zeros:
      return "keras.initializers.Zeros()";
  }
  return {};
}

std::string biasInit(float b) {
  return b == 0.0f ? "keras.initializers.Zeros()"
                   : "keras.initializers.Constant(" + pyFloat(b) + ")";
}

void optimizerLines(CodeWriter& w, const OptimizerSettings& o) {
  const std::string lr = "        learning_rate=" + pyFloat(o.learningRate) + ",";
  switch (o.id) {
    case OptimizerId::Sgd:
      w.line("    optimizer = keras.optimizers.SGD(", "optimizer");
      w.line(lr, "learning_rate");
      break;
    case OptimizerId::Momentum:
    case OptimizerId::Nesterov:
      w.line("    optimizer = keras.optimizers.SGD(", "optimizer");
      w.line(lr, "learning_rate");
      w.line("        momentum=" + pyFloat(o.momentum) +
                 (o.id == OptimizerId::Nesterov ? ", nesterov=True," : ","),
             "optimizer");
      break;
    case OptimizerId::Rmsprop:
      w.line("    optimizer = keras.optimizers.RMSprop(", "optimizer");
      w.line(lr, "learning_rate");
      w.line("        rho=" + pyFloat(o.rho) + ", epsilon=" + pyFloat(o.epsilon) + ",",
             "optimizer");
      break;
    case OptimizerId::Adam:
      w.line("    optimizer = keras.optimizers.Adam(", "optimizer");
      w.line(lr, "learning_rate");
      w.line("        beta_1=" + pyFloat(o.beta1) + ", beta_2=" + pyFloat(o.beta2) +
                 ", epsilon=" + pyFloat(o.epsilon) + ",",
             "optimizer");
      break;
  }
  w.line("    )", "optimizer");
}

std::string lossArg(LossId id) {
  switch (id) {
    case LossId::Mse:
      return "keras.losses.MeanSquaredError()";
    case LossId::HalfMse:
      return "half_mse";
    case LossId::Mae:
      return "keras.losses.MeanAbsoluteError()";
    case LossId::Huber:
      return "keras.losses.Huber(delta=1.0)";
    case LossId::Bce:
      return "keras.losses.BinaryCrossentropy()";
    case LossId::Ce:
      return "keras.losses.SparseCategoricalCrossentropy()";
  }
  return {};
}

std::string metricsArg(const ScriptPlan& p) {
  if (p.regression) return "[keras.metrics.R2Score()]";
  if (p.classIndex) return "[\"sparse_categorical_accuracy\"]";
  if (p.oneHot) return p.low == 0.0f ? "[\"categorical_accuracy\"]" : "[]";
  return p.low == 0.0f ? "[\"binary_accuracy\"]" : "[]";
}

}  // namespace

GeneratedCode kerasCode(const CodeInput& in) {
  const ScriptPlan plan = planOf(in);
  const NetworkSpec& net = in.network;
  const TrainingSettings& tr = in.training;
  const bool step = plan.binaryStep;

  std::vector<std::string> differences;
  if (step) {
    differences.push_back(
        "the binary step has no gradient; nnplay trains it with the straight-through estimator "
        "(f' taken as 1), written here as the binary_step function with stop_gradient");
  }
  if (plan.batchNorm) {
    differences.push_back(
        "Keras's batch norm keeps the moving variance of the biased batch variance; nnplay and "
        "PyTorch keep the unbiased one (n / (n - 1) larger), which only matters for small "
        "batches");
  }
  if (tr.optimizer.id == OptimizerId::Rmsprop) {
    differences.push_back(
        "Keras's RMSprop adds epsilon inside the square root (sqrt(s + eps)); nnplay and "
        "PyTorch add it outside (sqrt(s) + eps)");
  }
  if (tr.optimizer.id == OptimizerId::Adam) {
    differences.push_back(
        "Keras's Adam adds epsilon to sqrt(v) before the bias correction, so early steps use "
        "a larger epsilon than nnplay's and PyTorch's");
  }
  if (loss(tr.loss).fusedWith) {
    differences.push_back(
        "Keras computes the cross-entropy from the probabilities (clipped at 1e-7); nnplay "
        "from the logits: the same except for outputs within 1e-7 of 0 or 1");
  }
  if (!plan.regression && plan.low != 0.0f) {
    differences.push_back(
        "class 0 is trained towards -1 (a tanh-like output), which Keras's accuracy metrics do "
        "not read; score() computes the accuracy instead");
  }

  trainingDifferences(tr, differences);
  CodeWriter w;
  writeHeader(w, in, plan, "Keras 3", "Python 3 with NumPy and Keras 3 (with any of its backends)",
              differences, R"PY(
import keras
import numpy as np
from keras import layers
)PY");
  writeSettings(w, in, plan);
  writeDataFunctions(w, in, plan);

  if (step) {
    w.block(R"PY(


def binary_step(z):
    """1 where z >= 0, else 0, trained straight through (f' taken as 1), as nnplay does."""
    step = keras.ops.cast(keras.ops.greater_equal(z, 0.0), z.dtype)
    return z + keras.ops.stop_gradient(step - z))PY");
  }
  if (tr.loss == LossId::HalfMse) {
    w.blank();
    w.blank();
    w.line("def half_mse(y_true, y_pred):", "loss");
    w.line("    \"\"\"Half the mean squared error, nnplay's half_mse.\"\"\"", "loss");
    w.line("    return 0.5 * keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1)", "loss");
  }

  // The model.
  w.blank();
  w.blank();
  w.line("def build_model(seed):", "layers");
  w.line("    \"\"\"" + plan.architecture + ".\"\"\"", "layers");
  w.line("    keras.utils.set_random_seed(seed)", "seed");
  if (tr.l1 != 0.0f || tr.l2 != 0.0f) {
    w.line("    # nnplay's penalty is l1·Σ|w| + l2/2·Σw² on the kernels; Keras's L2 adds l2·Σw²",
           "l1 l2");
    w.line("    regularizer = keras.regularizers.L1L2(l1=" + pyFloat(tr.l1) +
               ", l2=" + pyFloat(tr.l2 / 2.0f) + ")",
           "l1 l2");
  } else {
    w.line("    regularizer = None  # L1 and L2 rates 0: no penalty", "l1 l2");
  }
  if (net.init == InitId::Playground) {
    w.line("    # nnplay's playground initializer: kernels uniform in ±0.5, biases 0.1", "init");
  }
  w.line("    return keras.Sequential([", "layers");
  w.line("        keras.Input(shape=(" + std::to_string(net.inputs) + ",)),", "layers");
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const LayerSpec& l = net.layers[i];
    const int layer = static_cast<int>(i);
    const std::string idx = std::to_string(i);
    const std::string act = activationArg(l.activation);
    const bool inlineActivation = !l.batchNorm && !act.empty();
    std::string head = "        layers.Dense(" + std::to_string(l.units);
    head += inlineActivation ? ", activation=" + act : "";
    head += l.batchNorm || !l.bias ? ", use_bias=False" : "";
    head += ", name=\"dense_" + idx + "\",";
    w.line(head, inlineActivation ? "layers activation" : "layers", layer);
    const std::string pad = "                     ";
    w.line(pad + "kernel_initializer=" + kernelInit(net) + ",", "init", layer);
    if (!l.batchNorm && l.bias)
      w.line(pad + "bias_initializer=" + biasInit(net.biasInit) + ",", "init", layer);
    w.line(pad + "kernel_regularizer=regularizer),", "l1 l2", layer);
    if (l.batchNorm) {
      w.line("        layers.BatchNormalization(momentum=" +
                 pyFloat(1.0f - BatchNormLayer::kMomentum) + ", epsilon=" +
                 pyFloat(BatchNormLayer::kEpsilon) + ", name=\"batchnorm_" + idx + "\"),",
             "batch_norm", layer);
      if (!act.empty()) w.line("        layers.Activation(" + act + "),", "activation", layer);
    }
    if (act.empty()) w.line("        layers.LeakyReLU(negative_slope=0.01),", "activation", layer);
    if (l.dropout > 0.0f) {
      w.line("        layers.Dropout(" + pyFloat(l.dropout) + "),", "dropout", layer);
    }
  }
  w.line("    ])", "layers");

  w.blank();
  w.blank();
  w.line("def compile_model(model):");
  optimizerLines(w, tr.optimizer);
  w.line("    model.compile(optimizer=optimizer,", "optimizer");
  w.line("                  loss=" + lossArg(tr.loss) + ",", "loss");
  w.line("                  metrics=" + metricsArg(plan) + ")", "metrics");

  w.blank();
  w.blank();
  w.line("def load_weights(model, stored):");
  w.line("    \"\"\"nnplay's trained weights from its .npz (Keras's names and shapes).\"\"\"");
  w.line("    for i in range(" + std::to_string(net.layers.size()) + "):");
  w.block(R"PY(
        dense = model.get_layer(f"dense_{i}")
        if f"dense_{i}/bias" in stored.files:
            dense.set_weights([stored[f"dense_{i}/kernel"], stored[f"dense_{i}/bias"]])
        else:  # no bias: batch norm's beta does its job, or the layer has none
            dense.set_weights([stored[f"dense_{i}/kernel"]])
        if f"batchnorm_{i}/gamma" in stored.files:
            names = ("gamma", "beta", "running_mean", "running_var")
            model.get_layer(f"batchnorm_{i}").set_weights([stored[f"batchnorm_{i}/{n}"] for n in names])


def predict(model, x):
    return np.asarray(model.predict(x, batch_size=1024, verbose=0), dtype=np.float32))PY");

  w.blank();
  w.blank();
  w.line("def train(model, x, t, epochs, validation):");
  w.line("    if epochs > 0:", "epochs");
  w.line("        model.fit(x, t, batch_size=BATCH_SIZE, epochs=epochs, shuffle=True,",
         "batch_size");
  w.line("                  validation_data=validation, verbose=2)", "validation");

  writeMain(w, plan, "", R"PY(
    model = build_model(args.seed)
    compile_model(model))PY",
            "          validation)");
  return w.take();
}

}  // namespace nnplay::detail
