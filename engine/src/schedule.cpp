#include "nnplay/schedule.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

constexpr std::array kTable = {
    ScheduleInfo{ScheduleId::Constant, "constant", "Constant"},
    ScheduleInfo{ScheduleId::Step, "step", "Step decay"},
    ScheduleInfo{ScheduleId::Exponential, "exponential", "Exponential decay"},
    ScheduleInfo{ScheduleId::Cosine, "cosine", "Cosine decay"},
    ScheduleInfo{ScheduleId::Warmup, "warmup", "Warm-up, then constant"},
};

constexpr double kPi = 3.14159265358979323846;
constexpr float kDefaultWarmup = 5.0f;

void check(bool ok, const char* key, const char* range, float value) {
  if (!ok) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(value));
    throw SpecError(std::string("schedule setting '") + key + "' must be " + range + ", got " +
                    buf);
  }
}

std::string number(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
  return buf;
}

}  // namespace

std::span<const ScheduleInfo> schedules() {
  return kTable;
}
const ScheduleInfo& schedule(ScheduleId id) {
  return kTable[static_cast<std::size_t>(id)];
}
const ScheduleInfo& scheduleByName(std::string_view name) {
  return detail::findByName(schedules(), name, "learning-rate schedule");
}
std::string scheduleNames() {
  return detail::joinNames(schedules());
}

void validate(const ScheduleSettings& s) {
  check(std::isfinite(s.every) && s.every > 0.0f && s.every <= 1e6f, "every",
        "above 0 and at most 1e6 epochs", s.every);
  check(std::isfinite(s.factor) && s.factor > 0.0f && s.factor <= 1.0f, "factor",
        "above 0 and at most 1", s.factor);
  check(std::isfinite(s.epochs) && s.epochs > 0.0f && s.epochs <= 1e6f, "epochs",
        "above 0 and at most 1e6 epochs", s.epochs);
  check(std::isfinite(s.floor) && s.floor >= 0.0f && s.floor <= 1.0f, "floor", "from 0 to 1",
        s.floor);
  check(std::isfinite(s.warmup) && s.warmup >= 0.0f && s.warmup <= 1e6f, "warmup",
        "from 0 to 1e6 epochs", s.warmup);
}

double scheduleFactor(const ScheduleSettings& s, double t, double dt) {
  t = std::max(0.0, t);
  double f = 1.0;
  switch (s.id) {
    case ScheduleId::Constant:
    case ScheduleId::Warmup:
      break;
    case ScheduleId::Step:
      f = std::pow(double{s.factor}, std::floor(t / s.every));
      break;
    case ScheduleId::Exponential:
      f = std::pow(double{s.factor}, t / s.every);
      break;
    case ScheduleId::Cosine: {
      const double progress = std::min(t, double{s.epochs}) / s.epochs;
      f = s.floor + (1.0 - s.floor) * 0.5 * (1.0 + std::cos(kPi * progress));
      break;
    }
  }
  const double warmup =
      s.id == ScheduleId::Warmup && s.warmup == 0.0f ? kDefaultWarmup : double{s.warmup};
  if (warmup > 0.0) f *= std::min(1.0, (t + std::max(0.0, dt)) / warmup);
  return f;
}

ScheduleSettings parseSchedule(std::string_view text) {
  ScheduleSettings s;
  const std::size_t colon = text.find(':');
  s.id = scheduleByName(text.substr(0, colon)).id;
  if (colon == std::string_view::npos) return s;
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const std::size_t eq = item.find('=');
    const std::string key(item.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : std::string(item.substr(eq + 1));
    char* end = nullptr;
    const float v = std::strtof(value.c_str(), &end);
    if (value.empty() || *end != '\0') {
      throw SpecError("schedule setting '" + key + "' needs a number (key=value), got '" +
                      std::string(item) + "'");
    }
    if (key == "every") {
      s.every = v;
    } else if (key == "factor") {
      s.factor = v;
    } else if (key == "epochs") {
      s.epochs = v;
    } else if (key == "floor") {
      s.floor = v;
    } else if (key == "warmup") {
      s.warmup = v;
    } else {
      throw SpecError("unknown schedule setting '" + key +
                      "'; expected every, factor, epochs, floor or warmup");
    }
  }
  validate(s);
  return s;
}

std::string formatSchedule(const ScheduleSettings& s) {
  std::string t(schedule(s.id).name);
  std::string keys;
  auto add = [&keys](const char* k, float v) {
    keys += (keys.empty() ? "" : ",") + std::string(k) + "=" + number(v);
  };
  if (s.id == ScheduleId::Step || s.id == ScheduleId::Exponential) {
    add("every", s.every);
    add("factor", s.factor);
  } else if (s.id == ScheduleId::Cosine) {
    add("epochs", s.epochs);
    add("floor", s.floor);
  }
  if (s.warmup > 0.0f) add("warmup", s.warmup);
  return keys.empty() ? t : t + ":" + keys;
}

}  // namespace nnplay
