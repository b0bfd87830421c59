#include "nnplay/optimizer.hpp"

#include <array>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {
constexpr std::array kTable = {
    OptimizerInfo{OptimizerId::Sgd, "sgd", "SGD", 0},
    OptimizerInfo{OptimizerId::Momentum, "momentum", "Momentum", 1},
    OptimizerInfo{OptimizerId::Nesterov, "nesterov", "Nesterov momentum", 1},
    OptimizerInfo{OptimizerId::Rmsprop, "rmsprop", "RMSprop", 1},
    OptimizerInfo{OptimizerId::Adam, "adam", "Adam", 2},
};
}  // namespace

std::span<const OptimizerInfo> optimizers() {
  return kTable;
}

const OptimizerInfo& optimizer(OptimizerId id) {
  return kTable[static_cast<std::size_t>(id)];
}

const OptimizerInfo& optimizerByName(std::string_view name) {
  return detail::findByName(optimizers(), name, "optimizer");
}

std::string optimizerNames() {
  return detail::joinNames(optimizers());
}

}  // namespace nnplay
