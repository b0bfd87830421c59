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

Network::Network(NetworkSpec spec, Backend& backend) : spec_(std::move(spec)), backend_(backend) {
  validate(spec_);
  int width = spec_.inputs;
  std::uint64_t dropoutIndex = 0;
  for (const LayerSpec& l : spec_.layers) {
    layers_.push_back(std::make_unique<DenseLayer>(width, l.units, !l.batchNorm));
    if (l.batchNorm) layers_.push_back(std::make_unique<BatchNormLayer>(l.units));
    layers_.push_back(std::make_unique<ActivationLayer>(l.units, activation(l.activation)));
    if (l.dropout > 0.0f) {
      layers_.push_back(std::make_unique<DropoutLayer>(l.units, l.dropout, ++dropoutIndex));
    }
    width = l.units;
  }

  // Lay out the flat buffers: every kernel first, then the other parameters.
  for (const auto& layer : layers_) {
    weightCount_ += layer->weightCount();
    stateCount_ += layer->stateCount();
  }
  paramCount_ = weightCount_;
  for (const auto& layer : layers_) paramCount_ += layer->otherCount();

  params_.storage = backend_.allocate(paramCount_);
  grads_buf_.storage = backend_.allocate(paramCount_);
  state_.storage = backend_.allocate(std::max<std::size_t>(stateCount_, 1));

  std::size_t wOff = 0;
  std::size_t oOff = weightCount_;
  std::size_t sOff = 0;
  int denseIndex = -1;
  for (const auto& layer : layers_) {
    LayerBinding b;
    b.weights = params_.view().at(wOff);
    b.weightGrads = grads_buf_.view().at(wOff);
    b.others = params_.view().at(oOff);
    b.otherGrads = grads_buf_.view().at(oOff);
    b.state = state_.view().at(sOff);
    layer->bind(b);
    const int in = layer->inputWidth();
    const int out = layer->outputWidth();
    if (layer->kind() == "dense") {
      ++denseIndex;
      const std::string p = "dense_" + std::to_string(denseIndex);
      table_.push_back({p + "/kernel", wOff, in, out, false});
      if (layer->otherCount() > 0) table_.push_back({p + "/bias", oOff, 1, out, false});
    } else if (layer->kind() == "batchnorm") {
      const std::string p = "batchnorm_" + std::to_string(denseIndex);
      table_.push_back({p + "/gamma", oOff, 1, out, false});
      table_.push_back({p + "/beta", oOff + out, 1, out, false});
      table_.push_back({p + "/running_mean", sOff, 1, out, true});
      table_.push_back({p + "/running_var", sOff + out, 1, out, true});
    }
    wOff += layer->weightCount();
    oOff += layer->otherCount();
    sOff += layer->stateCount();
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
  for (const ParameterEntry& e : table_) {
    float* dst = e.isState ? s.data() + e.offset : p.data() + e.offset;
    const std::string_view tail = std::string_view(e.name).substr(e.name.find('/') + 1);
    if (tail == "kernel") {
      init.fill(dst, static_cast<std::size_t>(e.rows), static_cast<std::size_t>(e.cols),
                spec_.initScale, rng);
    } else if (tail == "bias") {
      std::fill(dst, dst + e.size(), spec_.biasInit);
    } else if (tail == "gamma" || tail == "running_var") {
      std::fill(dst, dst + e.size(), 1.0f);
    }  // beta and running_mean stay 0
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
    throw SpecError("state count mismatch: network has " + std::to_string(stateCount_) +
                    ", got " + std::to_string(values.size()));
  }
  if (stateCount_ > 0) backend_.upload(values.data(), state_.view(), stateCount_);
}

std::vector<float> Network::gradients() const {
  std::vector<float> v(paramCount_);
  backend_.download(grads_buf_.view(), v.data(), paramCount_);
  return v;
}

namespace {
const ParameterEntry& findEntry(const std::vector<ParameterEntry>& table, const std::string& name) {
  for (const auto& e : table) {
    if (e.name == name) return e;
  }
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

View Network::parameterView() const { return params_.view(); }
View Network::gradientView() const { return grads_buf_.view(); }

View Network::logits() const { return acts_[acts_.size() - 2].view(); }

View Network::outputGradient(bool wrtLogits) const {
  return wrtLogits ? grads_[grads_.size() - 2].view() : grads_.back().view();
}

void Network::forward(int rows, const LayerContext& ctx) {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(ctx, acts_[i].view(), acts_[i + 1].view(), rows);
  }
}

void Network::backward(int rows, const LayerContext& ctx, bool wrtLogits, bool wantInputGradient) {
  // The last layer is always the output activation; a fused loss has already
  // produced the gradient at its input.
  std::size_t i = wrtLogits ? layers_.size() - 1 : layers_.size();
  while (i-- > 0) {
    const bool needInput = i > 0 || wantInputGradient;
    layers_[i]->backward(ctx, acts_[i].view(), acts_[i + 1].view(), grads_[i + 1].view(),
                         needInput ? grads_[i].view() : View{}, rows);
  }
}

Network::Prediction Network::predict(const RowMatrix& x) {
  if (x.cols() != spec_.inputs) {
    throw SpecError("input has " + std::to_string(x.cols()) + " columns; the network expects " +
                    std::to_string(spec_.inputs));
  }
  Prediction p{RowMatrix(x.rows(), outputs()), RowMatrix(x.rows(), outputs())};
  LayerContext ctx{backend_, false, 0, 0};
  const auto out = static_cast<std::size_t>(outputs());
  for (Eigen::Index start = 0; start < x.rows(); start += capacity_) {
    const int rows = static_cast<int>(std::min<Eigen::Index>(capacity_, x.rows() - start));
    backend_.upload(x.data() + start * x.cols(), input(), static_cast<std::size_t>(rows) * x.cols());
    forward(rows, ctx);
    backend_.download(logits(), p.logits.data() + start * out, rows * out);
    backend_.download(output(), p.outputs.data() + start * out, rows * out);
  }
  return p;
}

}  // namespace nnplay
