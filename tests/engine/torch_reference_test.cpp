// Agreement with PyTorch. tests/reference/make_torch_reference.py computed
// forward passes, losses, gradients and 50 optimizer steps in float64 with
// torch; the engine (float32) must match them: forward values within 1e-5
// relative, gradients within 1e-4, parameters after 50 steps within 1e-4.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "nnplay/activation.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/network.hpp"
#include "nnplay/optimizer.hpp"
#include "nnplay/trainer.hpp"
#include "reference_json.hpp"
#include "test_util.hpp"

namespace nnplay {
namespace {

using nlohmann::json;
using test::expectClose;
using test::toDoubles;

constexpr double kForwardTol = 1e-5;
constexpr double kGradientTol = 1e-4;
constexpr double kStepsTol = 1e-4;

const json& reference() {
  static const json j = [] {
    std::ifstream in(std::string(NNPLAY_REFERENCE_DIR) + "/torch_reference.json");
    if (!in) throw std::runtime_error("cannot open tests/reference/torch_reference.json");
    return json::parse(in);
  }();
  return j;
}

RowMatrix matrix(const json& rows) {
  return test::jsonMatrix(rows);
}

std::vector<double> flat(const json& rows) {
  std::vector<double> v;
  if (!rows.is_array()) return {rows.get<double>()};
  for (const auto& r : rows) {
    if (r.is_array()) {
      for (const auto& x : r) v.push_back(x.get<double>());
    } else {
      v.push_back(r.get<double>());
    }
  }
  return v;
}

NetworkSpec specOf(const json& c) {
  NetworkSpec s;
  s.inputs = c["inputs"].get<int>();
  for (const auto& l : c["layers"]) {
    LayerSpec ls;
    ls.units = l["units"].get<int>();
    ls.activation = activationByName(l["activation"].get<std::string>()).id;
    ls.batchNorm = l["batchnorm"].get<bool>();
    ls.bias = l.value("bias", true);
    s.layers.push_back(ls);
  }
  return s;
}

void setParams(Network& net, const json& params) {
  net.initialize(1);  // running statistics 0 / 1, as in torch
  for (const auto& [name, value] : params.items()) {
    const RowMatrix m = matrix(value);
    net.setArray(name, m);
  }
}

TEST(TorchReference, Activations) {
  const json& cases = reference()["activations"];
  ASSERT_EQ(cases.size(), activations().size()) << "one case per activation";
  for (const auto& c : cases) {
    const ActivationInfo& f = activationByName(c["name"].get<std::string>());
    SCOPED_TRACE(std::string(f.name));
    const RowMatrix z = matrix(c["z"]);
    const RowMatrix up = matrix(c["upstream"]);
    RowMatrix a(z.rows(), z.cols());
    RowMatrix dz(z.rows(), z.cols());
    const auto n = static_cast<std::size_t>(z.size());
    const auto cols = static_cast<std::size_t>(z.cols());
    f.forward(z.data(), a.data(), n, cols);
    f.backward(z.data(), a.data(), up.data(), dz.data(), n, cols);
    expectClose(toDoubles(a), flat(c["output"]), kForwardTol, "output");
    expectClose(toDoubles(dz), flat(c["grad"]), kGradientTol, "grad");
  }
}

TEST(TorchReference, Losses) {
  for (const auto& c : reference()["losses"]) {
    SCOPED_TRACE(c["case"].get<std::string>());
    const LossInfo& l = lossByName(c["name"].get<std::string>());
    const ActivationInfo& f = activationByName(c["output_activation"].get<std::string>());
    const RowMatrix z = matrix(c["logits"]);
    const RowMatrix t = matrix(c["target"]);
    const auto rows = static_cast<std::size_t>(z.rows());
    const auto cols = static_cast<std::size_t>(z.cols());
    RowMatrix a(z.rows(), z.cols());
    f.forward(z.data(), a.data(), rows * cols, cols);
    RowMatrix g(z.rows(), z.cols());
    const double sum = l.evaluate(z.data(), a.data(), t.data(), g.data(), rows, cols,
                                  static_cast<std::size_t>(t.cols()));
    expectClose({sum / static_cast<double>(rows)}, {c["loss"].get<double>()}, kForwardTol, "loss");
    RowMatrix gz = g;
    if (!l.fusedWith) f.backward(z.data(), a.data(), g.data(), gz.data(), rows * cols, cols);
    expectClose(toDoubles(gz), flat(c["grad_logits"]), kGradientTol, "grad_logits");
  }
}

TEST(TorchReference, NetworksForwardAndGradients) {
  for (const auto& c : reference()["networks"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    CpuBackend backend;
    Network net(specOf(c), backend);
    setParams(net, c["params"]);
    const LossInfo& l = lossByName(c["loss"].get<std::string>());
    const test::PassResult r = test::lossAndGradients(net, matrix(c["x"]), matrix(c["target"]), l);
    expectClose(toDoubles(r.outputs), flat(c["output"]), kForwardTol, "output");
    expectClose({r.loss}, {c["loss_value"].get<double>()}, kForwardTol, "loss");
    double gradScale = 0.0;  // largest gradient of the case: the scale of float32 rounding
    for (const auto& [name, expected] : c["grads"].items()) {
      for (double g : flat(expected)) gradScale = std::max(gradScale, std::abs(g));
    }
    for (const auto& [name, expected] : c["grads"].items()) {
      // Gradients sit at the same offsets in the gradient buffer as the parameters.
      for (const ParameterEntry& e : net.parameterTable()) {
        if (e.name != name) continue;
        std::vector<double> got(
            r.gradients.begin() + static_cast<std::ptrdiff_t>(e.offset),
            r.gradients.begin() + static_cast<std::ptrdiff_t>(e.offset + e.size()));
        expectClose(got, flat(expected), kGradientTol, "grad " + name, gradScale);
      }
    }
    expectClose(toDoubles(r.inputGradient), flat(c["grad_input"]), kGradientTol, "grad_input",
                gradScale);
    if (c.contains("running_after")) {
      for (const auto& [name, expected] : c["running_after"].items()) {
        expectClose(toDoubles(net.array(name)), flat(expected), kForwardTol, name);
      }
    }
  }
}

TEST(TorchReference, OptimizersFiftyStepsWithL2) {
  // Every optimizer, Adam with batch norm, and the course's XOR network without biases.
  ASSERT_EQ(reference()["optimizers"].size(), optimizers().size() + 2);
  for (const auto& c : reference()["optimizers"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    CpuBackend backend;
    Network net(specOf(c), backend);
    setParams(net, c["initial_params"]);
    Dataset d;
    d.x = matrix(c["x"]);
    d.y = matrix(c["target"]);
    const bool classIndex = c["target_kind"] == "class_index";
    d.task = classIndex ? Task::Classification : Task::Regression;
    d.classes = classIndex ? net.outputs() : 0;
    TrainingSettings s;
    s.loss = lossByName(c["loss"].get<std::string>()).id;
    s.optimizer.id = optimizerByName(c["optimizer"].get<std::string>()).id;
    s.optimizer.learningRate = c["lr"].get<float>();
    s.l2 = c["l2"].get<float>();
    s.batchSize = d.rows();  // full batch, as the reference
    Trainer trainer(net, s, d);
    std::vector<double> losses;
    for (int i = 0; i < c["steps"].get<int>(); ++i) losses.push_back(trainer.trainBatch());
    EXPECT_EQ(trainer.step(), 50);
    expectClose(losses, flat(c["losses"]), kStepsTol, "losses");
    for (const auto& [name, expected] : c["final_params"].items()) {
      expectClose(toDoubles(net.array(name)), flat(expected), kStepsTol, name);
    }
    if (c.contains("final_running")) {
      for (const auto& [name, expected] : c["final_running"].items()) {
        expectClose(toDoubles(net.array(name)), flat(expected), kStepsTol, name);
      }
    }
  }
}

}  // namespace
}  // namespace nnplay
