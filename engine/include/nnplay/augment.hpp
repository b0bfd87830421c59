#pragma once
// Data augmentation: random changes to each training batch, drawn afresh for
// every batch, so that a small training set looks larger to the network.
// Images: a random shift (whole pixels), a horizontal flip, a rotation, a zoom,
// a random crop resized back to the full image, and pixel noise. 2-D and table
// data: input jitter (Gaussian noise on the scaled inputs, the course's "noise"
// augmentation). Validation and test data are never augmented (the Trainer
// applies this to its training batches only).
//
// Why hand-written resampling instead of an image library (OpenCV's
// warpAffine): the images are 28x28, and flip, crop, rotation, zoom and shift
// compose into one inverse-mapped affine warp with bilinear interpolation, a
// few dozen lines (warpImage); OpenCV would add a ~100 MB dependency to every
// build and CI image for that, and its warpAffine rounds coordinates to 1/32
// pixel in fixed-point tables and SIMD paths that differ between its versions
// and builds, whereas here the numbers depend on the seed alone (and the
// compiler's float arithmetic), in every build and on every backend.
//
// Determinism: every draw comes from the Rng passed in; the Trainer makes one
// per step from streamSeed(seed, Stream::Augment) and the step counter, so the
// same seed gives the same augmented batches (and a resumed run goes on with
// the very batches it would have seen).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "nnplay/random.hpp"

namespace nnplay {

struct AugmentSettings {
  int shift = 0;        // ± whole pixels, in x and y independently (0 .. 8)
  bool flip = false;    // mirror left-right with probability 1/2
  float rotate = 0.0f;  // ± degrees (0 .. 45)
  float zoom = 0.0f;    // scale drawn from [1 - zoom, 1 + zoom] (0 .. 0.5)
  float crop = 0.0f;    // keep a random square window of (1 - c) of each side, c in [0, crop],
                        // resized back to the full image (0 .. 0.5)
  float noise = 0.0f;   // pixel noise standard deviation, pixels being 0 .. 1 (0 .. 0.5)
  float jitter = 0.0f;  // Gaussian noise std on 2-D/table inputs after scaling (0 .. 2)

