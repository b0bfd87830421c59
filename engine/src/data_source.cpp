#include "nnplay/data_source.hpp"

#include <algorithm>
#include <array>
#include <numeric>

#include "nnplay/error.hpp"
#include "nnplay/idx_reader.hpp"
#include "nnplay/random.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

// Moves the last `count` rows of `from` into a new dataset.
Dataset takeTail(Dataset& from, int count) {
  const int keep = from.rows() - count;
  std::vector<int> head(static_cast<std::size_t>(keep)), tail(static_cast<std::size_t>(count));
  std::iota(head.begin(), head.end(), 0);
  std::iota(tail.begin(), tail.end(), keep);
  Dataset t = from.subset(tail);
  from = from.subset(head);
  return t;
}

int validationRows(int totalRows, int trainRows, double ratio) {
  if (ratio <= 0.0) return 0;
  const int n = static_cast<int>(totalRows * ratio);
  if (n < 1) {
    throw SpecError("validation share of " + std::to_string(ratio * 100.0).substr(0, 4) +
                    " % gives no validation row out of " + std::to_string(totalRows) +
                    " rows; use a larger share or more data");
  }
  if (n >= trainRows) {
    throw SpecError("validation share leaves no training rows (" + std::to_string(trainRows) +
                    " training rows, " + std::to_string(n) + " asked for validation)");
  }
  return n;
}

void checkRatios(const DataSpec& s) {
  if (!(s.trainRatio > 0.0 && s.trainRatio < 1.0)) {
    throw SpecError("train ratio must be between 0 and 1 (exclusive)");
  }
  if (!(s.validationRatio >= 0.0 && s.validationRatio < s.trainRatio)) {
    throw SpecError("validation share must be at least 0 and below the train ratio");
  }
  if (s.trainLimit < 0) {
    throw SpecError(
        "data setting 'train_limit' (training images to use) must be 0 (all) or more, "
        "got " +
        std::to_string(s.trainLimit));
  }
}

void mapAndScale(PreparedData& p, const FeatureMap& map, ScalingId scaling) {
  p.features = map;
  for (Dataset* d : {&p.train, &p.validation, &p.test}) {
    if (d->rows() == 0 && d->x.cols() != p.rawInputs) continue;
    const std::vector<std::string> raw = d->featureNames;
    d->x = map.apply(d->x);
    d->featureNames = map.names(raw);
  }
  p.scaler.id = scaling;
  p.scaler.fit(p.train.x);
  for (Dataset* d : {&p.train, &p.validation, &p.test}) {
    if (d->x.cols() == p.train.x.cols()) p.scaler.apply(d->x);
  }
  if (p.train.task == Task::Regression && scaling != ScalingId::None) {
    p.targetScaler.id = ScalingId::Standard;
    p.targetScaler.fit(p.train.y);
    for (Dataset* d : {&p.train, &p.validation, &p.test}) {
      if (d->y.cols() == p.train.y.cols()) p.targetScaler.apply(d->y);
    }
  }
}

constexpr std::array kSources = {
    DataSourceInfo{DataSourceKind::Generator, "generator"},
    DataSourceInfo{DataSourceKind::Csv, "csv"},
    DataSourceInfo{DataSourceKind::Idx, "idx"},
    DataSourceInfo{DataSourceKind::Drawn, "drawn"},
};

}  // namespace

std::span<const DataSourceInfo> dataSources() {
  return kSources;
}

std::string_view dataSourceName(DataSourceKind k) {
  return kSources[static_cast<std::size_t>(k)].name;
}

DataSourceKind dataSourceByName(std::string_view name) {
  return detail::findByName(dataSources(), name, "data source").kind;
}

