#pragma once
// `nnplay-cli data FILE_OR_NAME`: how a dataset would be read (rows, columns,
// inferred types, classes, missing counts), and `nnplay-cli export-data NAME`:
// a generated dataset written to CSV.
#include <iosfwd>
#include <string>

#include "nnplay/generators.hpp"

namespace nnplay::cli {

int runData(const std::string& what, const std::string& target, std::ostream& out);
int runExportData(const std::string& name, const GeneratorParams& params, const std::string& path,
                  std::ostream& out);

}  // namespace nnplay::cli
