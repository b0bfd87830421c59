#include "lab_setup.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "nnplay/atomic_file.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/error.hpp"
#include "surface_race_panel.hpp"

namespace nnplay::gui {

namespace {
constexpr int kFormatVersion = 1;
constexpr std::size_t kMaxBytes = 1 << 20;
}  // namespace

bool LabSetup::operator==(const LabSetup& o) const {
  if (surface != o.surface || start.x != o.start.x || start.y != o.start.y || steps != o.steps ||
      optimizers.size() != o.optimizers.size()) {
    return false;
  }
  for (std::size_t i = 0; i < optimizers.size(); ++i) {
    if (optimizers[i].enabled != o.optimizers[i].enabled ||
        !(optimizers[i].settings == o.optimizers[i].settings)) {
      return false;
    }
  }
  return true;
}

LabSetup labSetupOf(const SurfaceRacePanel& panel) {
  LabSetup s;
  s.surface = panel.surfaceId();
  s.start = panel.start();
  s.steps = panel.steps();
  for (const OptimizerInfo& o : optimizers()) {
    s.optimizers.push_back({panel.optimizerEnabled(o.id), panel.optimizerSettings(o.id)});
  }
  return s;
}

void applyLabSetup(SurfaceRacePanel& panel, const LabSetup& s) {
  panel.selectSurface(s.surface);
  panel.setSteps(s.steps);
  for (std::size_t i = 0; i < s.optimizers.size() && i < optimizers().size(); ++i) {
    const OptimizerId id = optimizers()[i].id;
    panel.setOptimizerSettings(id, s.optimizers[i].settings);
    panel.setOptimizerEnabled(id, s.optimizers[i].enabled);
  }
  panel.setStart(s.start);
}

std::string labSetupToJson(const LabSetup& s) {
  nlohmann::json j;
  j["format"] = "nnplay-lab";
  j["version"] = kFormatVersion;
  j["surface"] = std::string(surface(s.surface).name);
  j["start"] = {s.start.x, s.start.y};
  j["steps"] = s.steps;
  nlohmann::json opts = nlohmann::json::object();
  for (std::size_t i = 0; i < s.optimizers.size() && i < optimizers().size(); ++i) {
    const OptimizerSettings& o = s.optimizers[i].settings;
    opts[std::string(optimizers()[i].name)] = {{"enabled", s.optimizers[i].enabled},
                                               {"learning_rate", o.learningRate},
                                               {"momentum", o.momentum},
                                               {"rho", o.rho},
                                               {"beta1", o.beta1},
                                               {"beta2", o.beta2},
                                               {"epsilon", o.epsilon}};
  }
  j["optimizers"] = std::move(opts);
  return j.dump(2) + "\n";
}

LabSetup labSetupFromJson(std::string_view text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw DataError(source + ": not JSON (byte " + std::to_string(e.byte) + ")");
  }
  const auto fail = [&](const std::string& field, const std::string& expected) {
    throw DataError(source + ": field '" + field + "': expected " + expected);
  };
  if (!j.is_object() || j.value("format", "") != "nnplay-lab") {
    fail("format", "\"nnplay-lab\" (a gradient-descent lab setup)");
  }
  if (!j.contains("version") || !j["version"].is_number_integer() ||
      j["version"].get<int>() > kFormatVersion) {
    fail("version", "1 (this nnplay reads version 1)");
  }
  LabSetup s;
  if (!j.contains("surface") || !j["surface"].is_string()) fail("surface", surfaceNames());
  try {
    s.surface = surfaceByName(j["surface"].get<std::string>()).id;
  } catch (const SpecError&) {
    fail("surface", "one of " + surfaceNames());
  }
  const SurfaceInfo& info = surface(s.surface);
  const nlohmann::json& st = j["start"];
  if (!st.is_array() || st.size() != 2 || !st[0].is_number() || !st[1].is_number()) {
    fail("start", "[x, y]");
  }
  s.start = {st[0].get<double>(), st[1].get<double>()};
  if (!(s.start.x >= info.xmin && s.start.x <= info.xmax && s.start.y >= info.ymin &&
        s.start.y <= info.ymax)) {
    fail("start", "a point inside the surface's range");
  }
  if (!j.contains("steps") || !j["steps"].is_number_integer() || j["steps"].get<int>() < 1 ||
      j["steps"].get<int>() > 1000) {
    fail("steps", "an integer from 1 to 1000");
  }
  s.steps = j["steps"].get<int>();
  const nlohmann::json& opts = j["optimizers"];
  if (!opts.is_object()) fail("optimizers", "an object with one entry per optimizer");
  for (const OptimizerInfo& o : optimizers()) {
    LabSetup::Optimizer x;
    x.settings.id = o.id;
    const std::string name(o.name);
    if (!opts.contains(name)) {
      x.enabled = false;
      s.optimizers.push_back(x);
      continue;
    }
    const nlohmann::json& e = opts[name];
    if (!e.is_object()) fail("optimizers." + name, "an object");
    if (e.contains("enabled")) {
      if (!e["enabled"].is_boolean()) fail("optimizers." + name + ".enabled", "true or false");
      x.enabled = e["enabled"].get<bool>();
    }
    const auto number = [&](const char* key, float& into, float lo, float hi) {
      if (!e.contains(key)) return;
      if (!e[key].is_number() || !std::isfinite(e[key].get<double>()) ||
          e[key].get<double>() < lo || e[key].get<double>() > hi) {
        fail("optimizers." + name + "." + key,
             "a number from " + std::to_string(lo) + " to " + std::to_string(hi));
      }
      into = e[key].get<float>();
    };
    number("learning_rate", x.settings.learningRate, 1e-9f, 100.0f);
    number("momentum", x.settings.momentum, 0.0f, 0.999f);
    number("rho", x.settings.rho, 0.0f, 0.999f);
    number("beta1", x.settings.beta1, 0.0f, 0.999f);
    number("beta2", x.settings.beta2, 0.0f, 0.99999f);
    number("epsilon", x.settings.epsilon, 1e-12f, 1.0f);
    s.optimizers.push_back(x);
  }
  return s;
}

void saveLabSetup(const LabSetup& setup, const QString& path) {
  writeFileAtomically(path.toStdString(), labSetupToJson(setup));
}

LabSetup loadLabSetup(const QString& path) {
  const std::string p = path.toStdString();
  return labSetupFromJson(readFileLimited(p, kMaxBytes), p);
}

}  // namespace nnplay::gui
