#include "nnplay/project_file.hpp"

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "json_text.hpp"
#include "nnplay/atomic_file.hpp"
#include "nnplay/augment.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "nnplay/network.hpp"

namespace nnplay {

namespace {

using nlohmann::json;

// Each section of the file has its writer (xJson) next to its reader (readX),
// so that what is written and what is read can be compared at a glance.

std::string describe(const json& j) {
  std::string s = j.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return std::string(j.type_name()) + " " + s;
}

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw DataError(source_ + ": field '" + path + "': " + what);
  }
  [[noreturn]] void expected(const std::string& path, const std::string& what,
                             const json& got) const {
    fail(path, "expected " + what + ", got " + describe(got));
  }

  const json& at(const json& obj, const std::string& path, const char* key) const {
    if (!obj.is_object()) expected(path, "an object", obj);
    const auto it = obj.find(key);
    if (it == obj.end()) fail(join(path, key), "missing");
    return *it;
  }
  const json* optional(const json& obj, const char* key) const {
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }
  static std::string join(const std::string& path, const char* key) {
    return path.empty() ? key : path + "." + key;
  }

  long integer(const json& obj, const std::string& path, const char* key, long lo, long hi) const {
    const json& v = at(obj, path, key);
    const std::string p = join(path, key);
    if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi) {
      expected(p, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi), v);
    }
    return static_cast<long>(v.get<long long>());
  }
  double number(const json& obj, const std::string& path, const char* key, double lo,
                double hi) const {
    const json& v = at(obj, path, key);
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo ||
        v.get<double>() > hi) {
      expected(join(path, key), "a number from " + json(lo).dump() + " to " + json(hi).dump(), v);
    }
    return v.get<double>();
  }
  std::string string(const json& obj, const std::string& path, const char* key) const {
    const json& v = at(obj, path, key);
    if (!v.is_string()) expected(join(path, key), "a string", v);
    return v.get<std::string>();
  }
  bool boolean(const json& obj, const std::string& path, const char* key) const {
    const json& v = at(obj, path, key);
    if (!v.is_boolean()) expected(join(path, key), "true or false", v);
    return v.get<bool>();
  }
  std::uint64_t u64(const json& obj, const std::string& path, const char* key) const {
    const json& v = at(obj, path, key);
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      char* end = nullptr;
      errno = 0;
      const unsigned long long x = std::strtoull(s.c_str(), &end, 10);
      if (!s.empty() && s[0] != '-' && *end == '\0' && errno == 0) return x;
    }
    expected(join(path, key), "an unsigned 64-bit integer (as a string)", v);
  }
  // A name from a table; the error lists the known names.
  template <typename Lookup>
  auto named(const json& obj, const std::string& path, const char* key, Lookup lookup) const {
    const std::string s = string(obj, path, key);
    try {
      return lookup(s);
    } catch (const SpecError& e) {
      fail(join(path, key), e.what());
    }
  }
  std::vector<float> floats(const json& v, const std::string& path, std::size_t count) const {
    if (!v.is_array() || v.size() != count) {
      expected(path, "an array of " + std::to_string(count) + " numbers", v);
    }
    std::vector<float> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      // Finite as a float too: 1e300 is a double but not a float.
      if (!v[i].is_number() || !std::isfinite(static_cast<float>(v[i].get<double>()))) {
        expected(path + "[" + std::to_string(i) + "]", "a finite 32-bit number", v[i]);
      }
      out.push_back(v[i].get<float>());
    }
    return out;
  }
  std::vector<std::string> strings(const json& v, const std::string& path,
                                   std::size_t maxCount) const {
    if (!v.is_array() || v.size() > maxCount) {
      expected(path, "an array of at most " + std::to_string(maxCount) + " strings", v);
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) expected(path + "[" + std::to_string(i) + "]", "a string", v[i]);
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }

 private:
  std::string source_;
};

// ---- network ----------------------------------------------------------------

json networkJson(const NetworkSpec& n) {
  json layers = json::array();
  for (const LayerSpec& l : n.layers) {
    json layer = {{"units", l.units},
                  {"activation", std::string(activation(l.activation).name)},
                  {"dropout", l.dropout},
                  {"batchnorm", l.batchNorm}};
    // Only when off: a layer has its bias unless the file says otherwise, so
    // files from before the field write back the same.
    if (!l.bias) layer["bias"] = false;
    layers.push_back(std::move(layer));
  }
  return {{"inputs", n.inputs},
          {"init", std::string(initializer(n.init).name)},
          {"init_scale", n.initScale},
          {"bias_init", n.biasInit},
          {"layers", layers}};
}

