#pragma once
// The project/model file (.nnplay.json): versioned JSON holding the network
// spec, the hyperparameters, the data spec, the fitted input transform, the
// weights (Keras names and shapes), the trainer's state (so a run resumes
// exactly) and the loss history.
//
// Writing is atomic (temporary file, then rename). Reading validates every
// field before anything is allocated: the format and version, types, ranges,
// array shapes against the network spec, finite numbers. Every error is a
// DataError naming the file and the field, e.g.
//   "run.nnplay.json: field 'network.layers[1].units': expected an integer from 1 to 65536, got -3"
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data_source.hpp"
#include "nnplay/history.hpp"
#include "nnplay/input_transform.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {

// 2: the learning-rate schedule, early stopping and validation curves (version-1
// files are read as before: constant rate, no early stopping).
inline constexpr int kProjectVersion = 2;
inline constexpr std::size_t kMaxProjectBytes = std::size_t{512} << 20;

struct Project {
  DataSpec data;
  NetworkSpec network;
  TrainingSettings training;
  std::optional<InputTransform> transform;  // set once the data was prepared
  std::vector<float> parameters;            // flat, Network layout; empty before training
  std::vector<float> state;                 // running statistics
  std::optional<TrainerState> trainer;
  std::vector<HistoryPoint> history;
};

std::string projectToJson(const Project& p);
// How many times projectToJson has run in this process (tests check that an
// edit in the window serializes nothing).
long projectSerializations();
Project projectFromJson(std::string_view text, const std::string& source);
void saveProject(const Project& p, const std::string& path);
Project loadProject(const std::string& path);

}  // namespace nnplay