PreparedData prepareData(const DataSpec& s) {
  checkRatios(s);
  PreparedData p;
  switch (s.kind) {
    case DataSourceKind::Generator:
    case DataSourceKind::Drawn: {
      Dataset all;
      if (s.kind == DataSourceKind::Generator) {
        const GeneratorInfo& g = generatorByName(s.generator);
        all = g.generate(s.params);
        p.description = std::string(g.label) + ": " + std::to_string(all.rows()) +
                        " points, noise " +
                        std::to_string(static_cast<int>(s.params.noise * 100 + 0.5)) + "%";
      } else {
        all = s.drawn.toDataset();
        if (all.rows() < 2) throw SpecError("draw at least 2 points before training");
        // Drawn points come in the order they were drawn: shuffle before splitting.
        std::vector<int> order(static_cast<std::size_t>(all.rows()));
        std::iota(order.begin(), order.end(), 0);
        Rng rng(streamSeed(s.splitSeed, Stream::Split));
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
        all = all.subset(order);
        p.description = "drawn: " + std::to_string(all.rows()) + " points";
      }
      p.rawInputs = all.features();
      // TF Playground: the generated points are already shuffled; the first
      // trainRatio of them train.
      Split split = splitByRatio(all, s.trainRatio);
      p.train = std::move(split.train);
      p.test = std::move(split.test);
      p.validation =
          takeTail(p.train, validationRows(all.rows(), p.train.rows(), s.validationRatio));
      p.rawTrain = p.train.x;
      p.rawTest = p.test.x;
      mapAndScale(p, s.features.isIdentity() ? FeatureMap::plain(p.rawInputs) : s.features,
                  s.scaling);
      break;
    }
    case DataSourceKind::Csv: {
      const CsvTable table = readCsvFile(s.path);
      TableConversion conv = tableToDataset(table, s.table);
      p.rawInputs = conv.data.features();
      p.description = s.path + ": " + conv.report;
      Split split = shuffledSplit(conv.data, s.trainRatio, s.splitSeed);
      p.train = std::move(split.train);
      p.test = std::move(split.test);
      p.validation =
          takeTail(p.train, validationRows(conv.data.rows(), p.train.rows(), s.validationRatio));
      imputeMissing(p.train, {&p.validation, &p.test});
      if (!s.features.isIdentity()) {
        throw SpecError("features like x1sq apply to generated and drawn 2-D data, not to tables");
      }
      mapAndScale(p, FeatureMap{}, s.scaling);
      break;
    }
    case DataSourceKind::Idx: {
      IdxDataset idx = loadIdxDirectory(s.path);
      if (s.scaling != ScalingId::None) {
        throw SpecError("images are scaled to [0, 1] as they are read; use --scale none");
      }
      if (!s.features.isIdentity()) {
        throw SpecError("features like x1sq apply to generated and drawn 2-D data, not to images");
      }
      p.imageRows = idx.imageRows;
      p.imageCols = idx.imageCols;
      p.rawInputs = idx.train.features();
      p.train = std::move(idx.train);
      p.test = std::move(idx.test);
      const int available = p.train.rows();
      if (s.trainLimit > 0 && s.trainLimit < available) {  // the first N, before validation
        std::vector<int> head(static_cast<std::size_t>(s.trainLimit));
        std::iota(head.begin(), head.end(), 0);
        p.train = p.train.subset(head);
      }
      const int total = p.train.rows() + p.test.rows();
      p.validation = takeTail(p.train, validationRows(total, p.train.rows(), s.validationRatio));
      p.description = s.path + ": " + std::to_string(p.train.rows() + p.validation.rows()) +
                      " training and " + std::to_string(p.test.rows()) + " test images of " +
                      std::to_string(p.imageRows) + "x" + std::to_string(p.imageCols) + ", " +
                      std::to_string(p.train.classes) + " classes (the files' own test set)";
      if (p.train.rows() + p.validation.rows() < available) {
        p.description += "; only the first " + std::to_string(s.trainLimit) + " of " +
                         std::to_string(available) + " training images";
      }
      break;
    }
  }
  return p;
}

}  // namespace nnplay
