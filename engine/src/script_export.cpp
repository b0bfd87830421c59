// exportScript(): the generated script, the data as nnplay split it, and the
// trained weights, side by side, each written atomically.
#include <filesystem>
#include <system_error>

#include "codegen_common.hpp"
#include "nnplay/atomic_file.hpp"
#include "nnplay/codegen.hpp"
#include "nnplay/data_csv.hpp"
#include "nnplay/error.hpp"
#include "nnplay/input_transform.hpp"
#include "nnplay/model_export.hpp"

namespace nnplay {

namespace {

// The raw input columns, the target and the split of every row: what the
// script's load_data() reads (the project's one CSV writer, data_csv.hpp).
std::string dataCsv(const PreparedData& d, const std::string& targetColumn) {
  std::vector<std::string> columns = d.train.featureNames;
  for (const std::string& n : columns) {
    if (n == "split" || n == targetColumn) {
      throw SpecError("the data has an input column named '" + n +
                      "', which the script's data file uses for the " +
                      (n == "split" ? std::string("split") : std::string("target")) +
                      "; rename that column to export a script");
    }
  }
  columns.push_back(targetColumn);
  DataCsv csv(columns, true);
  csv.add(d.train, "train");
  csv.add(d.validation, "validation");
  csv.add(d.test, "test");
  return csv.text();
}

}  // namespace

ScriptFiles exportScript(const Project& p, const Network* trained, CodeFramework f,
                         const std::string& path, bool withData) {
  namespace fs = std::filesystem;
  const fs::path script(path);
  const std::string stem = script.stem().string();
  const fs::path dir = script.parent_path();
  auto beside = [&](const std::string& name) { return (dir / name).string(); };

  // The raw columns of every split: the same rows and split, no feature map
  // and no scaling (the script applies those itself).
  DataSpec raw = p.data;
  raw.features = {};
  raw.scaling = ScalingId::None;
  const PreparedData data = prepareData(raw);
  if (data.train.targetColumns() != 1) {
    throw SpecError("the script export handles one target column; this data has " +
                    std::to_string(data.train.targetColumns()));
  }

  CodeInput in = codeInputOf(p, shapeOf(raw, data));
  in.scriptFile = script.filename().string();
  in.dataFile = stem + "_data.csv";
  in.weightsFile = trained ? stem + ".npz" : std::string();
  if (in.outputNames.empty()) in.outputNames = InputTransform::from(data).outputNames;
  if (trained && !p.transform) {
    throw SpecError("the trained model has no input transform (field 'transform') to export");
  }
  const detail::ScriptPlan plan = detail::planOf(in);
  const std::string code = generateCode(in, f).text();
  const bool images = p.data.kind == DataSourceKind::Idx;
  const std::string csv = withData && !images ? dataCsv(data, plan.targetColumn) : std::string();

  ScriptFiles files;
  std::vector<std::string> written;
  try {
    writeFileAtomically(path, code);
    written.push_back(path);
    files.script = path;
    if (!csv.empty()) {
      files.data = beside(in.dataFile);
      writeFileAtomically(files.data, csv);
      written.push_back(files.data);
    }
    if (trained) {
      files.weights = beside(in.weightsFile);
      exportNpz(*trained, *p.transform, files.weights);
      written.push_back(files.weights);
    }
  } catch (...) {
    std::error_code ignored;
    for (const std::string& w : written) fs::remove(w, ignored);
    throw;
  }

  files.notes.push_back("wrote the " +
                        std::string(f == CodeFramework::Keras ? "Keras" : "PyTorch") + " script " +
                        path);
  if (!files.data.empty()) {
    files.notes.push_back("wrote the data (" + std::to_string(data.train.rows()) + " training, " +
                          std::to_string(data.validation.rows()) + " validation, " +
                          std::to_string(data.test.rows()) + " test rows) to " + files.data);
  } else if (images) {
    files.notes.push_back("the script reads the images from " + p.data.path);
  } else {
    files.notes.push_back("the script reads " + beside(in.dataFile) +
                          ", which was not written (export with the data to write it)");
  }
  if (!files.weights.empty()) {
    files.notes.push_back("wrote the trained weights to " + files.weights + " (python3 " +
                          in.scriptFile + " --load-weights)");
  } else {
    files.notes.push_back("no trained weights yet: the script trains from scratch");
  }
  return files;
}

}  // namespace nnplay
