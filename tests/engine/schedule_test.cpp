// Learning-rate schedules against their formulas (written out here again),
// the trainer's use of them (with live rate edits), and early stopping's
// bookkeeping and exact restore.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/early_stopping.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/schedule.hpp"
#include "nnplay/session.hpp"
#include "nnplay/trainer.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Schedule, EachMatchesItsFormula) {
  const double pi = std::acos(-1.0);
  for (double t : {0.0, 0.5, 3.0, 9.99, 10.0, 25.0, 99.0, 150.0}) {
    ScheduleSettings s;
    EXPECT_DOUBLE_EQ(scheduleFactor(s, t), 1.0);
    s = parseSchedule("step:every=10,factor=0.5");
    EXPECT_DOUBLE_EQ(scheduleFactor(s, t), std::pow(0.5, std::floor(t / 10.0))) << t;
    s = parseSchedule("exponential:every=10,factor=0.5");
    EXPECT_NEAR(scheduleFactor(s, t), std::pow(0.5, t / 10.0), 1e-12) << t;
    s = parseSchedule("cosine:epochs=100,floor=0.1");
    const double c = 0.1 + 0.9 * 0.5 * (1.0 + std::cos(pi * std::min(t, 100.0) / 100.0));
    EXPECT_NEAR(scheduleFactor(s, t), c, 1e-6) << t;  // floor 0.1 is a float
    s = parseSchedule("warmup:warmup=4");
    EXPECT_DOUBLE_EQ(scheduleFactor(s, t), std::min(1.0, t / 4.0)) << t;
    s = parseSchedule("cosine:epochs=100,warmup=4");
    EXPECT_NEAR(scheduleFactor(s, t),
                std::min(1.0, t / 4.0) * 0.5 * (1.0 + std::cos(pi * std::min(t, 100.0) / 100.0)),
                1e-12);
  }
  // Warm-up counts the step being taken: the first step trains.
  EXPECT_DOUBLE_EQ(scheduleFactor(parseSchedule("warmup:warmup=2"), 0.0, 0.1), 0.05);
  EXPECT_DOUBLE_EQ(scheduleFactor(parseSchedule("warmup"), 2.5), 0.5);  // 5 epochs by default
}

TEST(Schedule, BadTextNamesTheProblem) {
  EXPECT_THAT(
      errorOf([] { parseSchedule("linear"); }),
      HasSubstr("unknown learning-rate schedule 'linear'; expected one of: constant, step"));
  EXPECT_THAT(errorOf([] { parseSchedule("step:every=0"); }), HasSubstr("'every' must be above 0"));
  EXPECT_THAT(errorOf([] { parseSchedule("step:factor=1.5"); }),
              HasSubstr("'factor' must be above 0 and at most 1, got 1.5"));
  EXPECT_THAT(errorOf([] { parseSchedule("cosine:speed=2"); }),
              HasSubstr("unknown schedule setting 'speed'"));
  EXPECT_THAT(errorOf([] { parseSchedule("cosine:epochs=abc"); }), HasSubstr("needs a number"));
  EXPECT_EQ(formatSchedule(parseSchedule("step:factor=0.25,every=3,warmup=1")),
            "step:every=3,factor=0.25,warmup=1");
  EXPECT_EQ(parseSchedule(formatSchedule(parseSchedule("cosine:epochs=40,floor=0.2"))),
            parseSchedule("cosine:epochs=40,floor=0.2"));
}

struct XorRun {
  CpuBackend backend;
  Dataset data;
  NetworkSpec spec = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  XorRun() {
    GeneratorParams p;
    p.samples = 40;
    data = generatorByName("xor").generate(p);
  }
};

