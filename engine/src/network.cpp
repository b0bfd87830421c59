#include "nnplay/network.hpp"

#include <algorithm>

#include "layers/activation_layer.hpp"
#include "layers/batch_norm_layer.hpp"
#include "layers/dense_layer.hpp"
#include "layers/dropout_layer.hpp"
#include "nnplay/error.hpp"
#include "nnplay/random.hpp"

namespace nnplay {

namespace {
constexpr int kDefaultCapacity = 256;
}

namespace {

// The layers of a spec, in order, with the spec layer each belongs to (which
// numbers its arrays) and where each spec layer's activation output sits.
struct BuiltLayers {
  std::vector<std::unique_ptr<Layer>> layers;
  std::vector<int> specLayer;            // per layer
  std::vector<std::size_t> specOutputs;  // acts_ index after spec layer i's activation
};

BuiltLayers buildLayers(const NetworkSpec& spec) {
  validate(spec);
  BuiltLayers b;
  int width = spec.inputs;
  std::uint64_t dropoutIndex = 0;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    b.layers.push_back(std::make_unique<DenseLayer>(width, l.units, l.bias && !l.batchNorm));
    if (l.batchNorm) b.layers.push_back(std::make_unique<BatchNormLayer>(l.units));
    b.layers.push_back(std::make_unique<ActivationLayer>(l.units, activation(l.activation)));
    b.specOutputs.push_back(b.layers.size());
    if (l.dropout > 0.0f) {
      b.layers.push_back(std::make_unique<DropoutLayer>(l.units, l.dropout, ++dropoutIndex));
    }
    b.specLayer.resize(b.layers.size(), static_cast<int>(i));
    width = l.units;
  }
  return b;
}

// Kernels first, then the other parameters, each in layer order; running
// statistics in the state buffer. `offsets` gets each layer's start in each buffer.
NetworkLayout layoutOf(const BuiltLayers& b, std::vector<LayerBinding>* offsets) {
  NetworkLayout n;
  for (const auto& layer : b.layers) {
    n.weightCount += layer->weightCount();
    n.parameterCount += layer->otherCount();
    n.stateCount += layer->stateCount();
  }
  n.parameterCount += n.weightCount;
  std::size_t next[] = {0, n.weightCount, 0};  // by ArrayBuffer: Weights, Others, State
  const auto start = [&](ArrayBuffer k) -> std::size_t& { return next[static_cast<int>(k)]; };
  for (std::size_t i = 0; i < b.layers.size(); ++i) {
    if (offsets) {
      LayerBinding o;
      o.weights = o.weightGrads = View{nullptr, start(ArrayBuffer::Weights)};
      o.others = o.otherGrads = View{nullptr, start(ArrayBuffer::Others)};
      o.state = View{nullptr, start(ArrayBuffer::State)};
      offsets->push_back(o);
    }
    for (const ArrayDescription& a : b.layers[i]->arrays()) {
      std::size_t& off = start(a.buffer);
      n.table.push_back({parameterName(a.kind, b.specLayer[i]), off, a.rows, a.cols,
                         a.buffer == ArrayBuffer::State});
      off += a.size();
    }
  }
  return n;
}

}  // namespace

NetworkLayout Network::layout(const NetworkSpec& spec) {
  return layoutOf(buildLayers(spec), nullptr);
}

Network::Network(NetworkSpec spec, Backend& backend) : spec_(std::move(spec)), backend_(backend) {
  BuiltLayers built = buildLayers(spec_);
  std::vector<LayerBinding> offsets;
  NetworkLayout n = layoutOf(built, &offsets);
  layers_ = std::move(built.layers);
  const auto activationAt = [&](std::size_t j) -> const ActivationInfo* {
    const auto* a = dynamic_cast<const ActivationLayer*>(layers_[j].get());
    return a && !a->function().rowWise ? &a->function() : nullptr;
  };
  fusion_.resize(layers_.size());
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    Fusion& f = fusion_[i];
    f.dense = dynamic_cast<DenseLayer*>(layers_[i].get());
    if (!f.dense) continue;
    if (i + 1 < layers_.size()) f.after = activationAt(i + 1);
    if (i >= 1) f.before = activationAt(i - 1);
  }
  specLayerOutput_ = std::move(built.specOutputs);
  specLayer_ = std::move(built.specLayer);
  table_ = std::move(n.table);
  paramCount_ = n.parameterCount;
  weightCount_ = n.weightCount;
  stateCount_ = n.stateCount;
  params_.storage = backend_.allocate(paramCount_);
  grads_buf_.storage = backend_.allocate(paramCount_);
  state_.storage = backend_.allocate(std::max<std::size_t>(stateCount_, 1));
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const LayerBinding& o = offsets[i];
    layers_[i]->bind({params_.view().at(o.weights.offset), grads_buf_.view().at(o.weights.offset),
                      params_.view().at(o.others.offset), grads_buf_.view().at(o.others.offset),
                      state_.view().at(o.state.offset)});
  }
  reserve(kDefaultCapacity);
}

