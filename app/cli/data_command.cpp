#include "data_command.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <ostream>

#include "example_data.hpp"
#include "nnplay/atomic_file.hpp"
#include "nnplay/data_csv.hpp"
#include "nnplay/idx_reader.hpp"
#include "nnplay/table_dataset.hpp"

namespace nnplay::cli {

namespace {

std::string classCounts(const Dataset& d) {
  std::map<int, int> counts;
  for (int r = 0; r < d.rows(); ++r) ++counts[static_cast<int>(d.y(r, 0))];
  std::string s;
  for (const auto& [c, n] : counts) {
    const std::string name = c < static_cast<int>(d.classNames.size())
                                 ? d.classNames[static_cast<std::size_t>(c)]
                                 : std::to_string(c);
    s += (s.empty() ? "" : ", ") + name + ": " + std::to_string(n);
  }
  return s;
}

void describeGenerator(const GeneratorInfo& g, std::ostream& out) {
  const Dataset d = g.generate({g.defaultSamples, 0.0, 1, 0});
  out << "generator  " << g.name << " (" << g.label << ")\n"
      << "task       " << taskName(g.task) << "\n"
      << "rows       " << d.rows() << " by default (--samples)\n"
      << "inputs     " << g.inputs << ", each in about [" << -g.domain << ", " << g.domain << "]\n";
  if (g.task == Task::Classification) {
    out << "classes    " << g.defaultClasses;
    if (g.minClasses != g.maxClasses)
      out << " (--classes " << g.minClasses << "-" << g.maxClasses << ")";
    out << "\ncounts     " << classCounts(d) << "\n";
  }
}

void describeIdx(const std::string& dir, std::ostream& out) {
  const IdxDataset idx = loadIdxDirectory(dir);
  out << "folder     " << dir << " (MNIST-format IDX files)\n"
      << "images     " << idx.train.rows() << " training, " << idx.test.rows() << " test, "
      << idx.imageRows << "x" << idx.imageCols << " bytes each\n"
      << "classes    " << idx.train.classes << "\n"
      << "training   " << classCounts(idx.train) << "\n"
      << "memory     " << (idx.train.pixels.size() + idx.test.pixels.size()) / (1 << 20)
      << " MiB of pixels, kept as bytes\n";
}

void describeCsv(const std::string& path, const std::string& target, std::ostream& out) {
  const CsvTable t = readCsvFile(path);
  const TableSummary s = summarize(t);
  const char* delim = t.delimiter == '\t' ? "tab" : (t.delimiter == ';' ? "semicolon" : "comma");
  out << "file       " << path << "\n"
      << "rows       " << s.rows << " (after the header), " << s.columns.size() << " columns, "
      << delim << "-separated\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-20s %-8s %8s %9s  %s\n", "column", "type", "missing",
                "distinct", "values");
  out << line;
  for (const ColumnSummary& c : s.columns) {
    std::string values;
    if (c.numeric) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%g .. %g, mean %g", c.min, c.max, c.mean);
      values = buf;
    } else {
      for (const auto& e : c.examples) values += (values.empty() ? "" : ", ") + e;
      if (c.distinct > static_cast<int>(c.examples.size())) values += ", ...";
    }
    std::snprintf(line, sizeof line, "%-20s %-8s %8d %9d  %s\n", c.name.c_str(),
                  c.numeric ? "number" : "text", c.missing, c.distinct, values.c_str());
    out << line;
  }
  TableOptions o;
  o.target = target;
  try {
    const TableConversion conv = tableToDataset(t, o);
    out << "\nas a dataset: " << conv.report << "\n";
    if (conv.data.task == Task::Classification)
      out << "classes: " << classCounts(conv.data) << "\n";
  } catch (const DataError& e) {
    out << "\nas a dataset: " << e.what() << "\n";
  }
}

}  // namespace

int runData(const std::string& what, const std::string& target, std::ostream& out) {
  for (const GeneratorInfo& g : generators()) {
    if (g.name == what) {
      describeGenerator(g, out);
      return 0;
    }
  }
  if (what == "fashion_mnist") {
    describeIdx(kFashionMnistDir, out);
  } else if (what == "digits") {
    describeIdx(digitsDir(), out);
  } else if (std::filesystem::is_directory(what)) {
    describeIdx(what, out);
  } else {
    describeCsv(what, target, out);
  }
  return 0;
}

int runExportData(const std::string& name, const GeneratorParams& params, const std::string& path,
                  std::ostream& out) {
  const GeneratorInfo& g = generatorByName(name);
  GeneratorParams p = params;
  if (p.samples == 0) p.samples = g.defaultSamples;
  const Dataset d = g.generate(p);
  writeFileAtomically(path, datasetCsv(d));
  out << "wrote " << d.rows() << " rows of " << name << " to " << path << "\n";
  return 0;
}

}  // namespace nnplay::cli
