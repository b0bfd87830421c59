#include "model_command.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "nnplay/atomic_file.hpp"
#include "nnplay/codegen.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/model_export.hpp"
#include "nnplay/table_dataset.hpp"

namespace nnplay::cli {

namespace {

// The model's raw input columns from a CSV table, matched by name: a column
// of the same name, or for one-hot inputs "col=value" the column "col".
RowMatrix rawInputs(const CsvTable& t, const InputTransform& tr) {
  RowMatrix x(static_cast<Eigen::Index>(t.rows.size()), tr.rawInputs);
  for (int j = 0; j < tr.rawInputs; ++j) {
    const std::string& name = tr.inputNames[static_cast<std::size_t>(j)];
    int col = t.columnIndex(name);
    std::string category;
    const std::size_t eq = name.find('=');
    if (col < 0 && eq != std::string::npos) {
      col = t.columnIndex(name.substr(0, eq));
      category = name.substr(eq + 1);
    }
    if (col < 0) {
      std::string needed;
      for (const auto& n : tr.inputNames) needed += (needed.empty() ? "" : ", ") + n;
      if (needed.size() > 200) needed = needed.substr(0, 200) + ", ...";
      throw DataError(t.source + ": no column for the model input '" + name +
                      "'; the model needs: " + needed);
    }
    const auto c = static_cast<std::size_t>(col);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const std::string& cell = t.rows[r][c];
      double v = 0.0;
      if (!category.empty()) {
        v = cell == category ? 1.0 : 0.0;
      } else if (!parseNumber(cell, v)) {
        throw DataError(t.source + ":" + std::to_string(t.lines[r]) + ": column " +
                        std::to_string(col + 1) + " ('" + t.header[c] +
                        "'): expected a number, got '" + cell + "'");
      }
      x(static_cast<Eigen::Index>(r), j) = static_cast<float>(v);
    }
  }
  return x;
}

std::string outputHeader(const LoadedModel& m, int outputs) {
  std::string h;
  for (const std::string& name : outputColumnNames(m.project.transform->outputNames, outputs)) {
    h += (h.empty() ? "" : ",") + name;
  }
  return h;
}

std::string describeLayer(const LayerSpec& l) {
  std::string s = std::to_string(l.units) + " " + std::string(activation(l.activation).name);
  if (l.batchNorm) s += " + batch norm";
  if (l.dropout > 0) s += " + dropout " + std::to_string(l.dropout).substr(0, 4);
  return s;
}

}  // namespace

LoadedModel loadModel(const std::string& path) {
  LoadedModel m;
  m.project = loadProject(path);
  if (m.project.parameters.empty())
    throw DataError(path + ": has no trained weights (field 'weights')");
  if (!m.project.transform) throw DataError(path + ": has no input transform (field 'transform')");
  m.backend = std::make_unique<CpuBackend>();
  m.network = std::make_unique<Network>(m.project.network, *m.backend);
  m.network->setParameters(m.project.parameters);
  m.network->setState(m.project.state);
  return m;
}

int runPredict(const std::string& model, const std::string& input, const std::string& output,
               std::ostream& out) {
  LoadedModel m = loadModel(model);
  const InputTransform& t = *m.project.transform;
  const CsvTable table = readCsvFile(input);
  const RowMatrix raw = rawInputs(table, t);
  const RowMatrix y = t.unscaleOutputs(m.network->predict(t.apply(raw)).outputs);
  std::ostringstream csv;
  csv << outputHeader(m, static_cast<int>(y.cols())) << "\n";
  char buf[32];
  for (Eigen::Index r = 0; r < y.rows(); ++r) {
    for (Eigen::Index c = 0; c < y.cols(); ++c) {
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(y(r, c)));
      csv << (c ? "," : "") << buf;
    }
    csv << "\n";
  }
  if (output.empty()) {
    out << csv.str();
  } else {
    writeFileAtomically(output, csv.str());
    out << "wrote " << y.rows() << " predictions to " << output << "\n";
  }
  return 0;
}

int runExport(const std::string& model, const std::string& format, const std::string& path,
              bool withData, std::ostream& out) {
  if (format == "keras" || format == "pytorch") {
    const Project p = loadProject(model);
    CpuBackend backend;
    std::unique_ptr<Network> net;
    if (!p.parameters.empty()) {
      net = std::make_unique<Network>(p.network, backend);
      net->setParameters(p.parameters);
      net->setState(p.state);
    }
    const ScriptFiles files =
        exportScript(p, net.get(), codeFrameworkByName(format), path, withData);
    for (const std::string& note : files.notes) out << note << "\n";
    return 0;
  }
  LoadedModel m = loadModel(model);
  if (format == "npz") {
    exportNpz(*m.network, *m.project.transform, path);
  } else if (format == "onnx") {
    exportOnnx(*m.network, *m.project.transform, path);
  } else {
    saveProject(m.project, path);
  }
  out << "exported " << model << " as " << format << " to " << path << "\n";
  return 0;
}

int runInfo(const std::string& model, std::ostream& out) {
  const Project p = loadProject(model);
  out << "model      " << model << "\n";
  std::string arch = std::to_string(p.network.inputs) + " inputs";
  for (const LayerSpec& l : p.network.layers) arch += " -> " + describeLayer(l);
  out << "network    " << arch << "\n";
  const NetworkLayout layout = Network::layout(p.network);
  out << "parameters " << layout.parameterCount << " (" << layout.weightCount << " in kernels)\n";
  const TrainingSettings& t = p.training;
  out << "training   loss " << loss(t.loss).name << ", " << optimizer(t.optimizer.id).name << " lr "
      << t.optimizer.learningRate << ", batch " << t.batchSize << ", l1 " << t.l1 << ", l2 " << t.l2
      << ", seed " << t.seed << ", init " << initializer(p.network.init).name << "\n";
  std::string data;
  switch (p.data.kind) {
    case DataSourceKind::Generator:
      data = "generated " + p.data.generator + ", " + std::to_string(p.data.params.samples) +
             " points, noise " + std::to_string(static_cast<int>(p.data.params.noise * 100 + 0.5)) +
             "%";
      break;
    case DataSourceKind::Csv:
      data = "CSV " + p.data.path + ", target '" + p.data.table.target + "'";
      break;
    case DataSourceKind::Idx:
      data = "IDX images in " + p.data.path;
      break;
    case DataSourceKind::Drawn:
      data = "drawn, " + std::to_string(p.data.drawn.size()) + " points";
      break;
  }
  out << "data       " << data << ", scaling "
      << scalings()[static_cast<std::size_t>(p.data.scaling)].name << ", train ratio "
      << p.data.trainRatio << "\n";
  out << "trained    " << (p.trainer ? p.trainer->epoch : 0) << " epochs, "
      << (p.trainer ? p.trainer->step : 0) << " steps";
  if (!p.history.empty()) {
    const HistoryPoint& h = p.history.back();
    out << "; at epoch " << h.epoch << " train loss " << h.trainLoss << ", test loss "
        << h.testLoss;
  }
  out << "\n";
  return 0;
}

}  // namespace nnplay::cli
