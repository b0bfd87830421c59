// Data augmentation: each transform alone (flip, warp, crop, noise), the
// settings' text form and every error, and the Trainer's use of it: training
// batches only, bit-identical from the same seed, never evaluation, resumable.
// Also the pieces around it: training.augment and data.train_limit in project
// files, the first N images of an IDX folder, the code generator's sentence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nnplay/augment.hpp"
#include "nnplay/codegen.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/data_source.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/error.hpp"
#include "nnplay/network.hpp"
#include "nnplay/project_file.hpp"
#include "nnplay/trainer.hpp"
#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Image = std::vector<float>;

std::string specError(const std::function<void()>& f) {
  return test::errorOf<SpecError>(f);
}

// rows x cols, every pixel different and the image asymmetric in every way.
Image ramp(int rows, int cols) {
  Image im(static_cast<std::size_t>(rows * cols));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      im[static_cast<std::size_t>(r * cols + c)] =
          0.01f * static_cast<float>(r * cols + c) + 0.003f * static_cast<float>(c * c);
    }
  }
  return im;
}

float at(const Image& im, int cols, int r, int c) {
  return im[static_cast<std::size_t>(r * cols + c)];
}

// ---- the transforms ---------------------------------------------------------

TEST(AugmentTransforms, FlipTwiceIsTheOriginal) {
  const Image in = ramp(5, 7);
  Image once(in.size()), twice(in.size());
  flipImage(in.data(), once.data(), 5, 7);
  EXPECT_EQ(at(once, 7, 2, 0), at(in, 7, 2, 6));
  EXPECT_EQ(at(once, 7, 4, 3), at(in, 7, 4, 3)) << "the middle column stays";
  flipImage(once.data(), twice.data(), 5, 7);
  EXPECT_EQ(twice, in);
  Image inPlace = in;  // in place too
  flipImage(inPlace.data(), inPlace.data(), 5, 7);
  EXPECT_EQ(inPlace, once);
  // The warp's flip is the same mirror, exactly.
  ImageWarp w;
  w.flip = true;
  Image warped(in.size());
  warpImage(in.data(), warped.data(), 5, 7, w);
  EXPECT_EQ(warped, once);
}

TEST(AugmentTransforms, RotationZeroZoomOneShiftZeroAndFullCropAreTheIdentityExactly) {
  for (auto [rows, cols] : {std::pair{5, 7}, std::pair{28, 28}, std::pair{1, 4}}) {
    const Image in = ramp(rows, cols);
    Image out(in.size(), -1.0f);
    warpAffine(in.data(), out.data(), rows, cols, 0.0f, 1.0f, 0.0f, 0.0f);
    EXPECT_EQ(out, in) << rows << "x" << cols;
    std::fill(out.begin(), out.end(), -1.0f);
    warpImage(in.data(), out.data(), rows, cols, ImageWarp{});
    EXPECT_EQ(out, in);
    std::fill(out.begin(), out.end(), -1.0f);
    cropResize(in.data(), out.data(), rows, cols, 0.0f, 0.0f, static_cast<float>(cols),
               static_cast<float>(rows));
    EXPECT_EQ(out, in) << "crop 0 (the whole image) is the identity";
    // Drawn with every setting at 0: the identity too.
    Rng rng(5);
    std::fill(out.begin(), out.end(), -1.0f);
    augmentImage(in.data(), out.data(), rows, cols, AugmentSettings{}, rng);
    EXPECT_EQ(out, in);
  }
}

