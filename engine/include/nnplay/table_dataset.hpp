#pragma once
// From a CSV table to a Dataset: choose the target column; numeric columns
// become inputs; text columns become one-hot inputs (capped); missing cells
// ("", NA, N/A, NaN, null, ?) are dropped or imputed with the training mean.
// Classification or regression is inferred from the target (text, or at most
// 10 distinct integers, is classification) and can be overridden.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/csv_table.hpp"
#include "nnplay/dataset.hpp"

namespace nnplay {

enum class MissingPolicy { Impute, Drop };

// How files and the command line spell a policy: "impute", "drop".
struct MissingPolicyInfo {
  MissingPolicy id;
  std::string_view name;
};
std::span<const MissingPolicyInfo> missingPolicies();
std::string_view missingPolicyName(MissingPolicy p);
MissingPolicy missingPolicyByName(std::string_view name);  // throws SpecError

// TableOptions::task as files and the command line spell it: "auto" (inferred) or a task name.
inline constexpr std::string_view kAutoTask = "auto";
std::string_view tableTaskName(const std::optional<Task>& task);
std::optional<Task> tableTaskByName(std::string_view name);  // throws SpecError

struct TableOptions {
  std::string target;        // column name; empty: the last column
  std::optional<Task> task;  // inferred when empty
  MissingPolicy missing = MissingPolicy::Impute;
  std::vector<std::string> ignore;  // columns left out
  int maxCategories = 50;           // distinct text values per input column

  bool operator==(const TableOptions&) const = default;
};

struct ColumnSummary {
  std::string name;
  bool numeric = false;
  int missing = 0;
  int distinct = 0;
  double min = 0.0, max = 0.0, mean = 0.0;  // numeric columns
  std::vector<std::string> examples;        // first few distinct text values
};

// What `nnplay-cli data` prints: why a table was read the way it was.
struct TableSummary {
  std::string source;
  char delimiter = ',';
  int rows = 0;
  std::vector<ColumnSummary> columns;
};

TableSummary summarize(const CsvTable& table);

struct TableConversion {
  Dataset data;          // missing numeric inputs are NaN until imputeMissing()
  int droppedRows = 0;   // missing target, or any missing input with MissingPolicy::Drop
  int missingCells = 0;  // input cells left for imputation
  std::string report;    // one line per decision, for people
};

// Throws DataError naming the file, line and column: unknown target column,
// a target with one class, a non-numeric value in a numeric column, too many
// categories in a text column.
TableConversion tableToDataset(const CsvTable& table, const TableOptions& options);

// Fills NaN inputs with the training split's column means (0 where a column
// is missing everywhere). Returns the number of cells filled.
int imputeMissing(Dataset& train, const std::vector<Dataset*>& others);

bool isMissingCell(const std::string& cell);
// Parses a whole cell as a number (surrounding spaces allowed).
bool parseNumber(const std::string& cell, double& value);

}  // namespace nnplay
