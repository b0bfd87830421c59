#pragma once
// Trains a Network on a Dataset: shuffles each epoch, slices batches, runs
// forward, loss, backward, L1/L2 on the kernels (never biases or batch-norm
// parameters) and one optimizer step per batch with one step counter.
//
// Guarantees: the same seed and settings give the same weights and losses,
// bit for bit, on the same machine. A non-finite loss throws DivergenceError
// ("loss became NaN at epoch N; lower the learning rate") instead of training on.
#include <cstdint>
#include <memory>
#include <vector>

#include "nnplay/augment.hpp"
#include "nnplay/dataset.hpp"
#include "nnplay/early_stopping.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/metrics.hpp"
#include "nnplay/network.hpp"
#include "nnplay/optimizer.hpp"
#include "nnplay/random.hpp"
#include "nnplay/schedule.hpp"
#include "nnplay/targets.hpp"

namespace nnplay {

struct Trace;  // trace.hpp

struct TrainingSettings {
  LossId loss = LossId::Mse;
  OptimizerSettings optimizer;
  float l1 = 0.0f;     // penalty l1 * sum |w| over kernels
  float l2 = 0.0f;     // penalty l2 / 2 * sum w^2 over kernels (PyTorch weight_decay)
  int batchSize = 10;  // clamped to the training set size
  std::uint64_t seed = 1;
  ScheduleSettings schedule;            // a factor of optimizer.learningRate over the epochs
  EarlyStoppingSettings earlyStopping;  // applied by the session and the CLI, epoch by epoch
  AugmentSettings augment;              // on training batches only (augment.hpp)

  bool operator==(const TrainingSettings&) const = default;
};

// Throws SpecError when the loss needs another output activation (ce needs
// softmax, bce sigmoid), when the batch size is not positive, when a rate is
// negative or not finite, or when an augmentation setting is out of range.
void validate(const TrainingSettings& s, const NetworkSpec& spec);

// Values of optimizer state a network of `parameters` needs: the optimizer's
// stateSlots parameter-sized slots, one after the other.
std::size_t optimizerStateSize(OptimizerId id, std::size_t parameters);
// Files written before the state was sized per optimizer hold two slots for
// every optimizer. Its own slots come first and the rest were zero, so such
// a state is read by keeping the first optimizerStateSize() values.
inline constexpr int kLegacyStateSlots = 2;

// Everything a Trainer carries between batches, so that a saved run resumes
// exactly where it stopped: the same next batches, the same optimizer steps.
struct TrainerState {
  long epoch = 0;
  long step = 0;
  long samplesSeen = 0;
  std::vector<float> optimizer;  // optimizerStateSize() values
  Rng::State shuffle;
  std::vector<std::uint32_t> order;  // the current epoch's permutation
  std::size_t cursor = 0;            // position in it
  double epochLossSum = 0.0;
  long epochRows = 0;
};

class Trainer {
 public:
  // The network and `train` must outlive the trainer (augmented batches are
  // built from train's host data). Uploads the training set once. `image`
  // is the shape of image inputs (PreparedData's imageRows, imageCols), which
  // the image augmentations need; without it they are not applied (jitter
  // is). Throws SpecError when image's rows x cols is not the input width.
  //
  // Augmentation (settings.augment): training batches (trainBatch,
  // trainEpoch) are gathered on the host, augmented with a generator made
  // from streamSeed(seed, Stream::Augment) and the step counter, and
  // uploaded; without augmentation they are gathered on the device as
  // before. stepOn(), trace(), evaluate() and predict() never augment.
  Trainer(Network& network, TrainingSettings settings, const Dataset& train, ImageShape image = {});
  ~Trainer();

  const TrainingSettings& settings() const { return settings_; }
  // Hyperparameter changes keep the weights; an optimizer change resets its state.
  void setSettings(const TrainingSettings& s);
  const TargetEncoding& encoding() const { return encoding_; }
  const LossInfo& lossInfo() const;

  // One batch of the current epoch. With report, returns the batch's mean
  // loss (and checks it is finite); without, nothing comes back from the
  // device until the epoch ends (then the epoch's loss is checked), which is
  // what a training loop on an OpenCL device wants.
  double trainBatch(bool report = true);
  // The rest of the current epoch (a whole epoch when at its start). Returns
  // the mean training loss over the epoch's batches.
  double trainEpoch();

