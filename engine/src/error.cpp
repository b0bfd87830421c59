#include "nnplay/error.hpp"

#include <cmath>

namespace nnplay {

namespace {
std::string divergenceMessage(long epoch, double loss) {
  const char* what = std::isnan(loss) ? "NaN" : "infinite";
  return "loss became " + std::string(what) + " at epoch " + std::to_string(epoch) +
         "; lower the learning rate";
}
}  // namespace

DivergenceError::DivergenceError(long epoch, double loss)
    : std::runtime_error(divergenceMessage(epoch, loss)), epoch_(epoch), loss_(loss) {}

}  // namespace nnplay