NetworkSpec readNetwork(const Reader& r, const json& j) {
  NetworkSpec n;
  n.inputs = static_cast<int>(r.integer(j, "network", "inputs", 1, kMaxUnits));
  n.init =
      r.named(j, "network", "init", [](const std::string& s) { return initializerByName(s).id; });
  n.initScale = static_cast<float>(r.number(j, "network", "init_scale", 0.0, 100.0));
  n.biasInit = static_cast<float>(r.number(j, "network", "bias_init", -100.0, 100.0));
  const json& layers = r.at(j, "network", "layers");
  if (!layers.is_array() || layers.empty() ||
      layers.size() > static_cast<std::size_t>(kMaxLayers)) {
    r.expected("network.layers", "an array of 1 to " + std::to_string(kMaxLayers) + " layers",
               layers);
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string p = "network.layers[" + std::to_string(i) + "]";
    LayerSpec l;
    l.units = static_cast<int>(r.integer(layers[i], p, "units", 1, kMaxUnits));
    l.activation = r.named(layers[i], p, "activation",
                           [](const std::string& s) { return activationByName(s).id; });
    l.dropout = static_cast<float>(r.number(layers[i], p, "dropout", 0.0, 0.99));
    l.batchNorm = r.boolean(layers[i], p, "batchnorm");
    // Absent means on (files from before the field all had biases).
    if (r.optional(layers[i], "bias")) l.bias = r.boolean(layers[i], p, "bias");
    n.layers.push_back(l);
  }
  try {
    validate(n);
  } catch (const SpecError& e) {
    r.fail("network", e.what());
  }
  return n;
}

// ---- training -----------------------------------------------------------------

json trainingJson(const TrainingSettings& t) {
  const OptimizerSettings& o = t.optimizer;
  return {{"loss", std::string(loss(t.loss).name)},
          {"optimizer",
           {{"name", std::string(optimizer(o.id).name)},
            {"learning_rate", o.learningRate},
            {"momentum", o.momentum},
            {"rho", o.rho},
            {"beta1", o.beta1},
            {"beta2", o.beta2},
            {"epsilon", o.epsilon}}},
          {"l1", t.l1},
          {"l2", t.l2},
          {"batch_size", t.batchSize},
          {"seed", std::to_string(t.seed)},
          {"schedule",
           {{"name", std::string(schedule(t.schedule.id).name)},
            {"every", t.schedule.every},
            {"factor", t.schedule.factor},
            {"epochs", t.schedule.epochs},
            {"floor", t.schedule.floor},
            {"warmup", t.schedule.warmup}}},
          {"early_stopping",
           {{"enabled", t.earlyStopping.enabled},
            {"patience", t.earlyStopping.patience},
            {"min_delta", t.earlyStopping.minDelta},
            {"restore_best", t.earlyStopping.restoreBest}}},
          {"augment", formatAugment(t.augment)}};
}

