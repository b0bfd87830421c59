// Project files: exact round trips, atomic saves, and a clear message naming
// the field for every kind of bad file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/input_transform.hpp"
#include "nnplay/project_file.hpp"

#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string errorOf(const std::function<void()>& f) {
  return test::errorOf<DataError>(f);
}

// A trained project: spiral with features and scaling, batch norm, dropout.
// With `after`, the run goes on for two epochs and `after` gets the weights.
Project trainedProject(OptimizerId optimizer = OptimizerId::Adam,
                       std::vector<float>* after = nullptr) {
  Project p;
  p.data.generator = "spiral";
  p.data.params = {200, 0.1, 3, 0};
  p.data.features = FeatureMap::parse("x1,x2,x1sq,sinx1");
  p.data.scaling = ScalingId::Standard;
  p.network = makeSpec(4, {6, 5}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  p.network.layers[0].batchNorm = true;
  p.network.layers[1].dropout = 0.2f;
  p.training.loss = LossId::Bce;
  p.training.seed = 9;
  p.training.optimizer.id = optimizer;
  const PreparedData d = prepareData(p.data);
  CpuBackend b;
  Network net(p.network, b);
  net.initialize(p.training.seed);
  Trainer t(net, p.training, d.train);
  for (int e = 0; e < 5; ++e) t.trainEpoch();
  t.trainBatch();  // mid-epoch
  p.transform = InputTransform::from(d);
  p.parameters = net.parameters();
  p.state = net.state();
  p.trainer = t.state();
  p.history = {{1, 0.7, 0.71, 0.5, 0.49}, {5, 0.5, 0.55, 0.8, 0.75}};
  if (after) {
    for (int e = 0; e < 2; ++e) t.trainEpoch();
    *after = net.parameters();
  }
  return p;
}

// Resumes a loaded project for two epochs; returns the weights.
std::vector<float> resumed(const Project& q) {
  const PreparedData d = prepareData(q.data);
  CpuBackend b;
  Network net(q.network, b);
  net.setParameters(q.parameters);
  net.setState(q.state);
  Trainer t(net, q.training, d.train);
  t.setState(*q.trainer);
  for (int e = 0; e < 2; ++e) t.trainEpoch();
  return net.parameters();
}

std::filesystem::path tempFile(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("nnplay-" + std::to_string(::getpid()) + "-" + name);
}

TEST(ProjectFile, RoundTripIsBitExact) {
  const Project p = trainedProject();
  const auto path = tempFile("round.nnplay.json");
  saveProject(p, path.string());
  const Project q = loadProject(path.string());
  ASSERT_EQ(q.parameters.size(), p.parameters.size());
  EXPECT_EQ(0, std::memcmp(q.parameters.data(), p.parameters.data(), p.parameters.size() * 4));
  EXPECT_EQ(q.state, p.state);
  EXPECT_EQ(q.network.layers.size(), 3u);
  EXPECT_TRUE(q.network.layers[0].batchNorm);
  EXPECT_EQ(q.network.layers[1].dropout, 0.2f);
  EXPECT_EQ(q.training.seed, 9u);
  EXPECT_EQ(q.data.generator, "spiral");
  EXPECT_EQ(q.data.features.ids, p.data.features.ids);
  ASSERT_TRUE(q.trainer);
  EXPECT_EQ(q.trainer->step, p.trainer->step);
  EXPECT_EQ(q.trainer->order, p.trainer->order);
  EXPECT_EQ(q.trainer->optimizer, p.trainer->optimizer);
  EXPECT_EQ(q.trainer->shuffle.s[2], p.trainer->shuffle.s[2]);
  EXPECT_EQ(q.transform->scaler.offset, p.transform->scaler.offset);
  EXPECT_EQ(q.history.size(), 2u);
  // Same predictions.
  CpuBackend b;
  Network a(p.network, b), c(q.network, b);
  a.setParameters(p.parameters);
  a.setState(p.state);
  c.setParameters(q.parameters);
  c.setState(q.state);
  RowMatrix raw(3, 2);
  raw << 0.5f, -1, 2, 3, -4, 0.25f;
  EXPECT_EQ(a.predict(p.transform->apply(raw)).outputs, c.predict(q.transform->apply(raw)).outputs);
  std::filesystem::remove(path);
}

TEST(ProjectFile, ResumeIsExactForEveryOptimizer) {
  for (const OptimizerInfo& o : optimizers()) {
    std::vector<float> continued;
    const Project p = trainedProject(o.id, &continued);
    const Project q = projectFromJson(projectToJson(p), "p.nnplay.json");
    ASSERT_TRUE(q.trainer);
    EXPECT_EQ(q.trainer->optimizer.size(), o.stateSlots * q.parameters.size()) << o.name;
    EXPECT_EQ(resumed(q), continued) << o.name;
  }
}

// Files written before the state was sized per optimizer hold two slots for
// every optimizer (the unused ones zero); they load and resume exactly.
TEST(ProjectFile, OldTwoSlotOptimizerStateStillResumes) {
  for (OptimizerId id : {OptimizerId::Sgd, OptimizerId::Momentum}) {
    std::vector<float> continued;
    Project p = trainedProject(id, &continued);
    p.trainer->optimizer.resize(2 * p.parameters.size(), 0.0f);
    const Project q = projectFromJson(projectToJson(p), "old.nnplay.json");
    EXPECT_EQ(q.trainer->optimizer.size(), optimizer(id).stateSlots * q.parameters.size());
    EXPECT_EQ(resumed(q), continued) << optimizer(id).name;
  }
}

// The seeds were written by an earlier nnplay: they load, and write back unchanged.
TEST(ProjectFile, EarlierFilesLoadAndWriteBackTheSame) {
  const std::filesystem::path dir =
      std::filesystem::path(NNPLAY_REFERENCE_DIR) / ".." / "fuzz" / "seeds" / "project";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string text = readFileLimited(entry.path().string(), kMaxProjectBytes);
    const Project p = projectFromJson(text, entry.path().string());
    nlohmann::json written = nlohmann::json::parse(projectToJson(p));
    const nlohmann::json read = nlohmann::json::parse(text);
    if (read["version"] == 1) {  // version 2 adds the schedule and early stopping, at defaults
      EXPECT_EQ(written["version"], kProjectVersion);
      EXPECT_EQ(written["training"]["schedule"]["name"], "constant");
      EXPECT_EQ(written["training"]["early_stopping"]["enabled"], false);
      written["version"] = 1;
      written["training"].erase("schedule");
      written["training"].erase("early_stopping");
    }
    if (!read["training"].contains("augment")) {  // written since augmentation: none
      EXPECT_EQ(written["training"]["augment"], "none");
      written["training"].erase("augment");
    }
    EXPECT_EQ(written, read) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 2);
}

