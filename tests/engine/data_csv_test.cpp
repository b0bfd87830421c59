// Datasets as CSV: the columns and numbers that export-data and the GUI wrote
// before they shared one writer, byte for byte, and values that read back exactly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "nnplay/csv_table.hpp"
#include "nnplay/data_csv.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::StartsWith;

// What `nnplay-cli export-data` wrote before.
std::string exportDataBefore(const Dataset& d) {
  std::ostringstream csv;
  for (const auto& f : d.featureNames) csv << f << ",";
  csv << (d.task == Task::Classification ? "label" : "y") << "\n";
  char buf[32];
  for (int r = 0; r < d.rows(); ++r) {
    for (int c = 0; c < d.features(); ++c) {
      std::snprintf(buf, sizeof buf, "%.9g,", static_cast<double>(d.x(r, c)));
      csv << buf;
    }
    std::snprintf(buf, sizeof buf, "%.9g\n", static_cast<double>(d.y(r, 0)));
    csv << buf;
  }
  return csv.str();
}

// What the GUI's exportDataCsv wrote before.
void rowsBefore(std::ostringstream& out, const RowMatrix& x, const RowMatrix& y,
                const char* split) {
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) out << x(r, c) << ',';
    for (Eigen::Index c = 0; c < y.cols(); ++c) out << y(r, c) << ',';
    out << split << '\n';
  }
}

std::string pointsBefore(const RowMatrix& train, const RowMatrix& trainLabels,
                         const RowMatrix& test, const RowMatrix& testLabels, Task task) {
  std::ostringstream out;
  out.precision(9);
  for (Eigen::Index c = 0; c < train.cols(); ++c) out << 'x' << (c + 1) << ',';
  out << (task == Task::Regression ? "y" : "label") << ",split\n";
  rowsBefore(out, train, trainLabels, "train");
  rowsBefore(out, test, testLabels, "test");
  return out.str();
}

std::string preparedBefore(const PreparedData& d) {
  std::ostringstream out;
  out.precision(9);
  for (const auto& n : d.train.featureNames) out << csvField(n) << ',';
  if (d.train.featureNames.empty()) {
    for (int c = 0; c < d.train.features(); ++c) out << "x" << (c + 1) << ',';
  }
  for (int c = 0; c < d.train.targetColumns(); ++c) {
    out << csvField(d.train.targetName.empty() ? "target" : d.train.targetName)
        << (c ? std::to_string(c) : "") << ',';
  }
  out << "split\n";
  rowsBefore(out, d.train.inputs(), d.train.y, "train");
  rowsBefore(out, d.validation.inputs(), d.validation.y, "validation");
  rowsBefore(out, d.test.inputs(), d.test.y, "test");
  return out.str();
}

TEST(DataCsv, GeneratedDataAsExportDataWroteIt) {
  for (const char* name : {"blobs", "spiral", "plane", "sine"}) {
    const Dataset d = generatorByName(name).generate({120, 0.1, 3, 0});
    const std::string csv = datasetCsv(d);
    EXPECT_EQ(csv, exportDataBefore(d)) << name;
    // Every value reads back as the same float.
    const CsvTable t = parseCsv(csv, name);
    ASSERT_EQ(t.rows.size(), static_cast<std::size_t>(d.rows()));
    for (int r = 0; r < d.rows(); ++r) {
      for (int c = 0; c < d.features(); ++c) {
        EXPECT_EQ(std::stof(t.rows[r][c]), d.x(r, c)) << name << " row " << r;
      }
    }
  }
  EXPECT_THAT(datasetCsv(generatorByName("blobs").generate({10, 0, 1, 0})),
              StartsWith("x1,x2,label\n"));
  EXPECT_THAT(datasetCsv(generatorByName("sine").generate({10, 0, 1, 0})), StartsWith("x1,y\n"));
}

TEST(DataCsv, PlottedPointsAsTheGuiWroteThem) {
  const Split s = splitByRatio(generatorByName("spiral").generate({50, 0.2, 4, 0}), 0.6);
  const std::string csv = pointsCsv(s.train.x, s.train.y, s.test.x, s.test.y, s.train.task);
  EXPECT_EQ(csv, pointsBefore(s.train.x, s.train.y, s.test.x, s.test.y, s.train.task));
  EXPECT_THAT(csv, StartsWith("x1,x2,label,split\n"));
  const CsvTable t = parseCsv(csv, "points.csv");
  EXPECT_EQ(t.rows.size(), 50u);
  EXPECT_EQ(t.rows.front().back(), "train");
  EXPECT_EQ(t.rows.back().back(), "test");
  const RowMatrix x = s.train.x.leftCols(1);
  EXPECT_THAT(pointsCsv(x, s.train.y, x.topRows(0), s.train.y.topRows(0), Task::Regression),
              StartsWith("x1,y,split\n"));
}

TEST(DataCsv, PreparedTablesAsTheGuiWroteThem) {
  DataSpec spec;
  spec.kind = DataSourceKind::Csv;
  spec.path = std::string(NNPLAY_DATASETS_DIR) + "/titanic.csv";
  spec.scaling = ScalingId::Standard;
  spec.trainRatio = 0.6;
  spec.validationRatio = 0.2;
  const PreparedData d = prepareData(spec);
  ASSERT_GT(d.validation.rows(), 0);
  const std::string csv = preparedDataCsv(d);
  EXPECT_EQ(csv, preparedBefore(d));
  const CsvTable t = parseCsv(csv, "prepared.csv");
  EXPECT_EQ(t.header.back(), "split");
  EXPECT_EQ(t.header[t.header.size() - 2], d.train.targetName);
  EXPECT_EQ(t.rows.size(),
            static_cast<std::size_t>(d.train.rows() + d.validation.rows() + d.test.rows()));
}

TEST(DataCsv, ImagesAreWrittenAsScaledPixels) {
  PreparedData d;
  d.train.pixelColumns = 3;
  d.train.classes = 10;
  for (int i = 0; i < 1100 * 3; ++i) d.train.pixels.push_back(static_cast<std::uint8_t>(i * 7));
  d.train.y = RowMatrix::Constant(1100, 1, 4.0f);
  d.train.targetName = "label";
  d.test = d.train.subset({0, 5, 1099});
  const std::string csv = preparedDataCsv(d);
  EXPECT_EQ(csv, preparedBefore(d));
  EXPECT_THAT(csv, StartsWith("x1,x2,x3,label,split\n"));
}

TEST(DataCsv, HeaderCellsAreQuotedWhenTheyMustBe) {
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  DataCsv csv({"a,b", "y"}, false);
  csv.add(RowMatrix::Constant(1, 1, 0.5f), RowMatrix::Constant(1, 1, 1.0f));
  EXPECT_EQ(csv.text(), "\"a,b\",y\n0.5,1\n");
}

TEST(DataCsv, RowsThatDoNotFitTheHeaderAreRefused) {
  DataCsv csv({"x1", "y"}, true);
  EXPECT_THROW(csv.add(RowMatrix::Zero(2, 2), RowMatrix::Zero(2, 1), "train"), SpecError);
  EXPECT_THROW(csv.add(RowMatrix::Zero(2, 1), RowMatrix::Zero(3, 1), "train"), SpecError);
  csv.add(RowMatrix(0, 0), RowMatrix(0, 0), "validation");  // an empty split is fine
  EXPECT_EQ(csv.text(), "x1,y,split\n");
}

}  // namespace
}  // namespace nnplay