TrainingSettings readTraining(const Reader& r, const json& j, const NetworkSpec& n) {
  TrainingSettings t;
  t.loss = r.named(j, "training", "loss", [](const std::string& s) { return lossByName(s).id; });
  const json& o = r.at(j, "training", "optimizer");
  const std::string p = "training.optimizer";
  t.optimizer.id =
      r.named(o, p, "name", [](const std::string& s) { return optimizerByName(s).id; });
  t.optimizer.learningRate = static_cast<float>(r.number(o, p, "learning_rate", 1e-12, 1e6));
  t.optimizer.momentum = static_cast<float>(r.number(o, p, "momentum", 0.0, 0.99999));
  t.optimizer.rho = static_cast<float>(r.number(o, p, "rho", 0.0, 0.99999));
  t.optimizer.beta1 = static_cast<float>(r.number(o, p, "beta1", 0.0, 0.99999));
  t.optimizer.beta2 = static_cast<float>(r.number(o, p, "beta2", 0.0, 0.999999));
  t.optimizer.epsilon = static_cast<float>(r.number(o, p, "epsilon", 1e-30, 1.0));
  t.l1 = static_cast<float>(r.number(j, "training", "l1", 0.0, 1e3));
  t.l2 = static_cast<float>(r.number(j, "training", "l2", 0.0, 1e3));
  t.batchSize = static_cast<int>(r.integer(j, "training", "batch_size", 1, 1 << 24));
  t.seed = r.u64(j, "training", "seed");
  // Version 2: the schedule and early stopping (absent in version-1 files).
  if (const json* sj = r.optional(j, "schedule")) {
    const std::string sp = "training.schedule";
    ScheduleSettings& c = t.schedule;
    c.id = r.named(*sj, sp, "name", [](const std::string& n) { return scheduleByName(n).id; });
    c.every = static_cast<float>(r.number(*sj, sp, "every", 1e-6, 1e6));
    c.factor = static_cast<float>(r.number(*sj, sp, "factor", 1e-9, 1.0));
    c.epochs = static_cast<float>(r.number(*sj, sp, "epochs", 1e-6, 1e6));
    c.floor = static_cast<float>(r.number(*sj, sp, "floor", 0.0, 1.0));
    c.warmup = static_cast<float>(r.number(*sj, sp, "warmup", 0.0, 1e6));
  }
  if (const json* ej = r.optional(j, "early_stopping")) {
    const std::string ep = "training.early_stopping";
    EarlyStoppingSettings& e = t.earlyStopping;
    e.enabled = r.boolean(*ej, ep, "enabled");
    e.patience = static_cast<int>(r.integer(*ej, ep, "patience", 1, 100000));
    e.minDelta = static_cast<float>(r.number(*ej, ep, "min_delta", 0.0, 1e30));
    e.restoreBest = r.boolean(*ej, ep, "restore_best");
  }
  // Augmentation: parseAugment's text (absent in older files: none).
  if (r.optional(j, "augment")) {
    t.augment = r.named(j, "training", "augment", parseAugment);
  }
  try {
    validate(t, n);
  } catch (const SpecError& e) {
    r.fail("training", e.what());
  }
  return t;
}

// ---- scalers and feature lists (in data and transform) ---------------------------

json scalerJson(const Scaler& s) {
  return {{"kind", std::string(scalings()[static_cast<std::size_t>(s.id)].name)},
          {"offset", s.offset},
          {"factor", s.factor}};
}

Scaler readScaler(const Reader& r, const json& j, const std::string& path, std::size_t maxCols) {
  Scaler s;
  s.id = r.named(j, path, "kind", [](const std::string& v) { return scalingByName(v).id; });
  const json& off = r.at(j, path, "offset");
  if (!off.is_array() || off.size() > maxCols) {
    r.expected(path + ".offset", "an array of at most " + std::to_string(maxCols) + " numbers",
               off);
  }
  s.offset = r.floats(off, path + ".offset", off.size());
  s.factor = r.floats(r.at(j, path, "factor"), path + ".factor", off.size());
  return s;
}

json featuresJson(const FeatureMap& m) {
  std::vector<std::string> v;
  for (FeatureId id : m.ids) v.emplace_back(feature(id).name);
  return v;
}

FeatureMap readFeatures(const Reader& r, const json& v, const std::string& path) {
  FeatureMap m;
  for (const std::string& name : r.strings(v, path, features().size())) {
    try {
      m.ids.push_back(featureByName(name).id);
    } catch (const SpecError& e) {
      r.fail(path, e.what());
    }
  }
  return m;
}

// ---- data ---------------------------------------------------------------------