TEST(ProjectFile, SourceTaskAndMissingPolicyNamesRoundTrip) {
  Project p = trainedProject();
  p.data.kind = DataSourceKind::Csv;
  p.data.path = "table.csv";
  p.data.table.task = Task::Regression;
  p.data.table.missing = MissingPolicy::Drop;
  const std::string text = projectToJson(p);
  const nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["data"]["source"], "csv");
  EXPECT_EQ(j["data"]["task"], "regression");
  EXPECT_EQ(j["data"]["missing"], "drop");
  const Project q = projectFromJson(text, "p.nnplay.json");
  EXPECT_EQ(q.data.kind, DataSourceKind::Csv);
  EXPECT_EQ(q.data.table.task, Task::Regression);
  EXPECT_EQ(q.data.table.missing, MissingPolicy::Drop);
  p.data.table.task.reset();
  EXPECT_EQ(nlohmann::json::parse(projectToJson(p))["data"]["task"], "auto");
  EXPECT_FALSE(projectFromJson(projectToJson(p), "p.nnplay.json").data.table.task);

  p.data.kind = DataSourceKind::Drawn;
  p.data.drawn = DrawnPoints(Task::Classification, 3);
  p.data.drawn.add(0.5f, -1.0f, 2.0f);
  const Project drawn = projectFromJson(projectToJson(p), "p.nnplay.json");
  EXPECT_EQ(drawn.data.kind, DataSourceKind::Drawn);
  EXPECT_EQ(drawn.data.drawn.task(), Task::Classification);
  EXPECT_EQ(drawn.data.drawn.points().size(), 1u);
}

