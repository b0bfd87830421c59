// The PyTorch script: an nn.Sequential in nnplay's layer order (Linear,
// [BatchNorm1d], activation, [Dropout]), nnplay's initializers through
// torch.nn.init, the optimizer with PyTorch's own update rules (which nnplay
// follows exactly), the penalty on the kernels only, and a mini-batch loop.
#include "codegen_common.hpp"
#include "layers/batch_norm_layer.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/optimizer.hpp"

namespace nnplay::detail {

namespace {

std::string module(ActivationId a) {
  switch (a) {
    case ActivationId::Linear:
      return {};
    case ActivationId::Sigmoid:
      return "nn.Sigmoid()";
    case ActivationId::Tanh:
      return "nn.Tanh()";
    case ActivationId::Relu:
      return "nn.ReLU()";
    case ActivationId::LeakyRelu:
      return "nn.LeakyReLU(0.01)";
    case ActivationId::Elu:
      return "nn.ELU()";
    case ActivationId::Gelu:
      return "nn.GELU()";
    case ActivationId::Swish:
      return "nn.SiLU()";
    case ActivationId::Softplus:
      return "nn.Softplus()";
    case ActivationId::BinaryStep:
      return "BinaryStep()";
    case ActivationId::Softmax:
      return "nn.Softmax(dim=1)";
  }
  return {};
}

std::string kernelInit(const NetworkSpec& n) {
  switch (n.init) {
    case InitId::Playground:
      return "nn.init.uniform_(layer.weight, -0.5, 0.5)";
    case InitId::Uniform:
      return "nn.init.uniform_(layer.weight, " + pyFloat(-n.initScale) + ", " +
             pyFloat(n.initScale) + ")";
    case InitId::GlorotUniform:
      return "nn.init.xavier_uniform_(layer.weight)";
    case InitId::GlorotNormal:
      return "nn.init.xavier_normal_(layer.weight)";
    case InitId::HeUniform:
      return "nn.init.kaiming_uniform_(layer.weight, nonlinearity=\"relu\")";
    case InitId::HeNormal:
      return "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")";
    case InitId::Zeros:
      return "nn.init.zeros_(layer.weight)";
  }
  return {};
}

void optimizerLines(CodeWriter& w, const OptimizerSettings& o) {
  const std::string lr = "        lr=" + pyFloat(o.learningRate) + ",";
  switch (o.id) {
    case OptimizerId::Sgd:
      w.line("    optimizer = torch.optim.SGD(", "optimizer");
      w.line("        model.parameters(),", "optimizer");
      w.line(lr, "learning_rate");
      break;
    case OptimizerId::Momentum:
    case OptimizerId::Nesterov:
      w.line("    optimizer = torch.optim.SGD(", "optimizer");
      w.line("        model.parameters(),", "optimizer");
      w.line(lr, "learning_rate");
      w.line("        momentum=" + pyFloat(o.momentum) +
                 (o.id == OptimizerId::Nesterov ? ", nesterov=True," : ","),
             "optimizer");
      break;
    case OptimizerId::Rmsprop:
      w.line("    optimizer = torch.optim.RMSprop(", "optimizer");
      w.line("        model.parameters(),", "optimizer");
      w.line(lr, "learning_rate");
      w.line("        alpha=" + pyFloat(o.rho) + ", eps=" + pyFloat(o.epsilon) + ",", "optimizer");
      break;
    case OptimizerId::Adam:
      w.line("    optimizer = torch.optim.Adam(", "optimizer");
      w.line("        model.parameters(),", "optimizer");
      w.line(lr, "learning_rate");
      w.line("        betas=(" + pyFloat(o.beta1) + ", " + pyFloat(o.beta2) +
                 "), eps=" + pyFloat(o.epsilon) + ",",
             "optimizer");
      break;
  }
  w.line("    )", "optimizer");
}

std::string lossLine(LossId id) {
  switch (id) {
    case LossId::Mse:
      return "    loss_fn = nn.MSELoss()";
    case LossId::HalfMse:
      return "    loss_fn = lambda out, t: 0.5 * nn.functional.mse_loss(out, t)  # half the MSE";
    case LossId::Mae:
      return "    loss_fn = nn.L1Loss()";
    case LossId::Huber:
      return "    loss_fn = nn.HuberLoss(delta=1.0)";
    case LossId::Bce:
      return "    loss_fn = nn.BCEWithLogitsLoss()  # on the logits: sigmoid and the loss fused, "
             "as nnplay does";
    case LossId::Ce:
      return "    loss_fn = nn.CrossEntropyLoss()  # on the logits: softmax and the loss fused, "
             "as nnplay does";
  }
  return {};
}

}  // namespace

