#include "nnplay/trace.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

const ArrayTrace* Trace::array(std::string_view name) const {
  for (const ArrayTrace& a : arrays) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string_view optimizerSlotName(OptimizerId id, int slot) {
  switch (id) {
    case OptimizerId::Sgd:
      return "";
    case OptimizerId::Momentum:
    case OptimizerId::Nesterov:
      return slot == 0 ? "velocity" : "";
    case OptimizerId::Rmsprop:
      return slot == 0 ? "square_avg" : "";
    case OptimizerId::Adam:
      return slot == 0 ? "m" : slot == 1 ? "v" : "";
  }
  return "";
}

namespace {

RowMatrix download(Backend& b, View v, int rows, int cols) {
  RowMatrix m(rows, cols);
  if (m.size() > 0) b.download(v, m.data(), static_cast<std::size_t>(m.size()));
  return m;
}

std::unique_ptr<DeviceBuffer> uploaded(Backend& b, const float* values, std::size_t count) {
  auto buffer = b.allocate(std::max<std::size_t>(count, 1));
  if (count > 0) b.upload(values, {buffer.get(), 0}, count);
  return buffer;
}

std::vector<float> downloaded(Backend& b, const DeviceBuffer& buffer, std::size_t offset,
                              std::size_t count) {
  std::vector<float> v(count);
  if (count > 0) b.download({const_cast<DeviceBuffer*>(&buffer), offset}, v.data(), count);
  return v;
}

// The forward values and gradients of each spec layer, from the stages the
// network ran.
std::vector<LayerTrace> layerTraces(const Network& net, int rows, bool fused) {
  Backend& b = net.backend();
  const NetworkSpec& spec = net.spec();
  std::vector<LayerTrace> layers(spec.layers.size());
  const auto last = static_cast<int>(spec.layers.size()) - 1;
  for (std::size_t s = 0; s < net.stageCount(); ++s) {
    const int l = net.stageLayer(s);
    LayerTrace& t = layers[static_cast<std::size_t>(l)];
    const int units = spec.layers[static_cast<std::size_t>(l)].units;
    t.layer = l;
    t.activation = spec.layers[static_cast<std::size_t>(l)].activation;
    const std::string_view kind = net.stageKind(s);
    const int inWidth = l == 0 ? spec.inputs : spec.layers[static_cast<std::size_t>(l) - 1].units;
    if (kind == "dense") {
      t.input = download(b, net.valuesAt(s), rows, inWidth);
      t.z = download(b, net.valuesAt(s + 1), rows, units);
      t.deltaZ = download(b, net.gradientAt(s + 1), rows, units);
    } else if (kind == "batchnorm") {
      t.batchNorm = true;
      t.normalized = download(b, net.valuesAt(s + 1), rows, units);
    } else if (kind == "activation") {
      t.a = download(b, net.valuesAt(s + 1), rows, units);
      t.delta = download(b, net.gradientAt(s), rows, units);
      const bool fusedOutput = fused && l == last;
      if (!fusedOutput) t.gradA = download(b, net.gradientAt(s + 1), rows, units);
      const ActivationInfo& f = activation(t.activation);
      if (!fusedOutput && !f.rowWise) {
        // f′ from the backend's own backward with an upstream gradient of ones.
        const std::size_t n = static_cast<std::size_t>(rows) * units;
        const std::vector<float> ones(n, 1.0f);
        auto da = uploaded(b, ones.data(), n);
        auto dz = b.allocate(n);
        b.activationBackward(f, net.valuesAt(s), net.valuesAt(s + 1), {da.get(), 0}, {dz.get(), 0},
                             rows, units);
        t.derivative = download(b, {dz.get(), 0}, rows, units);
      }
    }
  }
  return layers;
}

}  // namespace

Trace traceSamples(Network& net, const TrainingSettings& settings, const RowMatrix& x,
                   const RowMatrix& target, const std::vector<float>& optimizerState, long step) {
  validate(settings, net.spec());
  if (x.cols() != net.inputs()) {
    throw SpecError("the sample has " + std::to_string(x.cols()) +
                    " input values; the network expects " + std::to_string(net.inputs()));
  }
  if (x.rows() < 1) throw SpecError("no sample to trace");
  if (target.rows() != x.rows()) {
    throw SpecError("the trace has " + std::to_string(x.rows()) + " samples but " +
                    std::to_string(target.rows()) + " targets");
  }
  const LossInfo& l = loss(settings.loss);
  const int outputs = net.outputs();
  const auto tcols = static_cast<int>(target.cols());
  if (tcols != outputs && !(tcols == 1 && l.acceptsClassIndex)) {
    throw SpecError("the target has " + std::to_string(tcols) + " values; the output layer has " +
                    std::to_string(outputs));
  }
  const std::size_t params = net.parameterCount();
  const OptimizerInfo& opt = optimizer(settings.optimizer.id);
  const std::size_t stateSize = optimizerStateSize(opt.id, params);
  if (!optimizerState.empty() && optimizerState.size() != stateSize &&
      optimizerState.size() != kLegacyStateSlots * params) {
    throw SpecError("optimizer state has " + std::to_string(optimizerState.size()) + " values; " +
                    std::string(opt.name) + " on this network needs " + std::to_string(stateSize));
  }
  if (step < 1) throw SpecError("the step counter of an update starts at 1");

  Backend& b = net.backend();
  const int rows = static_cast<int>(x.rows());
  net.reserve(rows);
  Trace tr;
  tr.rows = rows;
  tr.x = x;
  tr.target = target;
  tr.loss = settings.loss;
  tr.optimizer = settings.optimizer;
  tr.l1 = settings.l1;
  tr.l2 = settings.l2;
  tr.step = step;

  // Forward and loss, exactly as a training step but in inference mode.
  b.upload(x.data(), net.input(), static_cast<std::size_t>(x.size()));
  auto t = uploaded(b, target.data(), static_cast<std::size_t>(target.size()));
  const LayerContext ctx{b, false, 0, 0};
  net.forward(rows, ctx);
  const bool fused = l.fusedWith.has_value();
  auto sums = b.allocate(static_cast<std::size_t>(rows) + 1);
  for (int r = 0; r < rows; ++r) {
    b.loss(l, net.logits().at(static_cast<std::size_t>(r) * outputs),
           net.output().at(static_cast<std::size_t>(r) * outputs),
           {t.get(), static_cast<std::size_t>(r) * tcols}, View{}, {sums.get(), std::size_t(r)}, 1,
           outputs, tcols);
  }
  b.loss(l, net.logits(), net.output(), {t.get(), 0}, net.outputGradient(fused),
         {sums.get(), static_cast<std::size_t>(rows)}, rows, outputs, tcols);
  net.backward(rows, ctx, fused, true);

  const std::vector<float> perRow = downloaded(b, *sums, 0, static_cast<std::size_t>(rows) + 1);
  tr.sampleLoss.assign(perRow.begin(), perRow.end() - 1);
  tr.meanLoss = perRow.back() / rows;
  tr.logits = download(b, net.logits(), rows, outputs);
  tr.output = download(b, net.output(), rows, outputs);
  tr.inputGradient = download(b, net.inputGradient(), rows, net.inputs());
  tr.layers = layerTraces(net, rows, fused);

  // The proposed update on copies, with the backend's own regularize and step.
  const std::vector<float> value = net.parameters();
  const std::vector<float> grad = net.gradients();
  auto p = uploaded(b, value.data(), params);
  auto g = uploaded(b, grad.data(), params);
  std::vector<std::unique_ptr<DeviceBuffer>> slots;
  for (int i = 0; i < opt.stateSlots; ++i) {
    const float* src = optimizerState.empty() ? nullptr : optimizerState.data() + i * params;
    slots.push_back(src ? uploaded(b, src, params) : b.allocate(params));
  }
  const auto slot = [&](int i) {
    return i < opt.stateSlots ? View{slots[static_cast<std::size_t>(i)].get(), 0} : View{};
  };
  std::vector<std::vector<float>> before;
  for (int i = 0; i < opt.stateSlots; ++i) before.push_back(downloaded(b, *slots[i], 0, params));
  const bool penalized = settings.l1 != 0.0f || settings.l2 != 0.0f;
  std::vector<float> regularized = grad;
  if (penalized) {
    b.regularize({p.get(), 0}, {g.get(), 0}, net.weightCount(), settings.l1, settings.l2);
    regularized = downloaded(b, *g, 0, params);
  }
  b.optimizerStep(settings.optimizer, step, {p.get(), 0}, {g.get(), 0}, slot(0), slot(1), params);
  const std::vector<float> updated = downloaded(b, *p, 0, params);
  std::vector<std::vector<float>> after;
  for (int i = 0; i < opt.stateSlots; ++i) after.push_back(downloaded(b, *slots[i], 0, params));

  const auto range = [](const std::vector<float>& v, std::size_t at, std::size_t n) {
    return std::vector<float>(v.begin() + static_cast<std::ptrdiff_t>(at),
                              v.begin() + static_cast<std::ptrdiff_t>(at + n));
  };
  const auto td = static_cast<double>(step);
  const double c1 = 1.0 - std::pow(static_cast<double>(settings.optimizer.beta1), td);
  const double c2 = 1.0 - std::pow(static_cast<double>(settings.optimizer.beta2), td);
  for (const ParameterEntry& e : net.parameterTable()) {
    if (e.isState) continue;
    ArrayTrace a;
    a.name = e.name;
    a.rows = e.rows;
    a.cols = e.cols;
    a.regularized = e.offset < net.weightCount();
    const std::size_t n = e.size();
    a.value = range(value, e.offset, n);
    a.grad = range(grad, e.offset, n);
    if (penalized && a.regularized) {
      a.penalty = range(regularized, e.offset, n);
      for (std::size_t i = 0; i < n; ++i) a.penalty[i] -= a.grad[i];
    }
    a.update = range(updated, e.offset, n);
    for (int i = 0; i < opt.stateSlots; ++i) {
      a.stateBefore.push_back(range(before[static_cast<std::size_t>(i)], e.offset, n));
      a.stateAfter.push_back(range(after[static_cast<std::size_t>(i)], e.offset, n));
    }
    if (opt.id == OptimizerId::Adam) {
      for (std::size_t i = 0; i < n; ++i) {
        a.mHat.push_back(static_cast<float>(a.stateAfter[0][i] / c1));
        a.vHat.push_back(static_cast<float>(a.stateAfter[1][i] / c2));
      }
    }
    tr.arrays.push_back(std::move(a));
  }
  return tr;
}

}  // namespace nnplay