TEST(AugmentTransforms, AShiftMovesALitPixelByExactlyDxDy) {
  constexpr int kRows = 9, kCols = 11;
  Image in(kRows * kCols, 0.0f);
  in[4 * kCols + 5] = 1.0f;
  for (auto [dx, dy] : {std::pair{2, -3}, std::pair{-5, 4}, std::pair{0, 1}, std::pair{5, 4}}) {
    Image out(in.size(), -1.0f);
    warpAffine(in.data(), out.data(), kRows, kCols, 0.0f, 1.0f, static_cast<float>(dx),
               static_cast<float>(dy));
    Image expected(in.size(), 0.0f);
    expected[static_cast<std::size_t>((4 + dy) * kCols + 5 + dx)] = 1.0f;
    EXPECT_EQ(out, expected) << "dx " << dx << " dy " << dy;
  }
  Image out(in.size(), -1.0f);  // off the image: all background
  warpAffine(in.data(), out.data(), kRows, kCols, 0.0f, 1.0f, 6.0f, 0.0f);
  EXPECT_EQ(out, Image(in.size(), 0.0f));
  // A random shift is whole pixels: the pixel lands on one pixel, unblurred.
  AugmentSettings s;
  s.shift = 3;
  Rng rng(11);
  for (int i = 0; i < 20; ++i) {
    augmentImage(in.data(), out.data(), kRows, kCols, s, rng);
    int lit = 0;
    for (float v : out) lit += v == 1.0f ? 1 : (v == 0.0f ? 0 : 100);
    EXPECT_EQ(lit, 1);
  }
}

TEST(AugmentTransforms, Rotation90IsTheTransposeFlippedUpsideDown) {
  constexpr int kSide = 6;
  const Image in = ramp(kSide, kSide);
  Image out(in.size());
  // Counter-clockwise as displayed: the top row becomes the left column,
  // read from the bottom up.
  warpAffine(in.data(), out.data(), kSide, kSide, 90.0f, 1.0f, 0.0f, 0.0f);
  for (int r = 0; r < kSide; ++r) {
    for (int c = 0; c < kSide; ++c) {
      EXPECT_NEAR(at(out, kSide, r, c), at(in, kSide, c, kSide - 1 - r), 1e-5) << r << "," << c;
    }
  }
  warpAffine(in.data(), out.data(), kSide, kSide, -90.0f, 1.0f, 0.0f, 0.0f);
  for (int r = 0; r < kSide; ++r) {
    for (int c = 0; c < kSide; ++c) {
      EXPECT_NEAR(at(out, kSide, r, c), at(in, kSide, kSide - 1 - c, r), 1e-5) << r << "," << c;
    }
  }
}

TEST(AugmentTransforms, ZoomAboveOneEnlargesAroundTheCentre) {
  constexpr int kSide = 5;
  const Image in = ramp(kSide, kSide);
  Image out(in.size());
  warpAffine(in.data(), out.data(), kSide, kSide, 0.0f, 2.0f, 0.0f, 0.0f);
  EXPECT_EQ(at(out, kSide, 2, 2), at(in, kSide, 2, 2)) << "the centre stays";
  EXPECT_EQ(at(out, kSide, 2, 4), at(in, kSide, 2, 3)) << "2 pixels out came from 1 out";
  EXPECT_EQ(at(out, kSide, 0, 2), at(in, kSide, 1, 2));
  EXPECT_NEAR(at(out, kSide, 2, 3), 0.5f * (at(in, kSide, 2, 2) + at(in, kSide, 2, 3)), 1e-6);
}

TEST(AugmentTransforms, CropResizeMagnifiesTheWindowBilinearly) {
  constexpr int kSide = 8;
  Image in(kSide * kSide);
  for (int r = 0; r < kSide; ++r) {
    for (int c = 0; c < kSide; ++c) in[static_cast<std::size_t>(r * kSide + c)] = float(c);
  }
  Image out(in.size());
  // The window [2, 6) x [2, 6) to 8 x 8: output pixel x came from 1.75 + x / 2,
  // and bilinear interpolation reproduces a ramp exactly.
  cropResize(in.data(), out.data(), kSide, kSide, 2.0f, 2.0f, 4.0f, 4.0f);
  for (int r = 0; r < kSide; ++r) {
    for (int c = 0; c < kSide; ++c) {
      EXPECT_NEAR(at(out, kSide, r, c), 1.75f + 0.5f * float(c), 1e-5) << r << "," << c;
    }
  }
}