GeneratedCode pytorchCode(const CodeInput& in) {
  const ScriptPlan plan = planOf(in);
  const NetworkSpec& net = in.network;
  const TrainingSettings& tr = in.training;
  const bool step = plan.binaryStep;

  CodeWriter w;
  std::vector<std::string> differences;
  if (step) {
    differences.push_back(
        "the binary step has no gradient; nnplay trains it with the straight-through estimator "
        "(f' taken as 1), written here as the small BinaryStep module");
  }
  if (plan.batchNorm) {
    differences.push_back(
        "PyTorch's batch norm cannot train on a batch of one row; such a last batch of an epoch "
        "is skipped");
  }
  trainingDifferences(tr, differences);
  writeHeader(w, in, plan, "PyTorch", "Python 3 with NumPy and PyTorch (Debian: python3-torch)",
              differences, R"PY(
import numpy as np
import torch
from torch import nn
)PY");
  writeSettings(w, in, plan);
  writeDataFunctions(w, in, plan);

  if (step) {
    w.block(R"PY(


class StraightThroughStep(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        return (z >= 0).to(z.dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad  # straight through: f' taken as 1, as nnplay trains the step


class BinaryStep(nn.Module):
    """1 where z >= 0, else 0."""

    def forward(self, z):
        return StraightThroughStep.apply(z))PY");
  }

  // The model.
  w.blank();
  w.blank();
  w.line("def build_model():", "layers");
  w.line("    \"\"\"" + plan.architecture + ".\"\"\"", "layers");
  w.line("    model = nn.Sequential(", "layers");
  std::vector<int> denseModules;
  std::vector<int> normModules;
  int index = 0;
  int width = net.inputs;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const LayerSpec& l = net.layers[i];
    const int layer = static_cast<int>(i);
    const bool output = i + 1 == net.layers.size();
    const std::string units = std::to_string(l.units);
    denseModules.push_back(index++);
    w.line("        nn.Linear(" + std::to_string(width) + ", " + units +
               (l.batchNorm || !l.bias ? ", bias=False" : "") + "),  # " +
               (output ? std::string("output layer") : "hidden layer " + std::to_string(i + 1)),
           "layers", layer);
    if (l.batchNorm) {
      normModules.push_back(index++);
      w.line("        nn.BatchNorm1d(" + units + ", eps=" + pyFloat(BatchNormLayer::kEpsilon) +
                 ", momentum=" + pyFloat(BatchNormLayer::kMomentum) + "),",
             "batch_norm", layer);
    }
    const std::string act = module(l.activation);
    if (!act.empty()) {
      ++index;
      w.line("        " + act + ",", "activation", layer);
    } else {
      w.line("        # linear activation: no module", "activation", layer);
    }
    if (l.dropout > 0.0f) {
      ++index;
      w.line("        nn.Dropout(p=" + pyFloat(l.dropout) + "),", "dropout", layer);
    }
    width = l.units;
  }
  w.line("    )", "layers");
  w.line("    for layer in model:", "init");
  w.line("        if isinstance(layer, nn.Linear):", "init");
  w.line("            " + kernelInit(net), "init");
  w.line("            if layer.bias is not None:", "init");
  w.line("                nn.init.constant_(layer.bias, " + pyFloat(net.biasInit) + ")", "init");
  w.line("    return model");
  w.block(R"PY(


def load_weights(model, stored):
    """nnplay's trained weights from its .npz (kernels stored [in, out])."""
    dense = [m for m in model if isinstance(m, nn.Linear)]
    tensor = lambda name: torch.from_numpy(np.ascontiguousarray(stored[name], dtype=np.float32))
    with torch.no_grad():
        for i, layer in enumerate(dense):
            layer.weight.copy_(tensor(f"dense_{i}/kernel").T)
            if layer.bias is not None:
                layer.bias.copy_(tensor(f"dense_{i}/bias")))PY");
  std::string bnList = "[";
  for (std::size_t i = 0; i < plan.batchNormLayers.size(); ++i) {
    bnList += (i ? ", " : "") + std::to_string(plan.batchNormLayers[i]);
  }
  bnList += "]";
  if (plan.batchNorm) {
    w.line("        norms = [m for m in model if isinstance(m, nn.BatchNorm1d)]", "batch_norm");
    w.line("        for i, norm in zip(" + bnList + ", norms):  # the layers with batch norm",
           "batch_norm");
    w.block(R"PY(
            norm.weight.copy_(tensor(f"batchnorm_{i}/gamma"))
            norm.bias.copy_(tensor(f"batchnorm_{i}/beta"))
            norm.running_mean.copy_(tensor(f"batchnorm_{i}/running_mean"))
            norm.running_var.copy_(tensor(f"batchnorm_{i}/running_var")))PY");
  }
  w.block(R"PY(


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))).numpy()
)PY");

  // Penalty and training.
  const bool penalty = tr.l1 != 0.0f || tr.l2 != 0.0f;
  if (penalty) {
    w.blank();
    w.blank();
    w.line("def penalty(model):");
    w.line(
        "    \"\"\"nnplay's regularization, on the kernels only (not biases):"
        " l1·Σ|w| + l2/2·Σw².\"\"\"");
    w.line("    kernels = [m.weight for m in model if isinstance(m, nn.Linear)]");
    w.line("    l1 = " + pyFloat(tr.l1), "l1");
    w.line("    l2 = " + pyFloat(tr.l2), "l2");
    w.line(
        "    return l1 * sum(k.abs().sum() for k in kernels) + "
        "l2 / 2 * sum((k * k).sum() for k in kernels)");
  }
  w.blank();
  w.blank();
  w.line("def train(model, x, t, epochs, seed, validation):");
  w.line(
      "    \"\"\"Mini-batches in a new random order every epoch; one optimizer step per "
      "batch.\"\"\"");
  optimizerLines(w, tr.optimizer);
  w.line(lossLine(tr.loss), "loss");
  w.line(plan.fused ? "    logits = lambda x: model[:-1](x)  # the output activation is left out"
                    : "    logits = model",
         "loss");
  if (!penalty) {
    w.line("    # L1 rate 0: no L1 penalty", "l1");
    w.line("    # L2 rate 0: no L2 penalty", "l2");
  }
  w.block(R"PY(
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    order = torch.Generator().manual_seed(seed))PY");
  w.line("    for epoch in range(1, epochs + 1):", "epochs");
  w.line("        model.train()");
  w.line("        total = 0.0");
  w.line("        for batch in torch.randperm(len(x), generator=order).split(BATCH_SIZE):",
         "batch_size");
  if (plan.batchNorm) {
    w.line("            if len(batch) < 2:", "batch_norm");
    w.line("                continue  # batch norm needs two rows", "batch_norm");
  }
  w.line("            optimizer.zero_grad()");
  w.line("            loss = loss_fn(logits(x[batch]), t[batch])", "loss");
  w.line("            total += loss.item() * len(batch)");
  w.line(penalty ? "            (loss + penalty(model)).backward()"
                 : "            loss.backward()");
  w.line("            optimizer.step()");
  w.block(R"PY(
        if epoch % max(1, epochs // 10) == 0 or epoch == epochs:
            report = f"epoch {epoch:5d}  train loss {total / len(x):.4f}"
            if validation is not None and len(validation[0]):
                model.eval()
                with torch.no_grad():
                    xv, tv = torch.from_numpy(validation[0]), torch.from_numpy(validation[1])
                    report += f"  validation loss {loss_fn(logits(xv), tv).item():.4f}"
            print(report)
)PY");

  writeMain(w, plan, "    torch.manual_seed(args.seed)", "    model = build_model()",
            "          args.seed, validation)");
  return w.take();
}

}  // namespace nnplay::detail
