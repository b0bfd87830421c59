// The trace agrees with PyTorch autograd. tests/reference/make_trace_reference.py
// computed, in float64 with torch, every number a trace shows (per layer z,
// batch norm's output, a, f′, ∂L/∂a, δ, ∂L/∂z; the logits, output, per-sample
// and mean loss, ∂L/∂x; per array the gradient, the L1/L2 penalty term, the
// proposed update and the optimizer's state after it, Adam's m̂ and v̂) for
// every activation, every loss, batch norm in inference mode and every
// optimizer with and without L2 and L1. traceSamples (float32) must match
// every stored number within 1e-5 relative on the CPU backend, and within
// 1e-4 on an OpenCL device when there is one (PoCL in CI; skipped otherwise).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/network.hpp"
#include "nnplay/optimizer.hpp"
#include "nnplay/trace.hpp"
#include "nnplay/trainer.hpp"
#include "reference_json.hpp"

namespace nnplay {
namespace {

using nlohmann::json;

const json& reference() {
  static const json j = [] {
    std::ifstream in(std::string(NNPLAY_REFERENCE_DIR) + "/trace_reference.json");
    if (!in) throw std::runtime_error("cannot open tests/reference/trace_reference.json");
    return json::parse(in);
  }();
  return j;
}

// Nested lists (or a vector, or a number) flattened row-major.
std::vector<double> flat(const json& v) {
  std::vector<double> out;
  if (v.is_number()) return {v.get<double>()};
  for (const auto& r : v) {
    if (r.is_array()) {
      for (const auto& x : r) out.push_back(x.get<double>());
    } else {
      out.push_back(r.get<double>());
    }
  }
  return out;
}

RowMatrix matrix(const json& rows) {
  return test::jsonMatrix(rows);
}

std::vector<double> doubles(const RowMatrix& m) {
  return std::vector<double>(m.data(), m.data() + m.size());
}
std::vector<double> doubles(const std::vector<float>& v) {
  return std::vector<double>(v.begin(), v.end());
}
std::vector<double> doubles(const std::vector<double>& v) {
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
    ls.dropout = l.value("dropout", 0.0f);  // the identity in inference mode
    s.layers.push_back(ls);
  }
  return s;
}

TrainingSettings settingsOf(const json& c) {
  TrainingSettings s;
  s.loss = lossByName(c["loss"].get<std::string>()).id;
  const json& o = c["optimizer"];
  s.optimizer.id = optimizerByName(o["name"].get<std::string>()).id;
  s.optimizer.learningRate = o["lr"].get<float>();
  s.optimizer.momentum = o["momentum"].get<float>();
  s.optimizer.rho = o["rho"].get<float>();
  s.optimizer.beta1 = o["beta1"].get<float>();
  s.optimizer.beta2 = o["beta2"].get<float>();
  s.optimizer.epsilon = o["epsilon"].get<float>();
  s.l1 = c["l1"].get<float>();
  s.l2 = c["l2"].get<float>();
  return s;
}

// The optimizer state before the step, laid out as Trainer keeps it: slot i
// (optimizerSlotName) of every parameter at i * parameterCount + offset.
std::vector<float> stateOf(const json& c, const Network& net, OptimizerId id) {
  const std::size_t params = net.parameterCount();
  std::vector<float> state(optimizerStateSize(id, params), 0.0f);
  const int slots = optimizer(id).stateSlots;
  for (const ParameterEntry& e : net.parameterTable()) {
    if (e.isState) continue;
    for (int i = 0; i < slots; ++i) {
      const std::vector<double> v =
          flat(c["state"].at(e.name).at(std::string(optimizerSlotName(id, i))));
      EXPECT_EQ(v.size(), e.size()) << e.name;
      for (std::size_t k = 0; k < v.size() && k < e.size(); ++k) {
        state[i * params + e.offset + k] = static_cast<float>(v[k]);
      }
    }
  }
  return state;
}

// Compares with |got - want| <= max(rel * |want|, abs). The absolute floor
// is for numbers near zero: the engine computes in float32, and a value that
// comes out of a sum of terms of order one (z, δ, a gradient summed over
// units or rows) carries a rounding error of about 1e-7 of those terms, not
// of the small result; the reference cases are built so that float32 torch
// stays within a fifth of this allowance (make_trace_reference.py).
class Comparer {
 public:
  Comparer(double rel, double abs) : rel_(rel), abs_(abs) {}

  void operator()(const std::vector<double>& got, const json& want, const std::string& what) {
    compare(got, flat(want), what);
  }