double mean(const Image& v) {
  double s = 0.0;
  for (float x : v) s += x;
  return s / static_cast<double>(v.size());
}
double stddev(const Image& v) {
  const double m = mean(v);
  double s = 0.0;
  for (float x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

TEST(AugmentTransforms, NoiseHasTheSetStandardDeviation) {
  for (float sigma : {0.05f, 0.1f, 0.3f}) {
    Image grey(512 * 512, 0.5f);
    Rng rng(3);
    addNoise(grey.data(), grey.size(), sigma, rng);
    EXPECT_NEAR(stddev(grey), sigma, 0.02 * sigma) << sigma;
    EXPECT_NEAR(mean(grey), 0.5, 0.01 * sigma) << "no clipping, no bias";
    // A Gaussian's shape: about 68.3 % within one standard deviation.
    double inside = 0;
    for (float v : grey) inside += std::abs(v - 0.5f) < sigma ? 1 : 0;
    EXPECT_NEAR(inside / static_cast<double>(grey.size()), 0.6827, 0.01);
  }
  // Through augmentImage: the setting's standard deviation.
  AugmentSettings s;
  s.noise = 0.08f;
  const Image grey(256 * 256, 0.5f);
  Image out(grey.size());
  Rng rng(4);
  augmentImage(grey.data(), out.data(), 256, 256, s, rng);
  EXPECT_NEAR(stddev(out), 0.08, 0.02 * 0.08);
}

TEST(AugmentTransforms, JitterHasTheSetStandardDeviation) {
  Image x(200000, 0.0f);
  Rng rng(8);
  jitterBatch(x.data(), x.size(), 0.3f, rng);
  EXPECT_NEAR(stddev(x), 0.3, 0.02 * 0.3);
  EXPECT_NEAR(mean(x), 0.0, 0.005);
  Image y(100, 1.0f);
  jitterBatch(y.data(), y.size(), 0.0f, rng);
  EXPECT_EQ(y, Image(100, 1.0f)) << "0: nothing";
}

TEST(AugmentTransforms, BatchesAreDeterministicAndEachImageDrawsItsOwn) {
  AugmentSettings s = parseAugment("shift=2,flip=1,rotate=10,zoom=0.1,crop=0.1,noise=0.05");
  const Image one = ramp(8, 8);
  Image batch;
  for (int i = 0; i < 4; ++i) batch.insert(batch.end(), one.begin(), one.end());
  Image a = batch, b = batch;
  Rng ra(21), rb(21);
  augmentBatch(a.data(), 4, 8, 8, s, ra);
  augmentBatch(b.data(), 4, 8, 8, s, rb);
  EXPECT_EQ(a, b);
  EXPECT_NE(Image(a.begin(), a.begin() + 64), Image(a.begin() + 64, a.begin() + 128))
      << "two copies of one image are augmented differently";
  Rng rc(22);
  Image c = batch;
  augmentBatch(c.data(), 4, 8, 8, s, rc);
  EXPECT_NE(a, c);
}

// ---- settings, text and errors -------------------------------------------------

TEST(AugmentSettingsText, TheTableDescribesEverySetting) {
  EXPECT_EQ(augmentNames(), "shift, flip, rotate, zoom, crop, noise, jitter");
  for (const AugmentOption& o : augmentOptions()) {
    EXPECT_FALSE(o.label.empty());
    EXPECT_FALSE(o.help.empty());
    EXPECT_LT(o.min, o.max);
    AugmentSettings s;
    EXPECT_EQ(o.get(s), 0.0) << o.name << ": off by default";
    o.set(s, o.max);
    EXPECT_EQ(o.get(s), o.max) << o.name;
    EXPECT_TRUE(s.any()) << o.name;
    EXPECT_EQ(s.anyImage(), o.image) << o.name;
    EXPECT_EQ(&augmentOptionByName(o.name), &o);
  }
  const AugmentOption& rotate = augmentOptionByName("rotate");
  EXPECT_EQ(rotate.max, 45.0);
  EXPECT_EQ(rotate.unit, "degrees");
}

TEST(AugmentSettingsText, ParseAndFormatRoundTrip) {
  const AugmentSettings s = parseAugment("shift=2,flip=1,rotate=10,zoom=0.1,noise=0.05");
  EXPECT_EQ(s.shift, 2);
  EXPECT_TRUE(s.flip);
  EXPECT_EQ(s.rotate, 10.0f);
  EXPECT_EQ(s.zoom, 0.1f);
  EXPECT_EQ(s.noise, 0.05f);
  EXPECT_EQ(s.crop, 0.0f);
  EXPECT_EQ(formatAugment(s), "shift=2,flip=1,rotate=10,zoom=0.1,noise=0.05");
  EXPECT_EQ(parseAugment(formatAugment(s)), s);
  EXPECT_EQ(parseAugment(" noise = 0.05 , shift=2,zoom=0.1,rotate=10,flip=1 "), s) << "any order";
  EXPECT_EQ(parseAugment(""), AugmentSettings{});
  EXPECT_EQ(parseAugment("none"), AugmentSettings{});
  EXPECT_EQ(formatAugment(AugmentSettings{}), "none");
  EXPECT_FALSE(AugmentSettings{}.any());
  AugmentSettings odd;
  odd.rotate = 12.345678f;
  odd.crop = 0.3f;
  odd.jitter = 1.0f / 3.0f;
  EXPECT_EQ(parseAugment(formatAugment(odd)), odd) << formatAugment(odd);
  const AugmentSettings jitter = parseAugment("jitter=0.2");
  EXPECT_TRUE(jitter.any());
  EXPECT_FALSE(jitter.anyImage());
}

TEST(AugmentSettingsText, EveryErrorNamesTheSettingAndWhatItAccepts) {
  EXPECT_THAT(specError([] { parseAugment("shift=2,blur=1"); }),
              HasSubstr("unknown augmentation 'blur'; expected one of: shift, flip, rotate, zoom, "
                        "crop, noise, jitter"));
  EXPECT_THAT(specError([] { parseAugment("rotate=90"); }),
              HasSubstr("augmentation setting 'rotate' must be from 0 to 45 degrees, got 90"));
  EXPECT_THAT(specError([] { parseAugment("shift=9"); }),
              HasSubstr("'shift' must be a whole number from 0 to 8 pixels, got 9"));
  EXPECT_THAT(specError([] { parseAugment("shift=1.5"); }),
              HasSubstr("'shift' must be a whole number from 0 to 8 pixels, got 1.5"));
  EXPECT_THAT(specError([] { parseAugment("flip=2"); }), HasSubstr("'flip' must be 0 or 1, got 2"));
  EXPECT_THAT(specError([] { parseAugment("zoom=-0.1"); }),
              HasSubstr("'zoom' must be from 0 to 0.5, got -0.1"));
  EXPECT_THAT(specError([] { parseAugment("noise=nan"); }), HasSubstr("'noise' must be from 0"));
  EXPECT_THAT(specError([] { parseAugment("jitter=3"); }),
              HasSubstr("'jitter' must be from 0 to 2, got 3"));
  EXPECT_THAT(specError([] { parseAugment("rotate"); }),
              HasSubstr("augmentation setting 'rotate' needs a number (name=value), got 'rotate'"));
  EXPECT_THAT(specError([] { parseAugment("rotate=ten"); }), HasSubstr("'rotate' needs a number"));
  EXPECT_THAT(specError([] { parseAugment("shift=1,shift=2"); }),
              HasSubstr("augmentation setting 'shift' is given twice"));
  EXPECT_THAT(specError([] { parseAugment("shift=1,"); }),
              HasSubstr("augmentation 'shift=1,' has an empty setting; write name=value pairs"));
  EXPECT_THAT(specError([] { parseAugment("shift=1,,flip=1"); }), HasSubstr("empty setting"));
  // The settings struct itself, as a window would fill it.
  AugmentSettings s;
  s.crop = 0.7f;
  EXPECT_THAT(specError([&] { validate(s); }),
              HasSubstr("augmentation setting 'crop' must be from 0 to 0.5, got 0.7"));
  s = {};
  s.shift = -1;
  EXPECT_THAT(specError([&] { validate(s); }), HasSubstr("'shift' must be a whole number"));
  // And through the training settings.
  TrainingSettings t;
  t.augment.rotate = 90.0f;
  EXPECT_THAT(specError([&] {
                validate(t, makeSpec(2, {3}, ActivationId::Tanh, 1, ActivationId::Linear));
              }),
              HasSubstr("'rotate' must be from 0 to 45 degrees"));
}

// ---- the trainer ---------------------------------------------------------------

// 48 images of 6x6 bytes in 3 classes: a bright bar whose position is the class.
Dataset tinyImages() {
  Dataset d;
  d.task = Task::Classification;
  d.classes = 3;
  d.pixelColumns = 36;
  d.y.resize(48, 1);
  Rng rng(77);
  for (int i = 0; i < 48; ++i) {
    const int cls = i % 3;
    for (int p = 0; p < 36; ++p) {
      const int col = p % 6;
      const bool bar = col / 2 == cls;
      d.pixels.push_back(static_cast<std::uint8_t>((bar ? 180 : 20) + rng.below(60)));
    }
    d.y(i, 0) = static_cast<float>(cls);
  }
  return d;
}

struct TrainedRun {
  std::vector<float> params;
  std::vector<double> losses;
};

TrainedRun trainImages(const AugmentSettings& a, std::uint64_t seed, ImageShape shape = {6, 6},
                       int epochs = 2) {
  const Dataset d = tinyImages();
  CpuBackend backend;
  Network net(makeSpec(36, {12}, ActivationId::Relu, 3, ActivationId::Softmax), backend);
  net.initialize(1);  // the same start for every seed: only the training differs
  TrainingSettings s;
  s.loss = LossId::Ce;
  s.optimizer.id = OptimizerId::Adam;
  s.batchSize = 10;
  s.seed = seed;
  s.augment = a;
  Trainer t(net, s, d, shape);
  TrainedRun r;
  for (int e = 0; e < epochs; ++e) r.losses.push_back(t.trainEpoch());
  r.params = net.parameters();
  return r;
}

bool bitIdentical(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

const AugmentSettings kAll = [] {
  return parseAugment("shift=1,flip=1,rotate=15,zoom=0.1,crop=0.2,noise=0.05");
}();

TEST(AugmentTraining, SameSeedSameWeightsBitForBitAnotherSeedDiffers) {
  const TrainedRun a = trainImages(kAll, 5);
  const TrainedRun b = trainImages(kAll, 5);
  EXPECT_TRUE(bitIdentical(a.params, b.params));
  EXPECT_EQ(a.losses, b.losses);
  const TrainedRun c = trainImages(kAll, 6);
  EXPECT_FALSE(bitIdentical(a.params, c.params));
  const TrainedRun plain = trainImages({}, 5);
  EXPECT_FALSE(bitIdentical(a.params, plain.params)) << "the augmentation changed the batches";
  // Each transform on its own changes training too.
  for (const char* one :
       {"shift=1", "flip=1", "rotate=15", "zoom=0.2", "crop=0.2", "noise=0.05", "jitter=0.1"}) {
    EXPECT_FALSE(bitIdentical(trainImages(parseAugment(one), 5, {6, 6}, 1).params,
                              trainImages({}, 5, {6, 6}, 1).params))
        << one;
  }
}

TEST(AugmentTraining, ImageTransformsNeedTheImageShape) {
  // Without the shape the image settings do nothing: the plain device path.
  EXPECT_TRUE(bitIdentical(trainImages(kAll, 5, {}).params, trainImages({}, 5, {}).params));
  const Dataset d = tinyImages();
  CpuBackend backend;
  Network net(makeSpec(36, {4}, ActivationId::Relu, 3, ActivationId::Softmax), backend);
  TrainingSettings s;
  s.loss = LossId::Ce;
  EXPECT_THAT(specError([&] {
                Trainer t(net, s, d, ImageShape{5, 6});
              }),
              HasSubstr("images of 5x6 pixels do not match the 36 input features"));
}

TEST(AugmentTraining, EvaluationPredictionAndManualStepsAreNeverAugmented) {
  const Dataset d = tinyImages();
  CpuBackend backend;
  const NetworkSpec spec = makeSpec(36, {12}, ActivationId::Relu, 3, ActivationId::Softmax);
  Network a(spec, backend), b(spec, backend);
  a.initialize(3);
  b.initialize(3);
  TrainingSettings s;
  s.loss = LossId::Ce;
  s.optimizer.id = OptimizerId::Adam;
  s.batchSize = 8;
  TrainingSettings augmented = s;
  augmented.augment = kAll;
  augmented.augment.jitter = 0.5f;
  Trainer ta(a, augmented, d, {6, 6});
  Trainer tb(b, s, d, {6, 6});
  const Evaluation ea = ta.evaluate(d), eb = tb.evaluate(d);
  EXPECT_EQ(ea.loss, eb.loss);
  EXPECT_EQ(ea.accuracy, eb.accuracy);
  EXPECT_EQ(ta.evaluate(d).loss, ea.loss) << "no random draws in evaluation";
  EXPECT_EQ(ta.predict(d).outputs, tb.predict(d).outputs);
  // stepOn (the math view's step) runs in inference mode: not augmented.
  const std::vector<std::uint32_t> rows = {0, 4, 7};
  ta.stepOn(rows);
  tb.stepOn(rows);
  EXPECT_TRUE(bitIdentical(a.parameters(), b.parameters()));
}

TEST(AugmentTraining, LiveChangesApplyFromTheNextBatch) {
  auto run = [](bool switchOn) {
    const Dataset d = tinyImages();
    CpuBackend backend;
    Network net(makeSpec(36, {12}, ActivationId::Relu, 3, ActivationId::Softmax), backend);
    net.initialize(2);
    TrainingSettings s;
    s.loss = LossId::Ce;
    s.batchSize = 10;
    Trainer t(net, s, d, {6, 6});
    t.trainEpoch();
    const std::vector<float> before = net.parameters();
    if (switchOn) {
      s.augment = kAll;
      t.setSettings(s);
    }
    t.trainEpoch();
    if (switchOn) {
      s.augment = {};
      t.setSettings(s);
    }
    t.trainEpoch();
    return std::pair{before, net.parameters()};
  };
  const auto [plainBefore, plainAfter] = run(false);
  const auto [onBefore, onAfter] = run(true);
  EXPECT_TRUE(bitIdentical(plainBefore, onBefore));
  EXPECT_FALSE(bitIdentical(plainAfter, onAfter));
  EXPECT_TRUE(bitIdentical(run(true).second, onAfter));
}

TEST(AugmentTraining, AResumedRunSeesTheSameAugmentedBatches) {
  const Dataset d = tinyImages();
  CpuBackend backend;
  const NetworkSpec spec = makeSpec(36, {12}, ActivationId::Relu, 3, ActivationId::Softmax);
  TrainingSettings s;
  s.loss = LossId::Ce;
  s.optimizer.id = OptimizerId::Adam;
  s.batchSize = 10;
  s.augment = kAll;
  Network a(spec, backend);
  a.initialize(4);
  Trainer ta(a, s, d, {6, 6});
  ta.trainEpoch();
  ta.trainBatch();
  const TrainerState saved = ta.state();
  const std::vector<float> weights = a.parameters();
  ta.trainEpoch();
  Network b(spec, backend);
  b.setParameters(weights);
  Trainer tb(b, s, d, {6, 6});
  tb.setState(saved);
  tb.trainEpoch();
  EXPECT_TRUE(bitIdentical(a.parameters(), b.parameters()));
}

TEST(AugmentTraining, JitterAugmentsFloatInputs) {
  Dataset d;
  d.task = Task::Regression;
  d.classes = 0;
  d.x = test::randomMatrix(40, 2, 9);
  d.y = test::randomMatrix(40, 1, 10);
  auto run = [&d](float jitter, std::uint64_t seed) {
    CpuBackend backend;
    Network net(makeSpec(2, {6}, ActivationId::Tanh, 1, ActivationId::Linear), backend);
    net.initialize(1);
    TrainingSettings s;
    s.loss = LossId::Mse;
    s.batchSize = 8;
    s.seed = seed;
    s.augment.jitter = jitter;
    Trainer t(net, s, d);
    t.trainEpoch();
    return net.parameters();
  };
  EXPECT_TRUE(bitIdentical(run(0.2f, 1), run(0.2f, 1)));
  EXPECT_FALSE(bitIdentical(run(0.2f, 1), run(0.0f, 1)));
  EXPECT_FALSE(bitIdentical(run(0.2f, 1), run(0.2f, 2)));
}

TEST(AugmentTraining, TheOpenClBackendTrainsOnTheSameAugmentedBatches) {
  std::unique_ptr<Backend> cl;
  try {
    cl = createBackend("opencl");
  } catch (const DeviceError& e) {
    GTEST_SKIP() << e.what();
  }
  const Dataset d = tinyImages();
  const NetworkSpec spec = makeSpec(36, {12}, ActivationId::Relu, 3, ActivationId::Softmax);
  TrainingSettings s;
  s.loss = LossId::Ce;
  s.optimizer.id = OptimizerId::Adam;
  s.batchSize = 10;
  s.augment = kAll;
  s.augment.jitter = 0.05f;
  CpuBackend cpu;
  std::vector<float> params[2];
  Backend* backends[2] = {&cpu, cl.get()};
  for (int k = 0; k < 2; ++k) {
    Network net(spec, *backends[k]);
    net.initialize(6);
    Trainer t(net, s, d, {6, 6});
    t.trainEpoch();
    params[k] = net.parameters();
  }
  test::expectClose(test::toDoubles(params[1]), test::toDoubles(params[0]), 1e-4, "opencl", 1.0);
}

// ---- files, data and generated code ----------------------------------------

Project smallProject() {
  Project p;
  p.data.generator = "xor";
  p.network = makeSpec(2, {4}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  p.training.loss = LossId::Bce;
  return p;
}

TEST(AugmentFiles, TrainingAugmentIsSavedAsTextAndReadBack) {
  Project p = smallProject();
  p.training.augment = parseAugment("jitter=0.25");
  const std::string text = projectToJson(p);
  EXPECT_EQ(nlohmann::json::parse(text)["training"]["augment"], "jitter=0.25");
  EXPECT_EQ(projectFromJson(text, "a.nnplay.json").training.augment, p.training.augment);
  // Absent (files before augmentation): none.
  nlohmann::json j = nlohmann::json::parse(text);
  j["training"].erase("augment");
  EXPECT_FALSE(projectFromJson(j.dump(), "old.nnplay.json").training.augment.any());
  j["training"]["augment"] = "shift=2,blur=1";
  EXPECT_THAT(test::errorOf<DataError>([&] { projectFromJson(j.dump(), "bad.nnplay.json"); }),
              HasSubstr("bad.nnplay.json: field 'training.augment': unknown augmentation 'blur'"));
  j["training"]["augment"] = "rotate=90";
  EXPECT_THAT(test::errorOf<DataError>([&] { projectFromJson(j.dump(), "bad.nnplay.json"); }),
              HasSubstr("field 'training.augment': augmentation setting 'rotate' must be from 0 "
                        "to 45 degrees, got 90"));
  j["training"]["augment"] = 3;
  EXPECT_THAT(test::errorOf<DataError>([&] { projectFromJson(j.dump(), "bad.nnplay.json"); }),
              HasSubstr("field 'training.augment': expected a string"));
}

TEST(AugmentFiles, DataTrainLimitIsOptionalAndChecked) {
  Project p = smallProject();
  p.data.kind = DataSourceKind::Idx;
  p.data.path = "/somewhere/images";
  EXPECT_FALSE(nlohmann::json::parse(projectToJson(p))["data"].contains("train_limit"));
  p.data.trainLimit = 2000;
  const std::string text = projectToJson(p);
  EXPECT_EQ(nlohmann::json::parse(text)["data"]["train_limit"], 2000);
  const DataSpec back = projectFromJson(text, "a.nnplay.json").data;
  EXPECT_EQ(back.kind, DataSourceKind::Idx);
  EXPECT_EQ(back.trainLimit, 2000);
  nlohmann::json j = nlohmann::json::parse(text);
  j["data"]["train_limit"] = -5;
  EXPECT_THAT(test::errorOf<DataError>([&] { projectFromJson(j.dump(), "bad.nnplay.json"); }),
              HasSubstr("field 'data.train_limit': expected an integer from 0"));
}

class IdxLimit : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nnplay-augment-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::create_directories(dir_);
    // 10 training and 4 test images of 2x3; pixel bytes count up, labels 0..2.
    write("train-images-idx3-ubyte", images(10));
    write("train-labels-idx1-ubyte", labels(10));
    write("t10k-images-idx3-ubyte", images(4));
    write("t10k-labels-idx1-ubyte", labels(4));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  static std::vector<std::uint8_t> header(std::vector<std::uint32_t> dims) {
    std::vector<std::uint8_t> b = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
    for (std::uint32_t d : dims) {
      for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(d >> s));
    }
    return b;
  }
  static std::vector<std::uint8_t> images(std::uint32_t n) {
    std::vector<std::uint8_t> b = header({n, 2, 3});
    for (std::uint32_t i = 0; i < n * 6; ++i) b.push_back(static_cast<std::uint8_t>(i));
    return b;
  }
  static std::vector<std::uint8_t> labels(std::uint32_t n) {
    std::vector<std::uint8_t> b = header({n});
    for (std::uint32_t i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(i % 3));
    return b;
  }
  void write(const std::string& name, const std::vector<std::uint8_t>& b) {
    std::ofstream(dir_ / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  std::filesystem::path dir_;
};

TEST_F(IdxLimit, OnlyTheFirstNTrainingImagesAreUsed) {
  DataSpec spec;
  spec.kind = DataSourceKind::Idx;
  spec.path = dir_.string();
  const PreparedData all = prepareData(spec);
  EXPECT_EQ(all.train.rows(), 10);
  spec.trainLimit = 6;
  const PreparedData some = prepareData(spec);
  EXPECT_EQ(some.train.rows(), 6);
  EXPECT_EQ(some.test.rows(), 4) << "the test set is whole";
  EXPECT_EQ(some.train.pixels,
            std::vector<std::uint8_t>(all.train.pixels.begin(), all.train.pixels.begin() + 36));
  EXPECT_THAT(some.description, HasSubstr("only the first 6 of 10 training images"));
  EXPECT_EQ(some.imageRows, 2);
  EXPECT_EQ(some.imageCols, 3);
  spec.validationRatio = 0.2;  // of 6 + 4 rows: 2, from the end of the first 6
  const PreparedData validated = prepareData(spec);
  EXPECT_EQ(validated.train.rows(), 4);
  EXPECT_EQ(validated.validation.rows(), 2);
  spec.validationRatio = 0;
  spec.trainLimit = 50;  // more than there are: all
  EXPECT_EQ(prepareData(spec).train.rows(), 10);
  spec.trainLimit = -1;
  EXPECT_THAT(specError([&] { prepareData(spec); }),
              HasSubstr("data setting 'train_limit' (training images to use) must be 0 (all) or "
                        "more, got -1"));
}

TEST(AugmentCodegen, BothScriptsSayTheyTrainOnTheDataAsItIs) {
  CodeInput in;
  in.data.generator = "spiral";
  in.network = makeSpec(2, {8}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
  in.training.loss = LossId::Bce;
  in.shape.task = Task::Classification;
  in.shape.classes = 2;
  in.shape.rawInputs = 2;
  const std::string sentence =
      "nnplay augmented the training data (jitter=0.1) on the fly; this script trains on the "
      "data as it is";
  for (CodeFramework f : {CodeFramework::Keras, CodeFramework::PyTorch}) {
    const GeneratedCode plain = generateCode(in, f);
    for (const std::string& d : plain.differences) EXPECT_THAT(d, Not(HasSubstr("augmented")));
    CodeInput augmented = in;
    augmented.training.augment.jitter = 0.1f;
    const GeneratedCode code = generateCode(augmented, f);
    EXPECT_THAT(code.differences, ::testing::Contains(sentence)) << codeFrameworkName(f);
    EXPECT_THAT(code.text(), HasSubstr("nnplay augmented the training data (jitter=0.1)"));
  }
}

}  // namespace
}  // namespace nnplay
