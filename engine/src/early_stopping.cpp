#include "nnplay/early_stopping.hpp"

#include <cmath>
#include <cstdio>

#include "nnplay/error.hpp"

namespace nnplay {

void validate(const EarlyStoppingSettings& s) {
  if (s.patience < 1 || s.patience > 100000) {
    throw SpecError("early stopping patience must be from 1 to 100000 epochs, got " +
                    std::to_string(s.patience));
  }
  if (!std::isfinite(s.minDelta) || s.minDelta < 0.0f) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(s.minDelta));
    throw SpecError(std::string("early stopping minimum improvement must be 0 or more, got ") +
                    buf);
  }
}

EarlyStopping::EarlyStopping(EarlyStoppingSettings s) : settings_(s) {
  validate(settings_);
}

void EarlyStopping::setSettings(const EarlyStoppingSettings& s) {
  validate(s);
  settings_ = s;
}

void EarlyStopping::reset() {
  bestEpoch_ = -1;
  bestLoss_ = 0.0;
  wait_ = 0;
  bestParameters_.clear();
  bestState_.clear();
}

bool EarlyStopping::update(long epoch, double loss, std::span<const float> parameters,
                           std::span<const float> state) {
  const bool improved =
      std::isfinite(loss) && (bestEpoch_ < 0 || loss < bestLoss_ - double{settings_.minDelta});
  if (improved) {
    bestEpoch_ = epoch;
    bestLoss_ = loss;
    wait_ = 0;
    bestParameters_.assign(parameters.begin(), parameters.end());
    bestState_.assign(state.begin(), state.end());
    return false;
  }
  ++wait_;
  return settings_.enabled && wait_ >= settings_.patience;
}

std::string earlyStoppingMessage(const EarlyStopping& e, long epoch, bool validation) {
  const char* what = validation ? "validation loss" : "test loss";
  char loss[32];
  std::snprintf(loss, sizeof loss, "%.4g", e.bestLoss());
  std::string m = "early stopping at epoch " + std::to_string(epoch) + ": the " + what +
                  " has not improved for " + std::to_string(e.wait()) + " epochs; ";
  if (e.settings().restoreBest && e.bestEpoch() >= 0) {
    m += "restored the weights of epoch " + std::to_string(e.bestEpoch()) + " (" + what + " " +
         loss + ")";
  } else {
    m += "kept the last weights (the best was epoch " + std::to_string(e.bestEpoch()) + ", " +
         what + " " + loss + ")";
  }
  return m;
}

}  // namespace nnplay