  // The training rows the next trainBatch() will use (shuffling first at
  // the start of an epoch, as trainBatch will), without training.
  std::vector<std::uint32_t> nextBatch() const;
  // One optimizer step on these training rows only ("step with this
  // sample"), outside the epoch: the shuffle order, the epoch's position and
  // its loss are untouched; the step counter and samples seen count it. It
  // runs in inference mode (no dropout, batch norm's running statistics), so
  // it makes exactly the update trace() shows.
  // Throws SpecError for a row out of range, DivergenceError for a NaN loss.
  void stepOn(std::span<const std::uint32_t> rows);
  // The math of these samples with the current weights and optimizer state:
  // the update is the one the next step would make (trace.hpp).
  Trace trace(const RowMatrix& x, const RowMatrix& encodedTarget);

  // The rate the next step uses: the learning rate times the schedule's
  // factor where training is (schedule.hpp).
  float currentLearningRate() const;
  // A trainer that carries on a run (a new network or loss mid-run) keeps
  // the schedule where the run is: `epochs` already trained before it.
  void continueSchedule(long epochs) { scheduleOffset_ = epochs; }
  long epoch() const { return epoch_; }  // completed epochs
  long step() const { return step_; }    // optimizer steps taken
  long samplesSeen() const { return samplesSeen_; }

  Evaluation evaluate(const Dataset& d);
  // Inference over a whole dataset (float or pixel inputs).
  Network::Prediction predict(const Dataset& d);
  // predict() a piece at a time, for a caller with other things to do between
  // pieces: `into` sized by predictionFor(d), then predictRows() over pieces
  // of at most predictionChunk(d) rows, in order, gives predict(d) bit for bit.
  Network::Prediction predictionFor(const Dataset& d) const;
  int predictionChunk(const Dataset& d) const;
  void predictRows(const Dataset& d, int begin, int n, Network::Prediction& into);
  // The loss and metric of a whole dataset's prediction (as evaluate()).
  Evaluation evaluate(const Dataset& d, const Network::Prediction& p) const;

  // Saving and resuming. setState() requires a state from a trainer on a
  // training set of the same size and a network of the same parameter count
  // (throws SpecError otherwise). A legacy two-slot optimizer state is accepted.
  TrainerState state() const;
  void setState(const TrainerState& s);

 private:
  void beginEpoch();
  // Gathers the rows, then forward, loss (summed into lossSum), backward,
  // L1/L2 and one optimizer step; counts the step. Not training: no
  // dropout, batch norm with its running statistics (the trace's math).
  void optimize(std::span<const std::uint32_t> idx, View lossSum, bool training);
  void allocateOptimizerState();
  View slot(std::size_t i) const;             // empty where the optimizer keeps no such slot
  std::vector<float> optimizerState() const;  // the slots, one after the other
  void checkFinite(double loss) const;
  // Whether training batches are augmented with the current settings.
  bool augmenting() const;
  // The rows from the host data, augmented for the step being taken, into
  // the network's input.
  void uploadAugmented(std::span<const std::uint32_t> idx);

  Network& net_;
  Backend& backend_;
  TrainingSettings settings_;
  TargetEncoding encoding_;
  int trainRows_ = 0;
  bool pixels_ = false;
  const Dataset* train_;  // host data for augmented batches
  ImageShape image_;
  std::vector<float> hostBatch_;  // an augmented batch before upload
  std::unique_ptr<DeviceBuffer> x_;
  std::unique_ptr<DeviceBuffer> y_;
  std::unique_ptr<DeviceBuffer> target_;                       // the current batch's targets
  std::vector<std::unique_ptr<DeviceBuffer>> optimizerState_;  // one buffer per slot
  std::unique_ptr<DeviceBuffer> lossSum_;
  Rng shuffleRng_;
  std::vector<std::uint32_t> order_;
  std::size_t cursor_ = 0;
  double epochLossSum_ = 0.0;
  long epochRows_ = 0;
  double lastEpochLoss_ = 0.0;
  float deviceSum_ = 0.0f;  // the device's running epoch sum when last downloaded
  long epoch_ = 0;
  long scheduleOffset_ = 0;  // epochs of the run before this trainer (continueSchedule)
  long step_ = 0;
  long samplesSeen_ = 0;
};

}  // namespace nnplay