json dataJson(const DataSpec& d) {
  json j;
  j["source"] = std::string(dataSourceName(d.kind));
  switch (d.kind) {
    case DataSourceKind::Generator:
      j["generator"] = d.generator;
      j["samples"] = d.params.samples;
      j["noise"] = d.params.noise;
      j["seed"] = std::to_string(d.params.seed);
      j["classes"] = d.params.classes;
      break;
    case DataSourceKind::Csv:
      j["path"] = d.path;
      j["target"] = d.table.target;
      j["task"] = std::string(tableTaskName(d.table.task));
      j["missing"] = std::string(missingPolicyName(d.table.missing));
      j["ignore"] = d.table.ignore;
      break;
    case DataSourceKind::Idx:
      j["path"] = d.path;
      break;
    case DataSourceKind::Drawn: {
      j["task"] = std::string(taskName(d.drawn.task()));
      j["classes"] = d.drawn.classes();
      json pts = json::array();
      for (const DrawnPoint& p : d.drawn.points()) pts.push_back({p.x, p.y, p.label});
      j["points"] = pts;
      break;
    }
  }
  j["features"] = featuresJson(d.features);
  j["scaling"] = std::string(scalings()[static_cast<std::size_t>(d.scaling)].name);
  j["train_ratio"] = d.trainRatio;
  j["validation_ratio"] = d.validationRatio;
  j["split_seed"] = std::to_string(d.splitSeed);
  if (d.trainLimit != 0) j["train_limit"] = d.trainLimit;  // absent: all (older files too)
  return j;
}

DataSpec readData(const Reader& r, const json& j) {
  DataSpec d;
  d.kind = r.named(j, "data", "source", dataSourceByName);
  switch (d.kind) {
    case DataSourceKind::Generator:
      d.generator = r.named(j, "data", "generator", [](const std::string& s) {
        return std::string(generatorByName(s).name);
      });
      d.params.samples = static_cast<int>(r.integer(j, "data", "samples", 2, 1'000'000));
      d.params.noise = r.number(j, "data", "noise", 0.0, 0.5);
      d.params.seed = r.u64(j, "data", "seed");
      d.params.classes = static_cast<int>(r.integer(j, "data", "classes", 0, 8));
      break;
    case DataSourceKind::Csv:
      d.path = r.string(j, "data", "path");
      d.table.target = r.string(j, "data", "target");
      d.table.task = r.named(j, "data", "task", tableTaskByName);
      d.table.missing = r.named(j, "data", "missing", missingPolicyByName);
      d.table.ignore = r.strings(r.at(j, "data", "ignore"), "data.ignore", 1000);
      break;
    case DataSourceKind::Idx:
      d.path = r.string(j, "data", "path");
      break;
    case DataSourceKind::Drawn: {
      const Task t = r.named(j, "data", "task", taskByName);
      const int classes =
          t == Task::Classification ? static_cast<int>(r.integer(j, "data", "classes", 2, 255)) : 0;
      d.drawn = DrawnPoints(t, classes);
      const json& pts = r.at(j, "data", "points");
      if (!pts.is_array() || pts.size() > 1'000'000) {
        r.expected("data.points", "an array of at most 1000000 [x, y, label] points", pts);
      }
      for (std::size_t i = 0; i < pts.size(); ++i) {
        const std::string p = "data.points[" + std::to_string(i) + "]";
        const std::vector<float> xyz = r.floats(pts[i], p, 3);
        try {
          d.drawn.add(xyz[0], xyz[1], xyz[2]);
        } catch (const SpecError& e) {
          r.fail(p, e.what());
        }
      }
      break;
    }
  }
  d.features = readFeatures(r, r.at(j, "data", "features"), "data.features");
  d.scaling =
      r.named(j, "data", "scaling", [](const std::string& s) { return scalingByName(s).id; });
  d.trainRatio = r.number(j, "data", "train_ratio", 0.01, 0.99);
  d.validationRatio = r.number(j, "data", "validation_ratio", 0.0, 0.98);
  d.splitSeed = r.u64(j, "data", "split_seed");
  if (r.optional(j, "train_limit")) {
    d.trainLimit = static_cast<int>(r.integer(j, "data", "train_limit", 0, 100'000'000));
  }
  return d;
}

// ---- transform ----------------------------------------------------------------

json transformJson(const InputTransform& t) {
  return {{"raw_inputs", t.rawInputs},
          {"pixel_scale", t.pixelScale},
          {"features", featuresJson(t.features)},
          {"scaling", scalerJson(t.scaler)},
          {"target_scaling", scalerJson(t.targetScaler)},
          {"input_names", t.inputNames},
          {"output_names", t.outputNames}};
}