  bool operator==(const AugmentSettings&) const = default;
  bool any() const { return anyImage() || jitter > 0.0f; }
  // Any of the image transforms (everything but jitter).
  bool anyImage() const {
    return shift > 0 || flip || rotate > 0.0f || zoom > 0.0f || crop > 0.0f || noise > 0.0f;
  }
};

// One row per setting: what --augment, the file format, error messages, --help
// and a window enumerate. get/set read and write the setting as a number
// (flip: 0 or 1).
struct AugmentOption {
  std::string_view name;   // "shift": --augment and files
  std::string_view label;  // "Shift": what a person reads
  double min;
  double max;
  std::string_view unit;  // "pixels", "degrees", or empty
  std::string_view help;  // one short sentence
  bool integer;           // only whole numbers (shift, flip)
  bool image;             // applies to images only (all but jitter)
  double (*get)(const AugmentSettings&);
  void (*set)(AugmentSettings&, double);
};
std::span<const AugmentOption> augmentOptions();
const AugmentOption& augmentOptionByName(std::string_view name);  // throws SpecError
std::string augmentNames();                                       // "shift, flip, ..."

// Throws SpecError naming the setting and its allowed range:
// "augmentation setting 'rotate' must be from 0 to 45 degrees, got 90".
void validate(const AugmentSettings& s);

// Parses "shift=2,flip=1,rotate=10,zoom=0.1,noise=0.05" (any order, each name
// at most once; spaces around items are ignored). "" and "none" mean no
// augmentation. Throws SpecError for an unknown name (listing the known
// ones), a missing or malformed number, a name given twice, or a value out of
// range (with the range).
AugmentSettings parseAugment(std::string_view text);
// The text parseAugment reads back to the same settings: the non-zero
// settings in table order, or "none".
std::string formatAugment(const AugmentSettings& s);

// ---- the transforms --------------------------------------------------------
// Images are rows x cols floats, row-major (row 0 at the top). `in` may be
// `out` (the image is changed in place); they must not overlap otherwise.
// All may run on several threads at once.

// Mirrors the image left-right.
void flipImage(const float* in, float* out, int rows, int cols);

// One affine warp, applied in this order (forward): mirror left-right (flip),
// crop the window [cropLeft, cropLeft + cropWidth) x [cropTop, cropTop +
// cropHeight) (in pixel edges: pixel i covers [i, i + 1)) and resize it to the
// full image, rotate by `degrees` counter-clockwise as displayed and scale by
// `scale` (> 1 enlarges) around the image centre, then move by (dx, dy) pixels
// (right, down). Sampled by inverse mapping with bilinear interpolation; what
// comes from outside the image is 0 (the background). The defaults are the
// identity, and an identity warp (or a whole-pixel shift) returns the pixels
// exactly. A scale of 0 leaves only background.
struct ImageWarp {
  bool flip = false;
  float cropLeft = 0.0f;
  float cropTop = 0.0f;
  float cropWidth = 0.0f;  // 0: the whole width
  float cropHeight = 0.0f;
  float degrees = 0.0f;
  float scale = 1.0f;
  float dx = 0.0f;
  float dy = 0.0f;
};
void warpImage(const float* in, float* out, int rows, int cols, const ImageWarp& w);
// Rotation, scale and shift around the centre (warpImage without flip or crop).
void warpAffine(const float* in, float* out, int rows, int cols, float degrees, float scale,
                float dx, float dy);
// The window [left, left + width) x [top, top + height) resized to rows x cols.
void cropResize(const float* in, float* out, int rows, int cols, float left, float top, float width,
                float height);
// Adds noise of standard deviation `stddev` to each of the n values, without
// clipping (like Keras's GaussianNoise: clipping at 0 would brighten the black
// background on average). The noise is the standardized sum of the eight
// bytes of one 64-bit draw: exact mean and variance, a distribution function
// within 0.004 of the Gaussian's (tails end at 4.9 standard deviations), and
// several times cheaper than Box-Muller, which matters at 47 million values
// an epoch of Fashion-MNIST.
void addNoise(float* x, std::size_t n, float stddev, Rng& rng);

// The warp augmentImage draws: each enabled setting drawn independently
// (shift whole pixels uniform in [-shift, shift], flip with probability 1/2,
// angle uniform in [-rotate, rotate], scale uniform in [1 - zoom, 1 + zoom],
// crop side fraction uniform in [1 - crop, 1] at a uniform position).
ImageWarp randomWarp(const AugmentSettings& s, int rows, int cols, Rng& rng);
// One random combination of the image settings: the drawn warp, then noise.
// Requires a valid s.
void augmentImage(const float* in, float* out, int rows, int cols, const AugmentSettings& s,
                  Rng& rng);
// augmentImage on each of batchRows flattened images in place (x holds
// batchRows x (imageRows * imageCols) floats). Draws one value from rng and
// gives each image its own generator from it and the image's position, so the
// result does not depend on the order the images are done in.
void augmentBatch(float* x, int batchRows, int imageRows, int imageCols, const AugmentSettings& s,
                  Rng& rng);
// Input jitter: adds noise of standard deviation `stddev` to the n values
// (addNoise's generator).
void jitterBatch(float* x, std::size_t n, float stddev, Rng& rng);

// The image shape the Trainer needs to augment images (PreparedData's
// imageRows and imageCols); {0, 0} for data that is not images.
struct ImageShape {
  int rows = 0;
  int cols = 0;
  bool operator==(const ImageShape&) const = default;
  bool isImage() const { return rows > 0 && cols > 0; }
};

}  // namespace nnplay
