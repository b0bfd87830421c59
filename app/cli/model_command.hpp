#pragma once
// Commands on a saved model (.nnplay.json): predict, export, info.
#include <iosfwd>
#include <memory>
#include <string>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/network.hpp"
#include "nnplay/project_file.hpp"

namespace nnplay::cli {

struct LoadedModel {
  Project project;
  std::unique_ptr<CpuBackend> backend;
  std::unique_ptr<Network> network;
};

// Throws DataError when the file holds no trained weights or no input transform.
LoadedModel loadModel(const std::string& path);

int runPredict(const std::string& model, const std::string& input, const std::string& output,
               std::ostream& out);
// format: npz, onnx, json (need trained weights), keras or pytorch (a script;
// a model without trained weights gets a script that trains from scratch).
int runExport(const std::string& model, const std::string& format, const std::string& path,
              bool withData, std::ostream& out);
int runInfo(const std::string& model, std::ostream& out);

}  // namespace nnplay::cli