InputTransform readTransform(const Reader& r, const json& j, const NetworkSpec& n) {
  InputTransform t;
  const std::string p = "transform";
  t.rawInputs = static_cast<int>(r.integer(j, p, "raw_inputs", 1, kMaxUnits));
  t.pixelScale = static_cast<float>(r.number(j, p, "pixel_scale", 1e-9, 1e9));
  t.features = readFeatures(r, r.at(j, p, "features"), "transform.features");
  t.scaler = readScaler(r, r.at(j, p, "scaling"), "transform.scaling", kMaxUnits);
  t.targetScaler =
      readScaler(r, r.at(j, p, "target_scaling"), "transform.target_scaling", kMaxUnits);
  t.inputNames = r.strings(r.at(j, p, "input_names"), "transform.input_names", kMaxUnits);
  t.outputNames = r.strings(r.at(j, p, "output_names"), "transform.output_names", kMaxUnits);
  if (t.networkInputs() != n.inputs) {
    r.fail(p, "gives " + std::to_string(t.networkInputs()) + " network inputs but " +
                  "network.inputs is " + std::to_string(n.inputs));
  }
  return t;
}

// ---- weights and state: named arrays laid out as the network's table says -----------

json arraysJson(const std::vector<ParameterEntry>& table, const std::vector<float>& flat,
                bool state) {
  json j = json::object();
  for (const ParameterEntry& e : table) {
    if (e.isState != state) continue;
    const auto first = flat.begin() + static_cast<std::ptrdiff_t>(e.offset);
    if (e.rows == 1) {
      j[e.name] = std::vector<float>(first, first + static_cast<std::ptrdiff_t>(e.size()));
    } else {
      json rows = json::array();
      for (int r = 0; r < e.rows; ++r) {
        const auto begin = first + static_cast<std::ptrdiff_t>(r) * e.cols;
        rows.push_back(std::vector<float>(begin, begin + e.cols));
      }
      j[e.name] = rows;
    }
  }
  return j;
}

std::vector<float> readArrays(const Reader& r, const json& j, const std::string& path,
                              const NetworkLayout& layout, bool state) {
  std::vector<float> flat(state ? layout.stateCount : layout.parameterCount, 0.0f);
  if (!j.is_object()) r.expected(path, "an object of named arrays", j);
  std::size_t expected = 0;
  for (const ParameterEntry& e : layout.table) {
    if (e.isState != state) continue;
    ++expected;
    const std::string p = path + "." + e.name;
    const auto it = j.find(e.name);
    if (it == j.end()) r.fail(p, "missing (the network spec needs it)");
    const auto first = flat.begin() + static_cast<std::ptrdiff_t>(e.offset);
    if (e.rows == 1) {
      const std::vector<float> v = r.floats(*it, p, e.size());
      std::copy(v.begin(), v.end(), first);
    } else {
      if (!it->is_array() || it->size() != static_cast<std::size_t>(e.rows)) {
        r.expected(p, "a " + std::to_string(e.rows) + " x " + std::to_string(e.cols) + " array",
                   *it);
      }
      for (int row = 0; row < e.rows; ++row) {
        const std::vector<float> v =
            r.floats((*it)[static_cast<std::size_t>(row)], p + "[" + std::to_string(row) + "]",
                     static_cast<std::size_t>(e.cols));
        std::copy(v.begin(), v.end(), first + static_cast<std::ptrdiff_t>(row) * e.cols);
      }
    }
  }
  if (j.size() != expected) {
    for (const auto& [name, v] : j.items()) {
      bool known = false;
      for (const ParameterEntry& e : layout.table) {
        known = known || (e.name == name && e.isState == state);
      }
      if (!known) r.fail(path + "." + name, "not an array of this network");
    }
  }
  return flat;
}

// ---- trainer --------------------------------------------------------------------

json trainerJson(const TrainerState& t) {
  json s4 = json::array();
  for (std::uint64_t v : t.shuffle.s) s4.push_back(std::to_string(v));
  return {{"epoch", t.epoch},
          {"step", t.step},
          {"samples_seen", t.samplesSeen},
          {"optimizer", t.optimizer},
          {"shuffle",
           {{"s", s4},
            {"have_spare", t.shuffle.haveSpare},
            {"spare", t.shuffle.spare},
            {"have_half", t.shuffle.haveHalf},
            {"half", std::to_string(t.shuffle.half)}}},
          {"order", t.order},
          {"cursor", t.cursor},
          {"epoch_loss_sum", t.epochLossSum},
          {"epoch_rows", t.epochRows}};
}

