#include "nnplay/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nnplay/error.hpp"
#include "nnplay/trace.hpp"

namespace nnplay {

void validate(const TrainingSettings& s, const NetworkSpec& spec) {
  const LossInfo& l = loss(s.loss);
  const ActivationInfo& out = activation(spec.layers.back().activation);
  if (l.fusedWith && *l.fusedWith != out.id) {
    throw SpecError("loss '" + std::string(l.name) + "' needs a " +
                    std::string(activation(*l.fusedWith).name) + " output layer, not " +
                    std::string(out.name));
  }
  if (s.batchSize <= 0) throw SpecError("batch size must be at least 1");
  const OptimizerSettings& o = s.optimizer;
  auto finiteNonNegative = [](float v) { return std::isfinite(v) && v >= 0.0f; };
  if (!(finiteNonNegative(o.learningRate) && o.learningRate > 0.0f)) {
    throw SpecError("learning rate must be a positive number");
  }
  if (!finiteNonNegative(s.l1) || !finiteNonNegative(s.l2)) {
    throw SpecError("regularization rates must be non-negative numbers");
  }
  auto unit = [](float v) { return std::isfinite(v) && v >= 0.0f && v < 1.0f; };
  if (!unit(o.momentum) || !unit(o.rho) || !unit(o.beta1) || !unit(o.beta2)) {
    throw SpecError("momentum, rho, beta1 and beta2 must be in [0, 1)");
  }
  if (!(std::isfinite(o.epsilon) && o.epsilon > 0.0f)) {
    throw SpecError("epsilon must be a positive number");
  }
  validate(s.schedule);
  validate(s.earlyStopping);
  validate(s.augment);
}

std::size_t optimizerStateSize(OptimizerId id, std::size_t parameters) {
  return static_cast<std::size_t>(optimizer(id).stateSlots) * parameters;
}

Trainer::Trainer(Network& network, TrainingSettings settings, const Dataset& train,
                 ImageShape image)
    : net_(network),
      backend_(network.backend()),
      settings_(settings),
      train_(&train),
      image_(image),
      shuffleRng_(streamSeed(settings.seed, Stream::Shuffle)) {
  validate(settings_, net_.spec());
  if (train.features() != net_.inputs()) {
    throw SpecError("the dataset has " + std::to_string(train.features()) +
                    " input features but the network expects " + std::to_string(net_.inputs()));
  }
  if (image_.isImage() && image_.rows * image_.cols != train.features()) {
    throw SpecError("images of " + std::to_string(image_.rows) + "x" + std::to_string(image_.cols) +
                    " pixels do not match the " + std::to_string(train.features()) +
                    " input features");
  }
  if (train.rows() == 0) throw SpecError("the training set is empty");
  encoding_ = chooseEncoding(train, net_.spec(), lossInfo());
  trainRows_ = train.rows();
  const RowMatrix t = encoding_.encode(train);
  pixels_ = train.hasPixels();
  if (pixels_) {  // bytes on the device; scaled when a batch is gathered
    x_ = backend_.allocate((train.pixels.size() + 3) / 4);
    backend_.uploadBytes(train.pixels.data(), {x_.get(), 0}, train.pixels.size());
  } else {
    x_ = backend_.allocate(static_cast<std::size_t>(train.x.size()));
    backend_.upload(train.x.data(), {x_.get(), 0}, static_cast<std::size_t>(train.x.size()));
  }
  y_ = backend_.allocate(static_cast<std::size_t>(t.size()));
  backend_.upload(t.data(), {y_.get(), 0}, static_cast<std::size_t>(t.size()));
  const int batch = std::min(settings_.batchSize, trainRows_);
  net_.reserve(batch);
  target_ = backend_.allocate(static_cast<std::size_t>(net_.capacity()) * encoding_.columns);
  allocateOptimizerState();
  lossSum_ = backend_.allocate(1);
  order_.resize(static_cast<std::size_t>(trainRows_));
  std::iota(order_.begin(), order_.end(), 0u);
}

Trainer::~Trainer() = default;

const LossInfo& Trainer::lossInfo() const {
  return loss(settings_.loss);
}

// Fresh (zeroed) buffers, one per slot the optimizer keeps.
void Trainer::allocateOptimizerState() {
  optimizerState_.clear();
  for (int i = 0; i < optimizer(settings_.optimizer.id).stateSlots; ++i) {
    optimizerState_.push_back(backend_.allocate(net_.parameterCount()));
  }
}

View Trainer::slot(std::size_t i) const {
  return i < optimizerState_.size() ? View{optimizerState_[i].get(), 0} : View{};
}

void Trainer::setSettings(const TrainingSettings& s) {
  validate(s, net_.spec());
  if (s.loss != settings_.loss) {
    throw SpecError("changing the loss needs a new trainer (targets are encoded for the loss)");
  }
  const bool newOptimizer = s.optimizer.id != settings_.optimizer.id;
  settings_ = s;
  net_.reserve(std::min(settings_.batchSize, trainRows_));
  target_ = backend_.allocate(static_cast<std::size_t>(net_.capacity()) * encoding_.columns);
  if (newOptimizer) allocateOptimizerState();
}

void Trainer::beginEpoch() {
  // Fisher-Yates with the run's own generator: deterministic per seed.
  for (std::size_t i = order_.size(); i > 1; --i) {
    std::swap(order_[i - 1], order_[shuffleRng_.below(i)]);
  }
  cursor_ = 0;
  epochLossSum_ = 0.0;
  epochRows_ = 0;
  deviceSum_ = 0.0f;
  backend_.fill({lossSum_.get(), 0}, 1, 0.0f);  // the epoch's loss accumulates on the device
}

double Trainer::trainBatch(bool report) {
  if (cursor_ == 0) beginEpoch();
  const int batch = std::min(settings_.batchSize, trainRows_);
  const int rows = static_cast<int>(std::min<std::size_t>(batch, order_.size() - cursor_));
  const std::span<const std::uint32_t> idx(order_.data() + cursor_, static_cast<std::size_t>(rows));
  optimize(idx, {lossSum_.get(), 0}, true);

  cursor_ += static_cast<std::size_t>(rows);
  epochRows_ += rows;
  samplesSeen_ += rows;
  const bool epochEnds = cursor_ >= order_.size();
  double batchLoss = 0.0;
  if (report || epochEnds) {
    float sum = 0.0f;
    backend_.download({lossSum_.get(), 0}, &sum, 1);
    // Reported batches know their own loss; unreported ones are caught by
    // the epoch's sum, checked below.
    if (report) {
      batchLoss = (static_cast<double>(sum) - deviceSum_) / rows;
      checkFinite(batchLoss);
    }
    deviceSum_ = sum;
    epochLossSum_ = sum;
  }
  if (epochEnds) {
    lastEpochLoss_ = epochLossSum_ / static_cast<double>(epochRows_);
    cursor_ = 0;  // also when it diverged: the next batch starts a new epoch, never an empty one
    checkFinite(lastEpochLoss_);
    ++epoch_;
  }
  return batchLoss;
}

std::vector<std::uint32_t> Trainer::nextBatch() const {
  std::vector<std::uint32_t> order = order_;
  if (cursor_ == 0) {  // the shuffle beginEpoch() will make, on copies
    Rng rng = shuffleRng_;
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  }
  const auto batch = static_cast<std::size_t>(std::min(settings_.batchSize, trainRows_));
  const std::size_t end = std::min(order.size(), cursor_ + batch);
  return {order.begin() + static_cast<std::ptrdiff_t>(cursor_),
          order.begin() + static_cast<std::ptrdiff_t>(end)};
}

void Trainer::stepOn(std::span<const std::uint32_t> rows) {
  if (rows.empty()) throw SpecError("a step needs at least one training sample");
  for (std::uint32_t r : rows) {
    if (r >= static_cast<std::uint32_t>(trainRows_)) {
      throw SpecError("training sample " + std::to_string(r) +
                      " is out of range; the training set has " + std::to_string(trainRows_) +
                      " rows");
    }
  }
  net_.reserve(static_cast<int>(rows.size()));
  if (net_.capacity() * encoding_.columns > static_cast<int>(target_->size())) {
    target_ = backend_.allocate(static_cast<std::size_t>(net_.capacity()) * encoding_.columns);
  }
  auto sum = backend_.allocate(1);
  optimize(rows, {sum.get(), 0}, false);
  float loss = 0.0f;
  backend_.download({sum.get(), 0}, &loss, 1);
  checkFinite(static_cast<double>(loss) / static_cast<double>(rows.size()));
  samplesSeen_ += static_cast<long>(rows.size());
}

float Trainer::currentLearningRate() const {
  const float base = settings_.optimizer.learningRate;
  if (settings_.schedule.id == ScheduleId::Constant && settings_.schedule.warmup == 0.0f) {
    return base;
  }
  const auto batch = static_cast<std::size_t>(std::min(settings_.batchSize, trainRows_));
  const std::size_t rows = std::min(order_.size() - cursor_, batch);
  const double t =
      static_cast<double>(scheduleOffset_ + epoch_) + static_cast<double>(cursor_) / trainRows_;
  return static_cast<float>(
      base * scheduleFactor(settings_.schedule, t, static_cast<double>(rows) / trainRows_));
}

Trace Trainer::trace(const RowMatrix& x, const RowMatrix& target) {
  TrainingSettings s = settings_;
  s.optimizer.learningRate = currentLearningRate();
  return traceSamples(net_, s, x, target, optimizerState(), step_ + 1);
}

bool Trainer::augmenting() const {
  const AugmentSettings& a = settings_.augment;
  return a.jitter > 0.0f || (image_.isImage() && a.anyImage());
}

void Trainer::uploadAugmented(std::span<const std::uint32_t> idx) {
  const Dataset& d = *train_;
  const auto cols = static_cast<std::size_t>(net_.inputs());
  const std::size_t count = idx.size() * cols;
  if (hostBatch_.size() < count) hostBatch_.resize(count);
  for (std::size_t r = 0; r < idx.size(); ++r) {
    float* dst = hostBatch_.data() + r * cols;
    if (pixels_) {  // scaled as gatherRowsU8 scales them
      const std::uint8_t* src = d.pixels.data() + static_cast<std::size_t>(idx[r]) * cols;
      for (std::size_t c = 0; c < cols; ++c) {
        dst[c] = static_cast<float>(src[c]) * Dataset::kPixelScale;
      }
    } else {
      const float* src = d.x.data() + static_cast<std::size_t>(idx[r]) * cols;
      std::copy(src, src + cols, dst);
    }
  }
  // One generator per step: the same seed and step give the same batch.
  Rng rng(mix64(streamSeed(settings_.seed, Stream::Augment) ^
                mix64(static_cast<std::uint64_t>(step_ + 1))));
  const AugmentSettings& a = settings_.augment;
  if (image_.isImage() && a.anyImage()) {
    augmentBatch(hostBatch_.data(), static_cast<int>(idx.size()), image_.rows, image_.cols, a, rng);
  }
  jitterBatch(hostBatch_.data(), count, a.jitter, rng);
  backend_.upload(hostBatch_.data(), net_.input(), count);
}

void Trainer::optimize(std::span<const std::uint32_t> idx, View lossSum, bool training) {
  const auto rows = static_cast<int>(idx.size());
  if (training && augmenting()) {
    uploadAugmented(idx);
  } else if (pixels_) {
    backend_.gatherRowsU8({x_.get(), 0}, net_.inputs(), idx, Dataset::kPixelScale, net_.input());
  } else {
    backend_.gatherRows({x_.get(), 0}, net_.inputs(), idx, net_.input());
  }
  backend_.gatherRows({y_.get(), 0}, encoding_.columns, idx, {target_.get(), 0});
  const float rate = currentLearningRate();  // before the step counts
  ++step_;
  const LayerContext ctx{backend_, training, streamSeed(settings_.seed, Stream::Dropout),
                         static_cast<std::uint64_t>(step_)};
  net_.forward(rows, ctx);
  const LossInfo& l = lossInfo();
  const bool fused = l.fusedWith.has_value();
  backend_.loss(l, net_.logits(), net_.output(), {target_.get(), 0}, net_.outputGradient(fused),
                lossSum, rows, net_.outputs(), encoding_.columns);
  net_.backward(rows, ctx, fused);
  if (settings_.l1 != 0.0f || settings_.l2 != 0.0f) {
    backend_.regularize(net_.parameterView(), net_.gradientView(), net_.weightCount(), settings_.l1,
                        settings_.l2);
  }
  OptimizerSettings o = settings_.optimizer;
  o.learningRate = rate;
  backend_.optimizerStep(o, step_, net_.parameterView(), net_.gradientView(), slot(0), slot(1),
                         net_.parameterCount());
}

double Trainer::trainEpoch() {
  const long startEpoch = epoch_;
  while (epoch_ == startEpoch) trainBatch(false);
  return lastEpochLoss_;
}

void Trainer::checkFinite(double loss) const {
  if (!std::isfinite(loss)) throw DivergenceError(epoch_ + 1, loss);
}

Network::Prediction Trainer::predict(const Dataset& d) {
  if (!d.hasPixels()) return net_.predict(d.x);
  Network::Prediction all = predictionFor(d);
  const int chunk = predictionChunk(d);
  for (int begin = 0; begin < d.rows(); begin += chunk) {
    predictRows(d, begin, std::min(chunk, d.rows() - begin), all);
  }
  return all;
}

Network::Prediction Trainer::predictionFor(const Dataset& d) const {
  return {RowMatrix(d.rows(), net_.outputs()), RowMatrix(d.rows(), net_.outputs())};
}

int Trainer::predictionChunk(const Dataset& d) const {
  // Images are converted to floats a chunk at a time, never all at once;
  // float inputs go through in one piece, as predict() has always done.
  constexpr int kImageChunk = 1024;
  return d.hasPixels() ? kImageChunk : std::max(d.rows(), 1);
}

void Trainer::predictRows(const Dataset& d, int begin, int n, Network::Prediction& into) {
  if (n <= 0) return;
  // Float inputs come in one piece (predictionChunk), predicted in place.
  const Network::Prediction p = d.hasPixels()   ? net_.predict(d.inputs(begin, n))
                                : n == d.rows() ? net_.predict(d.x)
                                                : net_.predict(d.x.middleRows(begin, n));
  into.logits.middleRows(begin, n) = p.logits;
  into.outputs.middleRows(begin, n) = p.outputs;
}

Evaluation Trainer::evaluate(const Dataset& d) {
  return evaluate(d, predict(d));
}

Evaluation Trainer::evaluate(const Dataset& d, const Network::Prediction& p) const {
  return nnplay::evaluate(d, p.logits, p.outputs, lossInfo(), encoding_);
}

std::vector<float> Trainer::optimizerState() const {
  const std::size_t n = net_.parameterCount();
  std::vector<float> v(optimizerStateSize(settings_.optimizer.id, n));
  for (std::size_t i = 0; i < optimizerState_.size(); ++i) {
    backend_.download(slot(i), v.data() + i * n, n);
  }
  return v;
}

TrainerState Trainer::state() const {
  TrainerState st;
  st.epoch = epoch_;
  st.step = step_;
  st.samplesSeen = samplesSeen_;
  st.optimizer = optimizerState();
  st.shuffle = shuffleRng_.state();
  st.order = order_;
  st.cursor = cursor_;
  float sum = 0.0f;  // the device's running sum: unreported batches are in it too
  backend_.download({lossSum_.get(), 0}, &sum, 1);
  st.epochLossSum = sum;
  st.epochRows = epochRows_;
  return st;
}

void Trainer::setState(const TrainerState& st) {
  const std::size_t n = net_.parameterCount();
  const std::size_t size = optimizerStateSize(settings_.optimizer.id, n);
  if (st.optimizer.size() != size && st.optimizer.size() != kLegacyStateSlots * n) {
    throw SpecError("optimizer state has " + std::to_string(st.optimizer.size()) + " values; " +
                    std::string(optimizer(settings_.optimizer.id).name) +
                    " on this network needs " + std::to_string(size));
  }
  if (st.order.size() != order_.size() || st.cursor > st.order.size()) {
    throw SpecError("saved shuffle order covers " + std::to_string(st.order.size()) +
                    " rows; the training set has " + std::to_string(order_.size()));
  }
  for (std::uint32_t i : st.order) {
    if (i >= order_.size()) throw SpecError("saved shuffle order has an out-of-range row");
  }
  for (std::size_t i = 0; i < optimizerState_.size(); ++i) {
    backend_.upload(st.optimizer.data() + i * n, slot(i), n);
  }
  epoch_ = st.epoch;
  step_ = st.step;
  samplesSeen_ = st.samplesSeen;
  shuffleRng_.setState(st.shuffle);
  order_ = st.order;
  cursor_ = st.cursor;
  epochLossSum_ = st.epochLossSum;
  deviceSum_ = static_cast<float>(st.epochLossSum);
  backend_.upload(&deviceSum_, {lossSum_.get(), 0}, 1);
  epochRows_ = st.epochRows;
}

}  // namespace nnplay
