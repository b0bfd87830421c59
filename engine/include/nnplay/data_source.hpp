#pragma once
// Where a run's data comes from, and how it becomes train/validation/test
// sets ready for a network: generated, read from a CSV table or an IDX
// folder, or drawn by hand; then split, imputed, mapped to features and
// scaled with statistics fitted on the training split only.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "nnplay/drawn_points.hpp"
#include "nnplay/features.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/scaler.hpp"
#include "nnplay/table_dataset.hpp"

namespace nnplay {

enum class DataSourceKind { Generator, Csv, Idx, Drawn };

// How files spell a data source: "generator", "csv", "idx", "drawn".
struct DataSourceInfo {
  DataSourceKind kind;
  std::string_view name;
};
std::span<const DataSourceInfo> dataSources();
std::string_view dataSourceName(DataSourceKind k);
DataSourceKind dataSourceByName(std::string_view name);  // throws SpecError

struct DataSpec {
  DataSourceKind kind = DataSourceKind::Generator;
  std::string generator = "spiral";
  GeneratorParams params;
  std::string path;     // CSV file or IDX folder
  TableOptions table;   // CSV only
  DrawnPoints drawn;    // Drawn only
  FeatureMap features;  // 1-D/2-D data; empty means X1 (and X2)
  ScalingId scaling = ScalingId::None;
  double trainRatio = 0.5;      // of all rows; IDX folders bring their own test set
  double validationRatio = 0;   // of all rows, taken from the training part
  std::uint64_t splitSeed = 1;  // shuffles CSV rows before splitting
  int trainLimit = 0;  // IDX folders: use only the first N training images (0: all); else ignored

  bool operator==(const DataSpec&) const = default;
};

struct PreparedData {
  Dataset train;
  Dataset validation;  // may have no rows
  Dataset test;
  FeatureMap features;  // what was applied (identity for tables and images)
  Scaler scaler;        // fitted on train
  // Regression targets are standardized too when scaling is on (a network
  // starting near 0 cannot reach prices of 200,000): y' = (y - offset) * factor.
  Scaler targetScaler;
  int rawInputs = 0;
  // The raw coordinates of 1-D and 2-D generated or drawn data, before the
  // feature map and scaling: what a person sees plotted.
  RowMatrix rawTrain;
  RowMatrix rawTest;
  int imageRows = 0;  // images only
  int imageCols = 0;
  std::string description;  // how the data was read, for people
};

// Throws SpecError for impossible settings (a negative trainLimit among
// them) and DataError for bad files.
PreparedData prepareData(const DataSpec& spec);

}  // namespace nnplay