// The optimizer's own slots, or two slots as files before it held (kept: its own).
std::vector<float> readOptimizerState(const Reader& r, const json& v, OptimizerId id,
                                      std::size_t params) {
  const std::size_t size = optimizerStateSize(id, params);
  const std::size_t legacy = kLegacyStateSlots * params;
  if (!v.is_array() || (v.size() != size && v.size() != legacy)) {
    const int slots = optimizer(id).stateSlots;
    r.expected("trainer.optimizer",
               "an array of " + std::to_string(size) + " numbers (" +
                   std::string(optimizer(id).name) + " keeps " + std::to_string(slots) +
                   (slots == 1 ? " slot" : " slots") + " of " + std::to_string(params) +
                   " parameters)",
               v);
  }
  std::vector<float> state = r.floats(v, "trainer.optimizer", v.size());
  state.resize(size);
  return state;
}

TrainerState readTrainer(const Reader& r, const json& j, OptimizerId optimizer,
                         std::size_t params) {
  TrainerState t;
  const std::string p = "trainer";
  t.epoch = r.integer(j, p, "epoch", 0, 1L << 40);
  t.step = r.integer(j, p, "step", 0, 1L << 50);
  t.samplesSeen = r.integer(j, p, "samples_seen", 0, 1L << 60);
  t.optimizer = readOptimizerState(r, r.at(j, p, "optimizer"), optimizer, params);
  const json& sh = r.at(j, p, "shuffle");
  const json& s4 = r.at(sh, "trainer.shuffle", "s");
  if (!s4.is_array() || s4.size() != 4) r.expected("trainer.shuffle.s", "4 strings", s4);
  for (std::size_t i = 0; i < 4; ++i) {
    json holder = {{"v", s4[i]}};
    t.shuffle.s[i] = r.u64(holder, "trainer.shuffle.s[" + std::to_string(i) + "]", "v");
  }
  t.shuffle.haveSpare = r.boolean(sh, "trainer.shuffle", "have_spare");
  t.shuffle.spare = r.number(sh, "trainer.shuffle", "spare", -1e308, 1e308);
  t.shuffle.haveHalf = r.boolean(sh, "trainer.shuffle", "have_half");
  t.shuffle.half = r.u64(sh, "trainer.shuffle", "half");
  const json& order = r.at(j, p, "order");
  if (!order.is_array() || order.size() > 100'000'000) {
    r.expected("trainer.order", "an array of row indices", order);
  }
  t.order.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (!order[i].is_number_unsigned() || order[i].get<std::uint64_t>() >= order.size()) {
      r.expected("trainer.order[" + std::to_string(i) + "]",
                 "a row index below " + std::to_string(order.size()), order[i]);
    }
    t.order.push_back(order[i].get<std::uint32_t>());
  }
  const auto rows = static_cast<long>(order.size());
  t.cursor = static_cast<std::size_t>(r.integer(j, p, "cursor", 0, rows));
  t.epochLossSum = r.number(j, p, "epoch_loss_sum", 0.0, 1e300);
  t.epochRows = r.integer(j, p, "epoch_rows", 0, rows);
  return t;
}

// ---- history --------------------------------------------------------------------

json historyJson(const std::vector<HistoryPoint>& history) {
  json h = json::array();
  for (const HistoryPoint& pt : history) {
    json point = {pt.epoch, pt.trainLoss, pt.testLoss, pt.trainMetric, pt.testMetric};
    if (std::isfinite(pt.validationLoss) && std::isfinite(pt.validationMetric)) {
      point.push_back(pt.validationLoss);
      point.push_back(pt.validationMetric);
    }
    h.push_back(std::move(point));
  }
  return h;
}

