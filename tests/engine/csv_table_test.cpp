// CSV tables: parsing, inference, and every bad-input case with its message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "nnplay/csv_table.hpp"
#include "nnplay/data_source.hpp"
#include "nnplay/table_dataset.hpp"

#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

std::string errorOf(const std::function<void()>& f) {
  return test::errorOf<DataError>(f);
}

TEST(Csv, CommaHeaderQuotesAndBom) {
  const CsvTable t = parseCsv(
      "\xEF\xBB\xBFname,size,note\n"
      "a,1.5,\"has, comma\"\n"
      "\"b\",2,\"two\nlines\"\n"
      "c,3,\"say \"\"hi\"\"\"\n",
      "t.csv");
  EXPECT_EQ(t.delimiter, ',');
  ASSERT_EQ(t.header, (std::vector<std::string>{"name", "size", "note"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0][2], "has, comma");
  EXPECT_EQ(t.rows[1][0], "b");
  EXPECT_EQ(t.rows[1][2], "two\nlines");
  EXPECT_EQ(t.rows[2][2], "say \"hi\"");
  EXPECT_EQ(t.lines, (std::vector<int>{2, 3, 5}));
}

TEST(Csv, DetectsSemicolonAndTab) {
  EXPECT_EQ(parseCsv("a;b\n1,5;2\n", "s.csv").delimiter, ';');
  const CsvTable t = parseCsv("a\tb c\n1\tx y\n", "t.tsv");
  EXPECT_EQ(t.delimiter, '\t');
  EXPECT_EQ(t.rows[0][1], "x y");
  EXPECT_EQ(t.header[1], "b c");
}

TEST(Csv, CrLfLineEndings) {
  const CsvTable t = parseCsv("a,b\r\n1,2\r\n3,4\r\n", "w.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][1], "4");
}

TEST(CsvErrors, EmptyFile) {
  EXPECT_THAT(errorOf([] { parseCsv("", "e.csv"); }), HasSubstr("e.csv: file is empty"));
  EXPECT_THAT(errorOf([] { parseCsv("\n\n  \n", "e.csv"); }), HasSubstr("e.csv: file is empty"));
  EXPECT_THAT(errorOf([] { parseCsv("a,b\n", "h.csv"); }),
              HasSubstr("h.csv: has a header but no data rows"));
}

TEST(CsvErrors, RaggedRowNamesTheLine) {
  EXPECT_THAT(errorOf([] { parseCsv("a,b,c\n1,2,3\n4,5\n", "r.csv"); }),
              HasSubstr("r.csv:3: row has 2 fields; the header has 3"));
}

TEST(CsvErrors, UnclosedQuote) {
  EXPECT_THAT(errorOf([] { parseCsv("a,b\n1,\"open\n2,3\n", "q.csv"); }),
              HasSubstr("q.csv:2: a quoted field is never closed"));
  EXPECT_THAT(errorOf([] { parseCsv("a,b\n1,x\"y\"z\"\n", "q.csv"); }), HasSubstr("q.csv:2:"));
}

TEST(CsvErrors, Limits) {
  CsvLimits small;
  small.maxRows = 3;
  small.maxColumns = 4;
  small.maxFieldBytes = 8;
  small.maxBytes = 200;
  EXPECT_THAT(errorOf([&] { parseCsv("a\n1\n2\n3\n4\n5\n", "big.csv", small); }),
              HasSubstr("more than 3 data rows"));
  EXPECT_THAT(errorOf([&] { parseCsv("a,b,c,d,e\n1,2,3,4,5\n", "wide.csv", small); }),
              HasSubstr("wide.csv:1: more than 4 columns"));
  EXPECT_THAT(errorOf([&] { parseCsv("a\n123456789012\n", "long.csv", small); }),
              HasSubstr("long.csv:2: a field is longer than 8 bytes"));
  EXPECT_THAT(errorOf([&] { parseCsv(std::string(300, 'x'), "huge.csv", small); }),
              HasSubstr("huge.csv: file is larger than"));
  EXPECT_THAT(errorOf([] { parseCsv(std::string("a\n1\0\n", 5), "bin.csv"); }),
              HasSubstr("NUL bytes"));
}

TEST(CsvErrors, DuplicateColumnNames) {
  EXPECT_THAT(errorOf([] { parseCsv("a,b,a\n1,2,3\n", "d.csv"); }),
              HasSubstr("d.csv:1: column name 'a' appears twice"));
}

TEST(CsvErrors, MissingFile) {
  EXPECT_THAT(errorOf([] { readCsvFile("/nonexistent/x.csv"); }),
              HasSubstr("/nonexistent/x.csv: cannot read"));
}

TableConversion convert(const std::string& text, TableOptions o = {}) {
  return tableToDataset(parseCsv(text, "t.csv"), o);
}

TEST(TableDataset, NumericAndOneHotInputsWithTextTarget) {
  TableOptions o;
  o.target = "kind";
  const TableConversion c = convert("size,color,kind\n1,red,b\n2,blue,a\n3,red,b\n4,green,a\n", o);
  const Dataset& d = c.data;
  EXPECT_EQ(d.task, Task::Classification);
  EXPECT_EQ(d.classes, 2);
  EXPECT_EQ(d.classNames, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.featureNames,
            (std::vector<std::string>{"size", "color=blue", "color=green", "color=red"}));
  ASSERT_EQ(d.rows(), 4);
  EXPECT_EQ(d.x(0, 0), 1.0f);
  EXPECT_EQ(d.x(0, 3), 1.0f);  // red
  EXPECT_EQ(d.x(1, 1), 1.0f);  // blue
  EXPECT_EQ(d.y(0, 0), 1.0f);  // b
  EXPECT_EQ(d.y(1, 0), 0.0f);  // a
}

TEST(TableDataset, TaskInferenceAndOverride) {
  const std::string few = "x,y\n1,0\n2,1\n3,2\n4,1\n";
  EXPECT_EQ(convert(few).data.task, Task::Classification);  // 3 distinct integers
  const std::string many = "x,y\n1,0.5\n2,1.25\n3,2.75\n4,1.5\n";
  EXPECT_EQ(convert(many).data.task, Task::Regression);
  TableOptions o;
  o.task = Task::Regression;
  EXPECT_EQ(convert(few, o).data.task, Task::Regression);
  o.task = Task::Regression;
  EXPECT_THAT(errorOf([&] { convert("x,y\n1,a\n2,b\n", o); }),
              HasSubstr("target column 'y' holds text; regression needs numbers"));
}

TEST(TableDataset, MissingValuesImputedWithTrainingMeanOrDropped) {
  const std::string text = "a,b,y\n1,10,0\nNA,20,1\n3,,0\n5,40,\n7,50,1\n";
  TableConversion c = convert(text);
  EXPECT_EQ(c.droppedRows, 1);  // no target
  EXPECT_EQ(c.missingCells, 2);
  EXPECT_THAT(c.report, HasSubstr("dropped 1 rows with no target"));
  EXPECT_THAT(c.report, HasSubstr("2 missing input cells imputed"));
  Dataset train = c.data.subset({0, 1, 2});  // a: 1, NaN, 3 -> mean 2; b: 10, 20, NaN -> 15
  Dataset test = c.data.subset({3});
  EXPECT_EQ(imputeMissing(train, {&test}), 2);
  EXPECT_FLOAT_EQ(train.x(1, 0), 2.0f);
  EXPECT_FLOAT_EQ(train.x(2, 1), 15.0f);

  TableOptions drop;
  drop.missing = MissingPolicy::Drop;
  const TableConversion d = convert(text, drop);
  EXPECT_EQ(d.data.rows(), 2);
  EXPECT_EQ(d.droppedRows, 3);
  EXPECT_THAT(d.report, HasSubstr("dropped 2 rows with missing inputs"));
}

TEST(TableDatasetErrors, UnknownTargetListsTheColumns) {
  TableOptions o;
  o.target = "price";
  EXPECT_THAT(errorOf([&] { convert("a,b\n1,2\n3,4\n", o); }),
              HasSubstr("t.csv: no column named 'price'; the columns are: a, b"));
}

TEST(TableDatasetErrors, TargetWithOneClass) {
  EXPECT_THAT(errorOf([] { convert("a,y\n1,yes\n2,yes\n"); }),
              HasSubstr("target column 'y' has only one class ('yes')"));
}

TEST(TableDatasetErrors, NonNumericValueInANumericColumn) {
  EXPECT_THAT(errorOf([] { convert("a,b,y\n1,2,0\n3,4,1\n5,oops,0\n7,8,1\n9,10,0\n"); }),
              HasSubstr("t.csv:4: column 2 ('b'): expected a number, got 'oops'"));
}

TEST(TableDatasetErrors, TooManyCategories) {
  std::string text = "id,y\n";
  for (int i = 0; i < 60; ++i) {
    text += 'p';
    text += std::to_string(i);
    text += ',';
    text += std::to_string(i % 2);
    text += '\n';
  }
  EXPECT_THAT(errorOf([&] { convert(text); }),
              HasSubstr("column 1 ('id') has more than 50 distinct text values"));
  TableOptions o;
  o.ignore = {"nope"};
  EXPECT_THAT(errorOf([&] { convert(text, o); }), HasSubstr("no column named 'nope' to ignore"));
}

TEST(TableDataset, ShippedTablesReadAsDocumented) {
  const std::string dir = NNPLAY_DATASETS_DIR;
  TableOptions iris;
  iris.target = "species";
  const TableConversion i = tableToDataset(readCsvFile(dir + "/iris.csv"), iris);
  EXPECT_EQ(i.data.rows(), 150);
  EXPECT_EQ(i.data.classes, 3);
  EXPECT_EQ(i.data.features(), 4);
  TableOptions titanic;
  titanic.target = "survived";
  const TableConversion t = tableToDataset(readCsvFile(dir + "/titanic.csv"), titanic);
  EXPECT_EQ(t.data.rows(), 2201);
  EXPECT_EQ(t.data.classNames, (std::vector<std::string>{"No", "Yes"}));
  EXPECT_EQ(t.data.features(), 8);  // 4 classes + 2 sexes + 2 ages, one-hot
  TableOptions houses;
  houses.target = "price";
  const TableConversion h = tableToDataset(readCsvFile(dir + "/houses.csv"), houses);
  EXPECT_EQ(h.data.task, Task::Regression);
  EXPECT_EQ(h.data.rows(), 932);
}

TEST(DataSource, CsvSplitImputeAndScaleOnTrainingRowsOnly) {
  DataSpec s;
  s.kind = DataSourceKind::Csv;
  s.path = std::string(NNPLAY_DATASETS_DIR) + "/iris.csv";
  s.table.target = "species";
  s.trainRatio = 0.6;
  s.validationRatio = 0.2;
  s.scaling = ScalingId::Standard;
  const PreparedData p = prepareData(s);
  EXPECT_EQ(p.train.rows(), 60);
  EXPECT_EQ(p.validation.rows(), 30);
  EXPECT_EQ(p.test.rows(), 60);
  // Fitted on the training rows: their mean is 0, the test rows' is not exactly.
  for (Eigen::Index c = 0; c < p.train.x.cols(); ++c) {
    EXPECT_NEAR(p.train.x.col(c).mean(), 0.0f, 1e-5);
  }
  EXPECT_GT(std::abs(p.test.x.col(0).mean()), 1e-4);
}

}  // namespace
}  // namespace nnplay