  void compare(const std::vector<double>& got, const std::vector<double>& want,
               const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    int failures = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      const double d = std::abs(got[i] - want[i]);
      const double allowed = std::max(rel_ * std::abs(want[i]), abs_);
      ++count_;
      if (d / allowed > worstRatio_) {
        worstRatio_ = d / allowed;
        worstWhere_ = what + "[" + std::to_string(i) + "]";
      }
      if (std::abs(want[i]) >= abs_ / rel_) {  // a relative difference means something
        if (d / std::abs(want[i]) > maxRel_) {
          maxRel_ = d / std::abs(want[i]);
          maxRelWhere_ = what + "[" + std::to_string(i) + "]";
        }
      } else {
        maxAbsSmall_ = std::max(maxAbsSmall_, d);
      }
      if (!(d <= allowed) && failures++ < 5) {
        ADD_FAILURE() << what << "[" << i << "]: got " << got[i] << ", expected " << want[i]
                      << " (difference " << d << ", allowed " << allowed << ")";
      }
    }
  }

  void report(const std::string& backend) const {
    std::printf(
        "[ trace    ] %s: %ld numbers; max relative difference %.3g (%s) among |expected| >= "
        "%.3g; max absolute difference below that %.3g; worst difference / allowance %.3f (%s)\n",
        backend.c_str(), count_, maxRel_, maxRelWhere_.c_str(), abs_ / rel_, maxAbsSmall_,
        worstRatio_, worstWhere_.c_str());
  }

 private:
  double rel_;
  double abs_;
  long count_ = 0;
  double maxRel_ = 0.0;
  std::string maxRelWhere_;
  double maxAbsSmall_ = 0.0;
  double worstRatio_ = 0.0;
  std::string worstWhere_;
};

void checkCase(Backend& backend, const json& c, Comparer& cmp) {
  const std::string name = c["name"].get<std::string>();
  SCOPED_TRACE(name);
  Network net(specOf(c), backend);
  net.initialize(1);
  for (const auto& [array, value] : c["params"].items()) net.setArray(array, matrix(value));
  if (c.contains("running")) {
    for (const auto& [array, value] : c["running"].items()) net.setArray(array, matrix(value));
  }
  const TrainingSettings s = settingsOf(c);
  const std::vector<float> state = stateOf(c, net, s.optimizer.id);
  const std::vector<float> paramsBefore = net.parameters();
  const std::vector<float> stateBefore = net.state();
  const RowMatrix x = matrix(c["x"]);
  const RowMatrix target = matrix(c["target"]);
  const long step = c["step"].get<long>();

  const Trace t = traceSamples(net, s, x, target, state, step);

  // The trace leaves the network as it was.
  EXPECT_EQ(net.parameters(), paramsBefore);
  EXPECT_EQ(net.state(), stateBefore);

  const json& e = c["expected"];
  EXPECT_EQ(t.rows, x.rows());
  EXPECT_EQ(t.step, step);
  EXPECT_EQ(t.loss, s.loss);
  cmp(doubles(t.logits), e["logits"], name + " logits");
  cmp(doubles(t.output), e["output"], name + " output");
  cmp(doubles(t.sampleLoss), e["sample_loss"], name + " sample loss");
  cmp({t.meanLoss}, e["loss"], name + " mean loss");
  cmp(doubles(t.inputGradient), e["input_gradient"], name + " input gradient");

  ASSERT_EQ(t.layers.size(), e["layers"].size());
  for (std::size_t l = 0; l < t.layers.size(); ++l) {
    const LayerTrace& lt = t.layers[l];
    const json& el = e["layers"][l];
    const json& spec = c["layers"][l];
    const std::string at = name + " layer " + std::to_string(l) + " ";
    EXPECT_EQ(lt.layer, static_cast<int>(l));
    EXPECT_EQ(activation(lt.activation).name, spec["activation"].get<std::string>());
    EXPECT_EQ(lt.batchNorm, spec["batchnorm"].get<bool>()) << at;
    // A layer's input is x or the layer before's a (float32 inputs: exact).
    if (l == 0) {
      EXPECT_EQ(doubles(lt.input), doubles(x)) << at << "input";
    } else {
      cmp(doubles(lt.input), e["layers"][l - 1]["a"], at + "input");
    }
    cmp(doubles(lt.z), el["z"], at + "z");
    if (el.contains("normalized")) {
      cmp(doubles(lt.normalized), el["normalized"], at + "normalized");
    } else {
      EXPECT_EQ(lt.normalized.size(), 0) << at << "normalized without batch norm";
    }
    cmp(doubles(lt.a), el["a"], at + "a");
    if (el.contains("derivative")) {
      cmp(doubles(lt.derivative), el["derivative"], at + "derivative");
    } else {
      EXPECT_EQ(lt.derivative.size(), 0) << at << "f' of softmax or a fused output";
    }
    if (el.contains("grad_a")) {
      cmp(doubles(lt.gradA), el["grad_a"], at + "gradA");
    } else {
      EXPECT_EQ(lt.gradA.size(), 0) << at << "dL/da of a fused output";
    }
    cmp(doubles(lt.delta), el["delta"], at + "delta");
    cmp(doubles(lt.deltaZ), el["delta_z"], at + "deltaZ");
  }

  const OptimizerId id = s.optimizer.id;
  const int slots = optimizer(id).stateSlots;
  ASSERT_EQ(t.arrays.size(), e["arrays"].size());
  for (const auto& [array, ea] : e["arrays"].items()) {
    const std::string at = name + " " + array + " ";
    const ArrayTrace* a = t.array(array);
    ASSERT_NE(a, nullptr) << at;
    EXPECT_EQ(a->regularized, array.ends_with("/kernel")) << at;
    EXPECT_EQ(doubles(a->value), flat(c["params"][array])) << at << "value";
    cmp(doubles(a->grad), ea["grad"], at + "grad");
    if (ea.contains("penalty")) {
      cmp(doubles(a->penalty), ea["penalty"], at + "penalty");
    } else {
      EXPECT_TRUE(a->penalty.empty()) << at << "penalty";
    }
    cmp(doubles(a->update), ea["update"], at + "update");
    ASSERT_EQ(a->stateBefore.size(), static_cast<std::size_t>(slots)) << at;
    ASSERT_EQ(a->stateAfter.size(), static_cast<std::size_t>(slots)) << at;
    for (int i = 0; i < slots; ++i) {
      const std::string slot(optimizerSlotName(id, i));
      EXPECT_EQ(doubles(a->stateBefore[i]), flat(c["state"][array][slot])) << at << slot;
      cmp(doubles(a->stateAfter[i]), ea["state_after"][slot], at + slot + " after");
    }
    if (id == OptimizerId::Adam) {
      cmp(doubles(a->mHat), ea["m_hat"], at + "m_hat");
      cmp(doubles(a->vHat), ea["v_hat"], at + "v_hat");
    } else {
      EXPECT_TRUE(a->mHat.empty() && a->vHat.empty()) << at;
    }
  }
}

