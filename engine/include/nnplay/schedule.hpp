#pragma once
// Learning-rate schedules as one table. A schedule is a factor of the rate a
// person sets, a function of how far training is (in epochs, fractional
// within an epoch), so a rate changed while training keeps its schedule: the
// new rate times the factor where the run is (TF Playground issue #158).
//   constant     1
//   step         factor ^ floor(t / every)                      (step decay)
//   exponential  factor ^ (t / every)                           (Keras ExponentialDecay)
//   cosine       floor + (1 - floor) (1 + cos(pi min(t, epochs) / epochs)) / 2
//                                                               (Keras CosineDecay, alpha = floor)
//   warmup       1 (after the warm-up)
// Any of them with warmup W > 0 is first multiplied by min(1, (t + dt) / W):
// a linear warm-up that counts the step being taken (dt, its share of an
// epoch), so the first step already trains, gently.
// t is the training done before the step, in epochs (fractional): with
// step decay every 10 epochs, epochs 0-9 run at the full rate, as in Keras.
#include <span>
#include <string>
#include <string_view>

namespace nnplay {

enum class ScheduleId { Constant, Step, Exponential, Cosine, Warmup };

struct ScheduleInfo {
  ScheduleId id;
  std::string_view name;   // files and --schedule
  std::string_view label;  // what a person reads
};

std::span<const ScheduleInfo> schedules();
const ScheduleInfo& schedule(ScheduleId id);
const ScheduleInfo& scheduleByName(std::string_view name);  // throws SpecError
std::string scheduleNames();

struct ScheduleSettings {
  ScheduleId id = ScheduleId::Constant;
  float every = 10.0f;    // step, exponential: epochs per factor
  float factor = 0.5f;    // step, exponential: the multiplier per `every` epochs (0 < factor <= 1)
  float epochs = 100.0f;  // cosine: epochs to decay over (the floor after that)
  float floor = 0.0f;     // cosine: the fraction of the rate it ends at (0 .. 1)
  float warmup = 0.0f;    // epochs of linear warm-up before the schedule (warmup: 5 when 0)

  bool operator==(const ScheduleSettings&) const = default;
};

// Throws SpecError naming the setting and its allowed range.
void validate(const ScheduleSettings& s);

// The factor for a step taken t epochs into training (t >= 0, fractional)
// that covers dt of an epoch (batch / training rows; 0 for a curve).
// Requires a valid s.
double scheduleFactor(const ScheduleSettings& s, double t, double dt = 0.0);

// Parses "cosine", "step:every=10,factor=0.5", "cosine:epochs=50,floor=0.1,warmup=5";
// throws SpecError naming an unknown schedule or key, or a value out of range
// (with the range).
ScheduleSettings parseSchedule(std::string_view text);
// The text parseSchedule reads back (only the keys the schedule uses).
std::string formatSchedule(const ScheduleSettings& s);

}  // namespace nnplay