std::vector<HistoryPoint> readHistory(const Reader& r, const json& h) {
  if (!h.is_array() || h.size() > 100'000'000) r.expected("history", "an array of points", h);
  std::vector<HistoryPoint> history;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const std::string path = "history[" + std::to_string(i) + "]";
    const json& pt = h[i];
    if (!pt.is_array() || (pt.size() != 5 && pt.size() != 7) || !pt[0].is_number_integer()) {
      r.expected(path,
                 "[epoch, train_loss, test_loss, train_metric, test_metric"
                 "(, validation_loss, validation_metric)]",
                 pt);
    }
    // Checks that the values are finite 32-bit numbers; they are kept as doubles.
    json values = json::array();
    for (std::size_t k = 1; k < pt.size(); ++k) values.push_back(pt[k]);
    static_cast<void>(r.floats(values, path, values.size()));
    HistoryPoint point{static_cast<long>(pt[0].get<long long>()), pt[1].get<double>(),
                       pt[2].get<double>(), pt[3].get<double>(), pt[4].get<double>()};
    if (pt.size() == 7) {
      point.validationLoss = pt[5].get<double>();
      point.validationMetric = pt[6].get<double>();
    }
    history.push_back(point);
  }
  return history;
}

// ---- the whole file ----------------------------------------------------------------

constexpr const char* kFormat = "nnplay";

void checkFormat(const Reader& r, const json& j, const std::string& source) {
  if (!j.is_object()) r.expected("(top level)", "a JSON object", j);
  const json* format = r.optional(j, "format");
  if (!format || *format != kFormat) {
    throw DataError(source + ": not an nnplay project (field 'format' must be \"nnplay\")");
  }
  const json& version = r.at(j, "", "version");
  if (!version.is_number_integer() || version.get<long long>() < 1) {
    r.expected("version", "a positive integer", version);
  }
  if (version.get<long long>() > kProjectVersion) {
    throw DataError(source + ": made by a newer nnplay (format version " + version.dump() +
                    "); this one reads version " + std::to_string(kProjectVersion));
  }
}

Project readProject(const json& j, const std::string& source) {
  const Reader r(source);
  checkFormat(r, j, source);
  Project p;
  p.network = readNetwork(r, r.at(j, "", "network"));
  p.training = readTraining(r, r.at(j, "", "training"), p.network);
  p.data = readData(r, r.at(j, "", "data"));
  if (const json* t = r.optional(j, "transform")) p.transform = readTransform(r, *t, p.network);
  if (const json* w = r.optional(j, "weights")) {
    const NetworkLayout layout = Network::layout(p.network);
    p.parameters = readArrays(r, *w, "weights", layout, false);
    const json* s = r.optional(j, "state");
    if (layout.stateCount > 0 && !s) r.fail("state", "missing (the network has batch norm)");
    p.state = s ? readArrays(r, *s, "state", layout, true) : std::vector<float>{};
    if (const json* t = r.optional(j, "trainer")) {
      p.trainer = readTrainer(r, *t, p.training.optimizer.id, layout.parameterCount);
    }
  } else if (r.optional(j, "trainer")) {
    r.fail("trainer", "present without weights");
  }
  if (const json* h = r.optional(j, "history")) p.history = readHistory(r, *h);
  return p;
}

}  // namespace

namespace {
std::atomic<long> serializations{0};
}  // namespace

long projectSerializations() {
  return serializations.load(std::memory_order_relaxed);
}

std::string projectToJson(const Project& p) {
  serializations.fetch_add(1, std::memory_order_relaxed);
  json j;
  j["format"] = kFormat;
  j["version"] = kProjectVersion;
  j["network"] = networkJson(p.network);
  j["training"] = trainingJson(p.training);
  j["data"] = dataJson(p.data);
  if (p.transform) j["transform"] = transformJson(*p.transform);
  if (!p.parameters.empty()) {
    const NetworkLayout layout = Network::layout(p.network);
    j["weights"] = arraysJson(layout.table, p.parameters, false);
    j["state"] = arraysJson(layout.table, p.state, true);
  }
  if (p.trainer) j["trainer"] = trainerJson(*p.trainer);
  j["history"] = historyJson(p.history);
  return j.dump(1);
}

Project projectFromJson(std::string_view text, const std::string& source) {
  if (text.size() > kMaxProjectBytes) throw DataError(source + ": larger than the 512 MiB limit");
  const json j = parseJsonText(text, source);
  try {
    return readProject(j, source);
  } catch (const json::exception& e) {  // a JSON access the checks above did not foresee
    throw DataError(source + ": unexpected content (" + e.what() + ")");
  }
}

void saveProject(const Project& p, const std::string& path) {
  writeFileAtomically(path, projectToJson(p));
}

Project loadProject(const std::string& path) {
  return projectFromJson(readFileLimited(path, kMaxProjectBytes), path);
}

}  // namespace nnplay
