// Bad specs throw SpecError with a message that names the problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nnplay/cpu_backend.hpp"
#include "nnplay/error.hpp"
#include "nnplay/generators.hpp"
#include "nnplay/network.hpp"
#include "nnplay/trainer.hpp"

#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;

std::string errorOf(const std::function<void()>& f) {
  return test::errorOf<SpecError>(f);
}

TEST(SpecErrors, ZeroNeurons) {
  NetworkSpec s = makeSpec(2, {8, 0}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  EXPECT_THAT(errorOf([&] { validate(s); }), HasSubstr("hidden layer 2 must have between 1"));
  s = makeSpec(2, {}, ActivationId::Tanh, 0, ActivationId::Sigmoid);
  EXPECT_THAT(errorOf([&] { validate(s); }), HasSubstr("output layer must have between 1"));
}

TEST(SpecErrors, SoftmaxOnAHiddenLayer) {
  const NetworkSpec s = makeSpec(2, {4}, ActivationId::Softmax, 1, ActivationId::Sigmoid);
  EXPECT_THAT(errorOf([&] { validate(s); }),
              HasSubstr("hidden layer 1: softmax is only allowed on the output layer"));
}

TEST(SpecErrors, UnknownNamesListTheKnownOnes) {
  EXPECT_THAT(errorOf([] { activationByName("relu6"); }),
              HasSubstr("unknown activation 'relu6'; expected one of: linear, sigmoid"));
  EXPECT_THAT(errorOf([] { lossByName("hinge"); }), HasSubstr("unknown loss 'hinge'"));
  EXPECT_THAT(errorOf([] { optimizerByName("adagrad"); }),
              HasSubstr("unknown optimizer 'adagrad'"));
  EXPECT_THAT(errorOf([] { initializerByName("orthogonal"); }),
              HasSubstr("unknown initializer 'orthogonal'"));
  EXPECT_THAT(errorOf([] { generatorByName("moons3d"); }), HasSubstr("unknown dataset 'moons3d'"));
}

TEST(SpecErrors, MismatchedInputSize) {
  const Dataset d = generatorByName("xor").generate({20, 0.0, 1});
  CpuBackend b;
  Network net(makeSpec(3, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid), b);
  TrainingSettings s;
  s.loss = LossId::Bce;
  EXPECT_THAT(errorOf([&] { Trainer t(net, s, d); }),
              HasSubstr("the dataset has 2 input features but the network expects 3"));
  EXPECT_THAT(errorOf([&] { net.predict(RowMatrix::Zero(2, 5)); }),
              HasSubstr("input has 5 columns; the network expects 3"));
}

TEST(SpecErrors, LossNeedsItsOutputActivation) {
  const NetworkSpec s = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Tanh);
  TrainingSettings t;
  t.loss = LossId::Bce;
  EXPECT_THAT(errorOf([&] { validate(t, s); }),
              HasSubstr("loss 'bce' needs a sigmoid output layer, not tanh"));
}

TEST(SpecErrors, OutputLayerCannotDropOutOrNormalize) {
  NetworkSpec s = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  s.layers.back().dropout = 0.5f;
  EXPECT_THAT(errorOf([&] { validate(s); }), HasSubstr("the output layer cannot have dropout"));
  s.layers.back().dropout = 0.0f;
  s.layers.back().batchNorm = true;
  EXPECT_THAT(errorOf([&] { validate(s); }), HasSubstr("the output layer cannot have batch norm"));
  s.layers.back().batchNorm = false;
  s.layers.front().dropout = 1.0f;
  EXPECT_THAT(errorOf([&] { validate(s); }), HasSubstr("dropout rate must be in [0, 1)"));
}

TEST(SpecErrors, ClassesMustMatchOutputUnits) {
  Dataset d = generatorByName("xor").generate({20, 0.0, 1});
  d.classes = 3;
  const NetworkSpec s = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  EXPECT_THAT(errorOf([&] { chooseEncoding(d, s, loss(LossId::Bce)); }),
              HasSubstr("the dataset has 3 classes; the output layer needs 3 neurons"));
}

TEST(SpecErrors, AbsurdSizesAreRejectedBeforeAllocating) {
  const NetworkSpec s =
      makeSpec(kMaxUnits, {kMaxUnits, kMaxUnits}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  EXPECT_THAT(errorOf([&] { validate(s); }), HasSubstr("parameters"));
  CpuBackend b;
  EXPECT_THROW(Network(s, b), SpecError);
}

TEST(SpecErrors, BadRates) {
  const NetworkSpec s = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  TrainingSettings t;
  t.loss = LossId::Bce;
  t.optimizer.learningRate = -1.0f;
  EXPECT_THAT(errorOf([&] { validate(t, s); }), HasSubstr("learning rate must be a positive"));
  t.optimizer.learningRate = 0.1f;
  t.batchSize = 0;
  EXPECT_THAT(errorOf([&] { validate(t, s); }), HasSubstr("batch size must be at least 1"));
}

}  // namespace
}  // namespace nnplay