// One case; an exception fails that case and the others still run.
void checkCaseCatching(Backend& backend, const json& c, Comparer& cmp) {
  try {
    checkCase(backend, c, cmp);
  } catch (const std::exception& e) {
    ADD_FAILURE() << c["name"].get<std::string>() << ": " << e.what();
  }
}

// What the reference covers, so that a regenerated file cannot quietly drop a case.
TEST(TraceReference, CoversEveryActivationLossAndOptimizer) {
  const json& cases = reference()["cases"];
  std::set<std::string> acts, lossNamesSeen, bn;
  std::set<std::string> updates;  // optimizer × {none, l1, l2}
  for (const auto& c : cases) {
    for (const auto& l : c["layers"]) {
      acts.insert(l["activation"].get<std::string>());
      if (l["batchnorm"].get<bool>()) bn.insert(c["name"].get<std::string>());
    }
    lossNamesSeen.insert(c["loss"].get<std::string>());
    const float l1 = c["l1"].get<float>(), l2 = c["l2"].get<float>();
    const std::string o = c["optimizer"]["name"].get<std::string>();
    if (l1 == 0.0f && l2 == 0.0f) updates.insert(o + " none");
    if (l1 == 0.0f && l2 != 0.0f) updates.insert(o + " l2");
    if (l1 != 0.0f && l2 == 0.0f) updates.insert(o + " l1");
  }
  EXPECT_EQ(acts.size(), activations().size());
  EXPECT_EQ(lossNamesSeen.size(), losses().size());
  EXPECT_FALSE(bn.empty());
  EXPECT_EQ(updates.size(), 3 * optimizers().size());
}

TEST(TraceReference, AgreesWithTorchOnCpu) {
  CpuBackend backend;
  Comparer cmp(1e-5, 1e-6);
  for (const auto& c : reference()["cases"]) checkCaseCatching(backend, c, cmp);
  cmp.report("cpu, " + std::to_string(reference()["cases"].size()) + " cases");
}

TEST(TraceReference, AgreesWithTorchOnOpenCl) {
  std::unique_ptr<Backend> cl;
  try {
    cl = createBackend("opencl");
  } catch (const DeviceError& e) {
    GTEST_SKIP() << e.what();
  }
  // Another device's float32 arithmetic (fused multiply-adds, its own
  // reductions and transcendental functions): ten times the CPU's allowance.
  Comparer cmp(1e-4, 1e-5);
  for (const auto& c : reference()["cases"]) checkCaseCatching(*cl, c, cmp);
  cmp.report("opencl, " + std::to_string(reference()["cases"].size()) + " cases");
}

}  // namespace
}  // namespace nnplay