Network::~Network() = default;

const ActivationInfo& Network::outputActivation() const {
  return activation(spec_.layers.back().activation);
}

void Network::reserve(int rows) {
  if (rows <= capacity_) return;
  capacity_ = rows;
  acts_.clear();
  grads_.clear();
  const auto r = static_cast<std::size_t>(rows);
  acts_.push_back({backend_.allocate(r * spec_.inputs)});
  grads_.push_back({backend_.allocate(r * spec_.inputs)});
  for (const auto& layer : layers_) {
    acts_.push_back({backend_.allocate(r * layer->outputWidth())});
    grads_.push_back({backend_.allocate(r * layer->outputWidth())});
    layer->reserve(backend_, rows);
  }
}

void Network::initialize(std::uint64_t seed) {
  Rng rng(streamSeed(seed, Stream::Init));
  const InitializerInfo& init = initializer(spec_.init);
  std::vector<float> p(paramCount_, 0.0f);
  std::vector<float> s(stateCount_, 0.0f);
  std::size_t k = 0;  // layoutOf listed the layers' arrays in this same order
  for (const auto& layer : layers_) {
    for (const ArrayDescription& a : layer->arrays()) {
      const ParameterEntry& e = table_[k++];
      float* dst = e.isState ? s.data() + e.offset : p.data() + e.offset;
      switch (a.init) {
        case ArrayInit::Initializer:
          init.fill(dst, static_cast<std::size_t>(e.rows), static_cast<std::size_t>(e.cols),
                    spec_.initScale, rng);
          break;
        case ArrayInit::BiasInit:
          std::fill(dst, dst + e.size(), spec_.biasInit);
          break;
        case ArrayInit::Ones:
          std::fill(dst, dst + e.size(), 1.0f);
          break;
        case ArrayInit::Zeros:
          break;  // p and s start at 0
      }
    }
  }
  setParameters(p);
  setState(s);
}

std::vector<float> Network::parameters() const {
  std::vector<float> v(paramCount_);
  backend_.download(params_.view(), v.data(), paramCount_);
  return v;
}

void Network::setParameters(const std::vector<float>& values) {
  if (values.size() != paramCount_) {
    throw SpecError("parameter count mismatch: network has " + std::to_string(paramCount_) +
                    ", got " + std::to_string(values.size()));
  }
  backend_.upload(values.data(), params_.view(), paramCount_);
}

std::vector<float> Network::state() const {
  std::vector<float> v(stateCount_);
  if (stateCount_ > 0) backend_.download(state_.view(), v.data(), stateCount_);
  return v;
}

void Network::setState(const std::vector<float>& values) {
  if (values.size() != stateCount_) {
    throw SpecError("state count mismatch: network has " + std::to_string(stateCount_) + ", got " +
                    std::to_string(values.size()));
  }
  if (stateCount_ > 0) backend_.upload(values.data(), state_.view(), stateCount_);
}

std::vector<float> Network::gradients() const {
  std::vector<float> v(paramCount_);
  backend_.download(grads_buf_.view(), v.data(), paramCount_);
  return v;
}

const ParameterEntry* findParameter(const std::vector<ParameterEntry>& table,
                                    std::string_view name) {
  for (const auto& e : table) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

namespace {
const ParameterEntry& findEntry(const std::vector<ParameterEntry>& table, const std::string& name) {
  if (const ParameterEntry* e = findParameter(table, name)) return *e;
  std::string known;
  for (const auto& e : table) known += (known.empty() ? "" : ", ") + e.name;
  throw SpecError("network has no array named '" + name + "'; it has: " + known);
}
}  // namespace

RowMatrix Network::array(const std::string& name) const {
  const ParameterEntry& e = findEntry(table_, name);
  RowMatrix m(e.rows, e.cols);
  backend_.download((e.isState ? state_ : params_).view().at(e.offset), m.data(), e.size());
  return m;
}

void Network::setArray(const std::string& name, const RowMatrix& values) {
  const ParameterEntry& e = findEntry(table_, name);
  if (values.size() != static_cast<Eigen::Index>(e.size())) {
    throw SpecError("array '" + name + "' needs " + std::to_string(e.rows) + " x " +
                    std::to_string(e.cols) + " values, got " + std::to_string(values.rows()) +
                    " x " + std::to_string(values.cols()));
  }
  backend_.upload(values.data(), (e.isState ? state_ : params_).view().at(e.offset), e.size());
}

View Network::parameterView() const {
  return params_.view();
}
View Network::gradientView() const {
  return grads_buf_.view();
}

View Network::logits() const {
  return acts_[acts_.size() - 2].view();
}

View Network::outputGradient(bool wrtLogits) const {
  return wrtLogits ? grads_[grads_.size() - 2].view() : grads_.back().view();
}

void Network::forward(int rows, const LayerContext& ctx) {
  backend_.prepareThread();
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    // A dense layer and the element-wise activation after it: one pass.
    if (const Fusion& f = fusion_[i]; f.after) {
      f.dense->forwardWith(ctx, acts_[i].view(), acts_[i + 1].view(), rows, *f.after,
                           acts_[i + 2].view());
      ++i;
      continue;
    }
    layers_[i]->forward(ctx, acts_[i].view(), acts_[i + 1].view(), rows);
  }
}

