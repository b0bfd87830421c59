#include "explain_command.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "model_command.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/error.hpp"
#include "nnplay/table_dataset.hpp"
#include "nnplay/targets.hpp"
#include "nnplay/trace.hpp"

namespace nnplay::cli {

namespace {

using nlohmann::json;

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

double number(const std::string& text, const std::string& what) {
  double v = 0.0;
  if (!parseNumber(trim(text), v)) {
    throw SpecError(what + ": expected a number, got '" + trim(text) + "'");
  }
  return v;
}

// "x1=0.5,x2=-1" by name, or "0.5,-1" in the model's column order.
RowMatrix parseInput(const std::string& text, const InputTransform& t) {
  const std::vector<std::string>& names = t.inputNames;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    parts.push_back(
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  RowMatrix x(1, t.rawInputs);
  const bool named = text.find('=') != std::string::npos;
  if (!named) {
    if (static_cast<int>(parts.size()) != t.rawInputs) {
      throw SpecError("--input has " + std::to_string(parts.size()) + " values; the model takes " +
                      std::to_string(t.rawInputs) + " (" + joined(names) + ")");
    }
    for (int j = 0; j < t.rawInputs; ++j) {
      x(0, j) = static_cast<float>(
          number(parts[static_cast<std::size_t>(j)], "--input value " + std::to_string(j + 1)));
    }
    return x;
  }
  std::vector<bool> given(names.size(), false);
  for (const std::string& part : parts) {
    const std::size_t eq = part.find('=');
    if (eq == std::string::npos) {
      throw SpecError("--input: expected name=value, got '" + trim(part) + "'");
    }
    const std::string name = trim(part.substr(0, eq));
    std::size_t j = 0;
    while (j < names.size() && names[j] != name) ++j;
    if (j == names.size()) {
      throw SpecError("--input: the model has no input '" + name + "'; its inputs are " +
                      joined(names));
    }
    if (given[j]) throw SpecError("--input: '" + name + "' is given twice");
    given[j] = true;
    x(0, static_cast<Eigen::Index>(j)) =
        static_cast<float>(number(part.substr(eq + 1), "--input " + name));
  }
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (!given[j]) {
      throw SpecError("--input: no value for '" + names[j] + "'; the model needs " + joined(names));
    }
  }
  return x;
}

// The target as the trainer encodes it: a class (name or index) for
// classification, a value (scaled like the training targets) for regression.
RowMatrix encodeTarget(const std::string& text, const Project& p) {
  const InputTransform& t = *p.transform;
  const LossInfo& l = loss(p.training.loss);
  const bool classification = t.outputNames.size() >= 2;
  if (trim(text).empty()) {
    throw SpecError(std::string("the loss (") + std::string(l.name) +
                    ") needs a target: give --target " +
                    (classification ? "with one of " + joined(t.outputNames) : "with a value"));
  }
  Dataset d;
  d.task = classification ? Task::Classification : Task::Regression;
  d.classes = classification ? static_cast<int>(t.outputNames.size()) : 0;
  d.x = RowMatrix::Zero(1, p.network.inputs);
  d.y = RowMatrix(1, 1);
  if (classification) {
    const std::string name = trim(text);
    int k = -1;
    for (std::size_t i = 0; i < t.outputNames.size(); ++i) {
      if (t.outputNames[i] == name) k = static_cast<int>(i);
    }
    double v = 0.0;
    if (k < 0 && parseNumber(name, v) && v == static_cast<int>(v) && v >= 0 && v < d.classes) {
      k = static_cast<int>(v);
    }
    if (k < 0) {
      throw SpecError("--target: '" + name + "' is not a class; the classes are " +
                      joined(t.outputNames) + " (or their index from 0)");
    }
    d.y(0, 0) = static_cast<float>(k);
  } else {
    const auto v = static_cast<float>(number(text, "--target"));
    d.y(0, 0) = v;
    if (t.targetScaler.fitted()) t.targetScaler.apply(d.y);
  }
  return chooseEncoding(d, p.network, l).encode(d);
}

json matrix(const RowMatrix& m) {
  json rows = json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    json row = json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

json array(const std::vector<float>& v, int rows, int cols) {
  return matrix(Eigen::Map<const RowMatrix>(v.data(), rows, cols));
}

json toJson(const Trace& t, const RowMatrix& raw) {
  json j;
  j["convention"] = "rows: z = a_prev · W + b, W is in×out";
  j["raw_input"] = matrix(raw);
  j["x"] = matrix(t.x);
  j["target"] = matrix(t.target);
  json forward = json::array();
  json backward = json::array();
  for (const LayerTrace& l : t.layers) {
    json f{{"layer", l.layer},
           {"activation", std::string(activation(l.activation).name)},
           {"input", matrix(l.input)},
           {"z", matrix(l.z)},
           {"a", matrix(l.a)}};
    if (l.batchNorm) f["normalized"] = matrix(l.normalized);
    if (l.derivative.size() > 0) f["derivative"] = matrix(l.derivative);
    forward.push_back(std::move(f));
    json b{{"layer", l.layer}, {"delta", matrix(l.delta)}, {"delta_z", matrix(l.deltaZ)}};
    if (l.gradA.size() > 0) b["grad_a"] = matrix(l.gradA);
    backward.push_back(std::move(b));
  }
  j["forward"] = std::move(forward);
  j["backward"] = std::move(backward);
  j["logits"] = matrix(t.logits);
  j["output"] = matrix(t.output);
  j["loss"] = {{"name", std::string(loss(t.loss).name)},
               {"value", t.meanLoss},
               {"per_sample", t.sampleLoss},
               {"log", "natural"}};
  j["input_gradient"] = matrix(t.inputGradient);
  const OptimizerInfo& o = optimizer(t.optimizer.id);
  j["optimizer"] = {{"name", std::string(o.name)},
                    {"learning_rate", t.optimizer.learningRate},
                    {"momentum", t.optimizer.momentum},
                    {"rho", t.optimizer.rho},
                    {"beta1", t.optimizer.beta1},
                    {"beta2", t.optimizer.beta2},
                    {"epsilon", t.optimizer.epsilon},
                    {"l1", t.l1},
                    {"l2", t.l2},
                    {"step", t.step}};
  json value, grad, penalty, update, before, after, mHat, vHat;
  for (const ArrayTrace& a : t.arrays) {
    value[a.name] = array(a.value, a.rows, a.cols);
    grad[a.name] = array(a.grad, a.rows, a.cols);
    if (!a.penalty.empty()) penalty[a.name] = array(a.penalty, a.rows, a.cols);
    update[a.name] = array(a.update, a.rows, a.cols);
    for (std::size_t s = 0; s < a.stateBefore.size(); ++s) {
      const std::string slot(optimizerSlotName(t.optimizer.id, static_cast<int>(s)));
      before[slot][a.name] = array(a.stateBefore[s], a.rows, a.cols);
      after[slot][a.name] = array(a.stateAfter[s], a.rows, a.cols);
    }
    if (!a.mHat.empty()) {
      mHat[a.name] = array(a.mHat, a.rows, a.cols);
      vHat[a.name] = array(a.vHat, a.rows, a.cols);
    }
  }
  j["value"] = std::move(value);
  j["grad"] = std::move(grad);
  if (!penalty.is_null()) j["penalty"] = std::move(penalty);
  j["update"] = std::move(update);
  if (!before.is_null()) {
    j["state_before"] = std::move(before);
    j["state_after"] = std::move(after);
  }
  if (!mHat.is_null()) {
    j["m_hat"] = std::move(mHat);
    j["v_hat"] = std::move(vHat);
  }
  return j;
}

std::string text(const RowMatrix& m) {
  std::string s = "[";
  char buf[32];
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    s += r ? ", [" : "[";
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      std::snprintf(buf, sizeof buf, "%.6g", static_cast<double>(m(r, c)));
      s += (c ? ", " : "") + std::string(buf);
    }
    s += "]";
  }
  return s + "]";
}

std::string shape(const RowMatrix& m) {
  return "(" + std::to_string(m.rows()) + "×" + std::to_string(m.cols()) + ")";
}

void printText(const Trace& t, std::ostream& out) {
  out << "Forward pass (rows: z = a·W + b, W is in×out)\n";
  out << "  x " << shape(t.x) << " = " << text(t.x) << "\n";
  for (const LayerTrace& l : t.layers) {
    const std::string n = std::to_string(l.layer + 1);
    const std::string prev = l.layer == 0 ? "x" : "a" + std::to_string(l.layer);
    out << "Layer " << n << " (" << activation(l.activation).label << ")\n";
    out << "  z" << n << " = " << prev << "·W" << n << " + b" << n << " " << shape(l.z) << " = "
        << text(l.z) << "\n";
    if (l.batchNorm) {
      out << "  batch norm (running statistics) " << shape(l.normalized) << " = "
          << text(l.normalized) << "\n";
    }
    out << "  a" << n << " = f(z" << n << ") = " << text(l.a) << "\n";
  }
  const LossInfo& li = loss(t.loss);
  out << "Loss " << li.label << " (natural log) = " << t.meanLoss << "   target " << text(t.target)
      << "\n";
  out << "Backward pass\n";
  for (auto it = t.layers.rbegin(); it != t.layers.rend(); ++it) {
    const LayerTrace& l = *it;
    const std::string n = std::to_string(l.layer + 1);
    if (l.derivative.size() > 0) out << "  f'(z" << n << ") = " << text(l.derivative) << "\n";
    out << "  δ" << n << " = " << text(l.delta) << "\n";
    const ArrayTrace* k = t.array("dense_" + std::to_string(l.layer) + "/kernel");
    if (k) {
      out << "  ∂L/∂W" << n << " = "
          << (l.layer == 0 ? std::string("x") : "a" + std::to_string(l.layer)) << "ᵀ·δ" << n << " ("
          << k->rows << "×" << k->cols
          << ") = " << text(Eigen::Map<const RowMatrix>(k->grad.data(), k->rows, k->cols)) << "\n";
    }
  }
  const OptimizerInfo& o = optimizer(t.optimizer.id);
  out << "Update (" << o.label << ", learning rate " << t.optimizer.learningRate
      << ", step t = " << t.step << ")\n";
  for (const ArrayTrace& a : t.arrays) {
    out << "  " << a.name << ": "
        << text(Eigen::Map<const RowMatrix>(a.value.data(), a.rows, a.cols)) << " -> "
        << text(Eigen::Map<const RowMatrix>(a.update.data(), a.rows, a.cols)) << "\n";
  }
}

}  // namespace

int runExplain(const ExplainOptions& o, std::ostream& out) {
  LoadedModel m = loadModel(o.model);
  const Project& p = m.project;
  const RowMatrix raw = parseInput(o.input, *p.transform);
  const RowMatrix target = encodeTarget(o.target, p);
  std::unique_ptr<Backend> backend = createBackend(o.device);
  Network net(p.network, *backend);
  net.setParameters(p.parameters);
  net.setState(p.state);
  const std::vector<float> state = p.trainer ? p.trainer->optimizer : std::vector<float>{};
  const long step = p.trainer ? p.trainer->step + 1 : 1;
  const Trace t = traceSamples(net, p.training, p.transform->apply(raw), target, state, step);
  if (o.json) {
    out << toJson(t, raw).dump() << "\n";
  } else {
    printText(t, out);
  }
  return 0;
}

}  // namespace nnplay::cli