// SGD's update is w -= rate * g, so the rate a step used can be read off
// against a twin network trained at a constant rate: the first steps match
// the scheduled rate exactly.
TEST(Schedule, TheTrainerStepsWithTheScheduledRate) {
  XorRun r;
  TrainingSettings s;
  s.loss = LossId::Bce;
  s.optimizer.id = OptimizerId::Sgd;
  s.optimizer.learningRate = 0.1f;
  s.batchSize = 40;  // one step per epoch
  s.schedule = parseSchedule("step:every=2,factor=0.5");
  Network net(r.spec, r.backend);
  net.initialize(3);
  Trainer trainer(net, s, r.data);
  const float expected[] = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f};
  for (float rate : expected) {
    EXPECT_FLOAT_EQ(trainer.currentLearningRate(), rate) << "epoch " << trainer.epoch();
    // The same step at a constant rate from the same weights gives the same weights.
    Network twin(r.spec, r.backend);
    twin.setParameters(net.parameters());
    TrainingSettings c = s;
    c.schedule = {};
    c.optimizer.learningRate = rate;
    Trainer constant(twin, c, r.data);
    constant.setState(trainer.state());
    constant.trainEpoch();
    trainer.trainEpoch();
    EXPECT_EQ(net.parameters(), twin.parameters()) << "epoch " << trainer.epoch();
  }
  // A live rate edit keeps the schedule's place: the new rate times the factor.
  TrainingSettings edited = s;
  edited.optimizer.learningRate = 0.4f;
  trainer.setSettings(edited);
  EXPECT_EQ(trainer.epoch(), 5);
  EXPECT_FLOAT_EQ(trainer.currentLearningRate(), 0.4f * 0.25f);
}

TEST(EarlyStopping, CountsPatienceAndKeepsTheBest) {
  EarlyStopping e({true, 3, 0.01f, true});
  const std::vector<float> w1{1.0f}, w2{2.0f}, w3{3.0f}, st{7.0f};
  EXPECT_FALSE(e.update(1, 1.00, w1, st));
  EXPECT_FALSE(e.update(2, 0.95, w2, st));   // better by more than 0.01
  EXPECT_FALSE(e.update(3, 0.945, w3, st));  // better, but by less than min_delta
  EXPECT_FALSE(e.update(4, std::nan(""), w3, st));
  EXPECT_TRUE(e.update(5, 0.96, w3, st));  // the third epoch without improving
  EXPECT_EQ(e.bestEpoch(), 2);
  EXPECT_DOUBLE_EQ(e.bestLoss(), 0.95);
  EXPECT_EQ(e.bestParameters(), w2);
  EXPECT_THAT(earlyStoppingMessage(e, 5, true),
              HasSubstr("early stopping at epoch 5: the validation loss has not improved for 3 "
                        "epochs; restored the weights of epoch 2 (validation loss 0.95)"));
  EXPECT_THAT(errorOf([] {
                EarlyStopping bad({true, -1, 0.0f, true});
              }),
              HasSubstr("patience must be from 1 to 100000 epochs, got -1"));
  EXPECT_THAT(errorOf([] {
                EarlyStopping bad({true, 5, -0.1f, true});
              }),
              HasSubstr("minimum improvement must be 0 or more"));
}

// The session pauses, restores exactly the weights of the best epoch (as
// recorded in its history), says so, and marks the epoch.
TEST(EarlyStopping, TheSessionRestoresTheBestWeightsExactly) {
  SessionConfig c;
  c.data.generator = "spiral";
  c.data.params.samples = 200;
  c.data.params.noise = 0.4;
  c.data.validationRatio = 0.2;
  c.network = makeSpec(2, {24, 24}, ActivationId::Relu, 1, ActivationId::Sigmoid);
  c.training.loss = LossId::Bce;
  c.training.optimizer.learningRate = 0.03f;
  c.training.earlyStopping = {true, 5, 0.0f, true};
  c.gridResolution = 0;
  Session session(c, std::make_unique<CpuBackend>());
  // Epoch by epoch, remembering the weights after each one.
  std::vector<std::vector<float>> weights(1);
  std::shared_ptr<const Snapshot> s;
  for (int i = 0; i < 400; ++i) {
    session.stepEpoch();
    session.sync();
    s = session.snapshot();
    weights.push_back(s->parameters);
    if (s->earlyStopped) break;
  }
  ASSERT_TRUE(s->earlyStopped) << "no early stop in 400 epochs";
  ASSERT_GE(s->bestEpoch, 1);
  EXPECT_LT(s->bestEpoch, s->epoch);
  EXPECT_THAT(s->message,
              HasSubstr("restored the weights of epoch " + std::to_string(s->bestEpoch)));
  EXPECT_EQ(s->parameters, weights[static_cast<std::size_t>(s->bestEpoch)]);
  // The best epoch has the lowest validation loss of the history.
  double lowest = 1e300;
  long at = -1;
  for (std::size_t i = 0; i < s->history.size(); ++i) {
    if (s->history[i].validationLoss < lowest) {
      lowest = s->history[i].validationLoss;
      at = s->history[i].epoch;
    }
  }
  EXPECT_EQ(at, s->bestEpoch);
}

}  // namespace
}  // namespace nnplay