void Network::backward(int rows, const LayerContext& ctx, bool wrtLogits, bool wantInputGradient) {
  // The last layer is always the output activation; a fused loss has already
  // produced the gradient at its input.
  std::size_t i = wrtLogits ? layers_.size() - 1 : layers_.size();
  while (i-- > 0) {
    const bool needInput = i > 0 || wantInputGradient;
    // A dense layer and the element-wise activation before it: one pass (the
    // first layer is dense, so that activation always wants its input's gradient).
    if (const Fusion& f = fusion_[i]; f.before) {
      f.dense->backwardWith(ctx, acts_[i].view(), grads_[i + 1].view(), grads_[i].view(), rows,
                            *f.before, acts_[i - 1].view(), grads_[i - 1].view());
      --i;
      continue;
    }
    layers_[i]->backward(ctx, acts_[i].view(), acts_[i + 1].view(), grads_[i + 1].view(),
                         needInput ? grads_[i].view() : View{}, rows);
  }
}

void Network::checkInputs(const RowMatrix& x) const {
  if (x.cols() != spec_.inputs) {
    throw SpecError("input has " + std::to_string(x.cols()) + " columns; the network expects " +
                    std::to_string(spec_.inputs));
  }
}

void Network::predictLayersTransposed(const RowMatrix& x, std::vector<RowMatrix>& out,
                                      bool preActivations) {
  checkInputs(x);
  // Large chunks (few passes) within about 16 MiB of workspace.
  std::size_t width = static_cast<std::size_t>(spec_.inputs);
  for (const LayerSpec& l : spec_.layers) width += 3 * static_cast<std::size_t>(l.units);
  const auto affordable = static_cast<Eigen::Index>((std::size_t{16} << 20) / (8 * width));
  reserve(static_cast<int>(std::clamp<Eigen::Index>(
      x.rows(), capacity_, std::max<Eigen::Index>(affordable, capacity_))));
  out.resize(spec_.layers.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].rows() != spec_.layers[i].units || out[i].cols() != x.rows()) {
      out[i].resize(spec_.layers[i].units, x.rows());
    }
  }
  LayerContext ctx{backend_, false, 0, 0};
  for (Eigen::Index start = 0; start < x.rows(); start += capacity_) {
    const int rows = static_cast<int>(std::min<Eigen::Index>(capacity_, x.rows() - start));
    backend_.upload(x.data() + start * x.cols(), input(),
                    static_cast<std::size_t>(rows) * x.cols());
    forward(rows, ctx);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const auto units = static_cast<Eigen::Index>(out[i].rows());
      chunk_.resize(static_cast<std::size_t>(rows * units));
      const std::size_t at = specLayerOutput_[i] - (preActivations ? 1 : 0);
      backend_.download(acts_[at].view(), chunk_.data(), chunk_.size());
      out[i].middleCols(start, rows) =
          Eigen::Map<const RowMatrix>(chunk_.data(), rows, units).transpose();
    }
  }
}

Network::Prediction Network::predict(const RowMatrix& x) {
  checkInputs(x);
  Prediction p{RowMatrix(x.rows(), outputs()), RowMatrix(x.rows(), outputs())};
  LayerContext ctx{backend_, false, 0, 0};
  const auto out = static_cast<std::size_t>(outputs());
  for (Eigen::Index start = 0; start < x.rows(); start += capacity_) {
    const int rows = static_cast<int>(std::min<Eigen::Index>(capacity_, x.rows() - start));
    backend_.upload(x.data() + start * x.cols(), input(),
                    static_cast<std::size_t>(rows) * x.cols());
    forward(rows, ctx);
    backend_.download(logits(), p.logits.data() + start * out, rows * out);
    backend_.download(output(), p.outputs.data() + start * out, rows * out);
  }
  return p;
}

}  // namespace nnplay