TEST(ProjectFile, FailedSaveLeavesTheOldFileIntact) {
  const Project p = trainedProject();
  const auto path = tempFile("atomic.nnplay.json");
  saveProject(p, path.string());
  const std::string before = readFileLimited(path.string(), kMaxProjectBytes);
  // Block the temporary file's name: the save must fail and change nothing.
  const auto blocker = std::filesystem::path(path.string() + ".tmp-" + std::to_string(::getpid()));
  std::filesystem::create_directory(blocker);
  Project changed = p;
  changed.parameters[0] += 1.0f;
  EXPECT_THAT(errorOf([&] { saveProject(changed, path.string()); }), HasSubstr("cannot write"));
  EXPECT_EQ(readFileLimited(path.string(), kMaxProjectBytes), before);
  std::filesystem::remove(blocker);
  std::filesystem::remove(path);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

class ProjectErrors : public ::testing::Test {
 protected:
  void SetUp() override { good_ = projectToJson(trainedProject()); }
  std::string load(const std::string& text) {
    return errorOf([&] { projectFromJson(text, "bad.nnplay.json"); });
  }
  std::string good_;
};

TEST_F(ProjectErrors, NotJsonNamesLineAndColumn) {
  EXPECT_THAT(load("{\n  \"format\": \"nnplay\",\n  oops\n}"), HasSubstr("bad.nnplay.json:3:"));
  EXPECT_THAT(load("{\n  \"format\": \"nnplay\",\n  oops\n}"), HasSubstr("not valid JSON"));
  EXPECT_THAT(load(""), HasSubstr("not valid JSON"));
}

TEST_F(ProjectErrors, FormatAndVersion) {
  EXPECT_THAT(load(replaced(good_, "\"format\": \"nnplay\"", "\"format\": \"keras\"")),
              HasSubstr("not an nnplay project"));
  EXPECT_THAT(load(replaced(good_, "\"version\": 2", "\"version\": 7")),
              HasSubstr("made by a newer nnplay (format version 7); this one reads version 2"));
}

TEST_F(ProjectErrors, ScheduleAndEarlyStoppingFieldsAreNamed) {
  EXPECT_THAT(load(replaced(good_, "\"name\": \"constant\"", "\"name\": \"linear\"")),
              HasSubstr("field 'training.schedule.name': unknown learning-rate schedule 'linear'"));
  EXPECT_THAT(load(replaced(good_, "\"patience\": 10", "\"patience\": -3")),
              HasSubstr("field 'training.early_stopping.patience': expected an integer from 1"));
  EXPECT_THAT(load(replaced(good_, "\"factor\": 0.5", "\"factor\": 2.0")),
              HasSubstr("field 'training.schedule.factor'"));
}

TEST(ProjectFile, ScheduleEarlyStoppingAndValidationCurvesRoundTrip) {
  Project p = trainedProject();
  p.training.schedule = parseSchedule("step:every=5,factor=0.25,warmup=2");
  p.training.earlyStopping = {true, 7, 0.001f, false};
  HistoryPoint h{3, 0.5, 0.6, 0.8, 0.7};
  h.validationLoss = 0.65;
  h.validationMetric = 0.75;
  p.history = {h, HistoryPoint{4, 0.4, 0.5, 0.9, 0.8}};
  const Project q = projectFromJson(projectToJson(p), "v2.nnplay.json");
  EXPECT_EQ(q.training, p.training);
  ASSERT_EQ(q.history.size(), 2u);
  EXPECT_DOUBLE_EQ(q.history[0].validationLoss, 0.65);
  EXPECT_DOUBLE_EQ(q.history[0].validationMetric, 0.75);
  EXPECT_TRUE(std::isnan(q.history[1].validationLoss));
}

// The course's XOR network: the constant feature "one" and layers without biases.
TEST(ProjectFile, LayersWithoutBiasRoundTripAndResume) {
  Project p;
  p.data.generator = "xor_gate";
  p.data.params = {8, 0.0, 0, 0};
  p.data.features = FeatureMap::parse("x1,x2,one");
  p.network = makeSpec(3, {4}, ActivationId::Sigmoid, 1, ActivationId::Sigmoid);
  for (LayerSpec& l : p.network.layers) l.bias = false;
  p.training.loss = LossId::Mse;
  p.training.optimizer.id = OptimizerId::Sgd;
  p.training.optimizer.learningRate = 4.0f;
  p.training.batchSize = 4;
  const PreparedData d = prepareData(p.data);
  ASSERT_EQ(d.train.features(), 3);
  CpuBackend b;
  Network net(p.network, b);
  EXPECT_EQ(net.parameterCount(), 16u);  // 3·4 + 4·1 weights, nothing else
  net.initialize(1);
  Trainer t(net, p.training, d.train);
  for (int e = 0; e < 3; ++e) t.trainEpoch();
  p.transform = InputTransform::from(d);
  p.parameters = net.parameters();
  p.trainer = t.state();
  const std::string text = projectToJson(p);
  EXPECT_THAT(text, HasSubstr("\"bias\": false"));
  EXPECT_THAT(text, Not(HasSubstr("dense_0/bias")));
  const Project q = projectFromJson(text, "course.nnplay.json");
  EXPECT_EQ(q.network, p.network);
  EXPECT_EQ(q.data.features.ids, p.data.features.ids);
  EXPECT_EQ(q.parameters, p.parameters);
  // A layer that has a bias again is a network of 16 + 5 parameters.
  NetworkSpec biased = q.network;
  for (LayerSpec& l : biased.layers) l.bias = true;
  EXPECT_EQ(Network::layout(biased).parameterCount, 21u);
}

TEST_F(ProjectErrors, BiasFieldIsABoolean) {
  EXPECT_THAT(load(replaced(good_, "\"batchnorm\": true", "\"batchnorm\": true, \"bias\": 1")),
              HasSubstr("field 'network.layers[0].bias'"));
}

TEST_F(ProjectErrors, MissingAndMistypedFieldsAreNamed) {
  EXPECT_THAT(load(replaced(good_, "\"batch_size\"", "\"batch_sise\"")),
              HasSubstr("field 'training.batch_size': missing"));
  EXPECT_THAT(
      load(replaced(good_, "\"units\": 6", "\"units\": -3")),
      HasSubstr(
          "field 'network.layers[0].units': expected an integer from 1 to 65536, got number -3"));
  EXPECT_THAT(load(replaced(good_, "\"units\": 6", "\"units\": \"six\"")),
              HasSubstr("field 'network.layers[0].units': expected an integer"));
  EXPECT_THAT(load(replaced(good_, "\"activation\": \"tanh\"", "\"activation\": \"relu6\"")),
              HasSubstr("field 'network.layers[0].activation': unknown activation 'relu6'"));
  EXPECT_THAT(load(replaced(good_, "\"source\": \"generator\"", "\"source\": \"ftp\"")),
              HasSubstr("field 'data.source': unknown data source 'ftp'; expected one of: "
                        "generator, csv, idx, drawn"));
  Project csv = trainedProject();
  csv.data.kind = DataSourceKind::Csv;
  const std::string table = projectToJson(csv);
  EXPECT_THAT(load(replaced(table, "\"task\": \"auto\"", "\"task\": \"ranking\"")),
              HasSubstr("field 'data.task': unknown task 'ranking'; expected one of: auto, "
                        "classification, regression"));
  EXPECT_THAT(load(replaced(table, "\"missing\": \"impute\"", "\"missing\": \"zero\"")),
              HasSubstr("field 'data.missing': unknown missing-value policy 'zero'; expected one "
                        "of: impute, drop"));
}

TEST_F(ProjectErrors, OptimizerStateOfAnotherSizeSaysWhatWasExpected) {
  const Project p = trainedProject();
  const std::size_t n = p.parameters.size();
  nlohmann::json j = nlohmann::json::parse(good_);
  j["trainer"]["optimizer"] = std::vector<float>(n, 0.0f);
  EXPECT_THAT(load(j.dump()),
              HasSubstr("field 'trainer.optimizer': expected an array of " + std::to_string(2 * n) +
                        " numbers (adam keeps 2 slots of " + std::to_string(n) + " parameters)"));
}

TEST_F(ProjectErrors, AbsurdSizesAreRefusedBeforeAllocating) {
  EXPECT_THAT(load(replaced(good_, "\"units\": 6", "\"units\": 4000000000")),
              HasSubstr("field 'network.layers[0].units': expected an integer from 1 to 65536"));
  // Wide layers within each limit but far too many parameters together.
  std::string wide = replaced(good_, "\"units\": 6", "\"units\": 60000");
  wide = replaced(wide, "\"units\": 5", "\"units\": 60000");
  EXPECT_THAT(load(wide), HasSubstr("field 'network': network has more than"));
}

TEST_F(ProjectErrors, ShapeMismatchAndNonFiniteWeights) {
  EXPECT_THAT(load(replaced(good_, "\"inputs\": 4", "\"inputs\": 3")),
              HasSubstr("field 'transform': gives 4 network inputs but network.inputs is 3"));
  const std::string tooFew =
      replaced(good_, "\"dense_2/bias\": [\n  ", "\"dense_2/bias\": [\n  1, ");
  EXPECT_THAT(load(tooFew),
              HasSubstr("field 'weights.dense_2/bias': expected an array of 1 numbers"));
  const std::string big =
      replaced(good_, "\"dense_2/bias\": [\n  ", "\"dense_2/bias\": [\n  1e300, ");
  EXPECT_THAT(load(replaced(big, "1e300, ", "")), HasSubstr("(no error)"));
  const std::string bigFloat =
      replaced(replaced(good_, "\"dense_2/bias\": [\n  ", "\"dense_2/bias\": [\n  X"), "X", "");
  EXPECT_THAT(load(bigFloat), HasSubstr("(no error)"));
  std::string one = good_;
  const auto at =
      one.find("\"dense_2/bias\": [\n  ") + std::string("\"dense_2/bias\": [\n  ").size();
  const auto end = one.find_first_of(",\n]", at);
  one.replace(at, end - at, "1e300");
  EXPECT_THAT(load(one),
              HasSubstr("field 'weights.dense_2/bias[0]': expected a finite 32-bit number"));
  one.replace(at, 5, "1e999");
  EXPECT_THAT(load(one), HasSubstr("number overflow"));
  EXPECT_THAT(load(one),
              ::testing::MatchesRegex(".*bad.nnplay.json:[0-9]+:[0-9]+: not valid JSON.*"));
  EXPECT_THAT(load(replaced(good_, "\"dense_0/kernel\"", "\"dense_7/kernel\"")),
              HasSubstr("field 'weights.dense_0/kernel': missing"));
}

TEST_F(ProjectErrors, TruncatedFilesNeverCrash) {
  for (std::size_t cut = 0; cut < good_.size(); cut += 61) {
    const std::string msg = load(good_.substr(0, cut));
    EXPECT_THAT(msg, HasSubstr("bad.nnplay.json")) << "cut at " << cut;
  }
}

TEST_F(ProjectErrors, CorruptedBytesLoadOrFailCleanly) {
  std::uint64_t x = 12345;
  for (int i = 0; i < 400; ++i) {
    std::string bad = good_;
    for (int k = 0; k < 3; ++k) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      bad[(x >> 33) % bad.size()] = static_cast<char>("0123456789-{}[]\",:.eE x"[(x >> 20) % 23]);
    }
    try {
      const Project p = projectFromJson(bad, "bad.nnplay.json");
      EXPECT_EQ(p.network.inputs > 0, true);
    } catch (const DataError& e) {
      EXPECT_THAT(e.what(), HasSubstr("bad.nnplay.json"));
    }
  }
}

}  // namespace
}  // namespace nnplay
