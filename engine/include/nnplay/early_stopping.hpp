#pragma once
// Early stopping as Keras's EarlyStopping does it: after each epoch, look at
// a loss (the validation loss, or the test loss when there is no validation
// set); when it has not fallen below the best so far by more than minDelta
// for `patience` epochs in a row, stop, and optionally put back the weights
// of the best epoch (parameters and batch norm's running statistics, exactly).
#include <span>
#include <string>
#include <vector>

namespace nnplay {

struct EarlyStoppingSettings {
  bool enabled = false;
  int patience = 10;        // epochs without improvement before stopping (1 .. 100000)
  float minDelta = 0.0f;    // an improvement must be larger than this (>= 0)
  bool restoreBest = true;  // put back the weights of the best epoch when stopping

  bool operator==(const EarlyStoppingSettings&) const = default;
};

// Throws SpecError naming the field: a patience below 1 or above 100000, a
// negative or non-finite minimum improvement.
void validate(const EarlyStoppingSettings& s);

class EarlyStopping {
 public:
  explicit EarlyStopping(EarlyStoppingSettings s = {});

  // After an epoch: the monitored loss and the weights it was measured on.
  // Returns true when training should stop now. A non-finite loss never
  // counts as an improvement.
  bool update(long epoch, double loss, std::span<const float> parameters,
              std::span<const float> state);
  void reset();
  void clearWait() { wait_ = 0; }  // after a stop: training goes on with a fresh patience

  const EarlyStoppingSettings& settings() const { return settings_; }
  void setSettings(const EarlyStoppingSettings& s);  // keeps the best so far
  long bestEpoch() const { return bestEpoch_; }      // -1 before the first update
  double bestLoss() const { return bestLoss_; }
  int wait() const { return wait_; }  // epochs since the best
  const std::vector<float>& bestParameters() const { return bestParameters_; }
  const std::vector<float>& bestState() const { return bestState_; }

 private:
  EarlyStoppingSettings settings_;
  long bestEpoch_ = -1;
  double bestLoss_ = 0.0;
  int wait_ = 0;
  std::vector<float> bestParameters_;
  std::vector<float> bestState_;
};

// What the banner says: "early stopping at epoch 57: the validation loss has
// not improved for 10 epochs; restored the weights of epoch 47 (validation
// loss 0.0712)".
std::string earlyStoppingMessage(const EarlyStopping& e, long epoch, bool validation);

}  // namespace nnplay
