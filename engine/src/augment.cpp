#include "nnplay/augment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <utility>
#include <vector>

#include "nnplay/error.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

constexpr std::array kOptions = {
    AugmentOption{"shift", "Shift", 0, 8, "pixels",
                  "moves each image by up to this many whole pixels in x and y", true, true,
                  [](const AugmentSettings& s) { return static_cast<double>(s.shift); },
                  [](AugmentSettings& s, double v) { s.shift = static_cast<int>(v); }},
    AugmentOption{"flip", "Horizontal flip", 0, 1, "", "1: mirrors half the images left-right",
                  true, true, [](const AugmentSettings& s) { return s.flip ? 1.0 : 0.0; },
                  [](AugmentSettings& s, double v) { s.flip = v != 0.0; }},
    AugmentOption{"rotate", "Rotation", 0, 45, "degrees", "rotates by up to this many degrees",
                  false, true, [](const AugmentSettings& s) { return double{s.rotate}; },
                  [](AugmentSettings& s, double v) { s.rotate = static_cast<float>(v); }},
    AugmentOption{"zoom", "Zoom", 0, 0.5, "", "scales by a factor from 1 - zoom to 1 + zoom", false,
                  true, [](const AugmentSettings& s) { return double{s.zoom}; },
                  [](AugmentSettings& s, double v) { s.zoom = static_cast<float>(v); }},
    AugmentOption{"crop", "Random crop", 0, 0.5, "",
                  "crops a window of 1 - crop to 1 of each side and resizes it back", false, true,
                  [](const AugmentSettings& s) { return double{s.crop}; },
                  [](AugmentSettings& s, double v) { s.crop = static_cast<float>(v); }},
    AugmentOption{"noise", "Pixel noise", 0, 0.5, "",
                  "adds Gaussian noise of this standard deviation to the pixels (0 to 1)", false,
                  true, [](const AugmentSettings& s) { return double{s.noise}; },
                  [](AugmentSettings& s, double v) { s.noise = static_cast<float>(v); }},
    AugmentOption{"jitter", "Input jitter", 0, 2, "",
                  "adds Gaussian noise of this standard deviation to 2-D and table inputs "
                  "(after scaling)",
                  false, false, [](const AugmentSettings& s) { return double{s.jitter}; },
                  [](AugmentSettings& s, double v) { s.jitter = static_cast<float>(v); }},
};

// The shortest %g text that reads back as the same float.
std::string number(double v) {
  char buf[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtof(buf, nullptr) == static_cast<float>(v)) break;
  }
  return buf;
}

std::string rangeText(const AugmentOption& o) {
  if (o.min == 0.0 && o.max == 1.0 && o.integer) return "0 or 1";
  std::string r = std::string(o.integer ? "a whole number " : "") + "from " + number(o.min) +
                  " to " + number(o.max);
  if (!o.unit.empty()) r += " " + std::string(o.unit);
  return r;
}

void check(const AugmentOption& o, double v) {
  const bool ok =
      std::isfinite(v) && v >= o.min && v <= o.max && (!o.integer || v == std::floor(v));
  if (!ok) {
    throw SpecError("augmentation setting '" + std::string(o.name) + "' must be " + rangeText(o) +
                    ", got " + number(v));
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// src = (a x + b y + c, d x + e y + f) for an output pixel (x, y), in pixel
// centre coordinates (pixel i is at i).
struct InverseMap {
  double a, b, c, d, e, f;
};

InverseMap inverseMap(const ImageWarp& w, int rows, int cols) {
  const double W = cols, H = rows;
  const double cx = (W - 1) / 2, cy = (H - 1) / 2;
  const double rad = double{w.degrees} * std::numbers::pi / 180.0;
  const double cs = std::cos(rad), sn = std::sin(rad);
  const double k = 1.0 / double{w.scale};
  // Undo the shift, then the rotation and scale around the centre: a
  // counter-clockwise turn on the screen (y down) maps (u, v) to
  // (c u + s v, -s u + c v), so its inverse is (c u - s v, s u + c v).
  const double ox = -double{w.dx} - cx, oy = -double{w.dy} - cy;
  InverseMap m{k * cs, -k * sn, cx + k * (cs * ox - sn * oy),
               k * sn, k * cs,  cy + k * (sn * ox + cs * oy)};
  // Undo the crop-and-resize: output pixel p of the resized window came from
  // left + (p + 0.5) * width / W - 0.5 (pixel edges to centres).
  const double sx = w.cropWidth > 0.0f ? w.cropWidth / W : 1.0;
  const double sy = w.cropHeight > 0.0f ? w.cropHeight / H : 1.0;
  m = {m.a * sx, m.b * sx, (m.c + 0.5) * sx + w.cropLeft - 0.5,
       m.d * sy, m.e * sy, (m.f + 0.5) * sy + w.cropTop - 0.5};
  if (w.flip) m = {-m.a, -m.b, (W - 1) - m.c, m.d, m.e, m.f};
  return m;
}

// Standard normal-like value from 64 random bits: the sum of the eight bytes
// (mean 1020, variance 8 (256^2 - 1) / 12), standardized.
inline float byteSumNormal(std::uint64_t r) {
  constexpr std::uint64_t kLow = 0x00FF00FF00FF00FFull;
  std::uint64_t s = (r & kLow) + ((r >> 8) & kLow);  // four 16-bit sums of two bytes
  s = (s * 0x0001000100010001ull) >> 48;             // their total, in the top 16 bits
  constexpr float kScale = 0.0047841962f;            // 1 / sqrt(43690)
  return (static_cast<float>(s) - 1020.0f) * kScale;
}

// std::floor for |v| < 2^31, in a form the compiler vectorizes (std::floor
// is not, unless floating-point traps are off).
inline float floorOf(float v) {
  const auto t = static_cast<float>(static_cast<int>(v));
  return t > v ? t - 1.0f : t;
}

}  // namespace

std::span<const AugmentOption> augmentOptions() {
  return kOptions;
}

const AugmentOption& augmentOptionByName(std::string_view name) {
  return detail::findByName(augmentOptions(), name, "augmentation");
}

std::string augmentNames() {
  return detail::joinNames(augmentOptions());
}

void validate(const AugmentSettings& s) {
  for (const AugmentOption& o : kOptions) check(o, o.get(s));
}

AugmentSettings parseAugment(std::string_view text) {
  AugmentSettings s;
  text = trim(text);
  if (text.empty() || text == "none") return s;
  std::array<bool, kOptions.size()> seen{};
  const std::string whole(text);
  for (bool more = true; more;) {
    const std::size_t comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    more = comma != std::string_view::npos;
    if (more) text.remove_prefix(comma + 1);
    if (item.empty()) {
      throw SpecError("augmentation '" + whole +
                      "' has an empty setting; write name=value pairs separated by commas");
    }
    const std::size_t eq = item.find('=');
    const std::string_view name = trim(item.substr(0, eq));
    const AugmentOption& o = augmentOptionByName(name);
    const std::size_t index = static_cast<std::size_t>(&o - kOptions.data());
    if (seen[index])
      throw SpecError("augmentation setting '" + std::string(name) + "' is given twice");
    seen[index] = true;
    const std::string value =
        eq == std::string_view::npos ? std::string() : std::string(trim(item.substr(eq + 1)));
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0') {
      throw SpecError("augmentation setting '" + std::string(name) +
                      "' needs a number (name=value), got '" + std::string(item) + "'");
    }
    check(o, v);
    o.set(s, v);
  }
  return s;
}

std::string formatAugment(const AugmentSettings& s) {
  std::string t;
  for (const AugmentOption& o : kOptions) {
    const double v = o.get(s);
    if (v == 0.0) continue;
    if (!t.empty()) t += ',';
    t.append(o.name).append("=").append(number(v));
  }
  return t.empty() ? "none" : t;
}

void flipImage(const float* in, float* out, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    const float* src = in + static_cast<std::ptrdiff_t>(r) * cols;
    float* dst = out + static_cast<std::ptrdiff_t>(r) * cols;
    for (int a = 0, b = cols - 1; a <= b; ++a, --b) {  // in place too
      const float left = src[a];
      dst[a] = src[b];
      dst[b] = left;
    }
  }
}

void warpImage(const float* in, float* out, int rows, int cols, const ImageWarp& w) {
  const InverseMap m = inverseMap(w, rows, cols);
  const auto a = static_cast<float>(m.a), b = static_cast<float>(m.b);
  const auto c = static_cast<float>(m.c), d = static_cast<float>(m.d);
  const auto e = static_cast<float>(m.e), f = static_cast<float>(m.f);
  if (!(std::isfinite(a) && std::isfinite(b) && std::isfinite(c) && std::isfinite(d) &&
        std::isfinite(e) && std::isfinite(f))) {  // a scale of 0: nothing of the image is left
    std::fill(out, out + static_cast<std::ptrdiff_t>(rows) * cols, 0.0f);
    return;
  }
  // A copy framed by one pixel of background, so that every sample inside
  // (-1, cols) x (-1, rows) finds its four neighbours without a bounds check,
  // and out may be in. Kept per thread: no allocation per image.
  // Its frame stays 0 from one image to the next of the same shape.
  thread_local std::vector<float> framed;
  thread_local std::pair<int, int> framedShape{0, 0};
  const int stride = cols + 2;
  if (framedShape != std::pair{rows, cols}) {
    framed.assign(static_cast<std::size_t>(rows + 2) * static_cast<std::size_t>(stride), 0.0f);
    framedShape = {rows, cols};
  }
  for (int y = 0; y < rows; ++y) {
    std::memcpy(framed.data() + static_cast<std::ptrdiff_t>(y + 1) * stride + 1,
                in + static_cast<std::ptrdiff_t>(y) * cols, static_cast<std::size_t>(cols) * 4);
  }
  const float* origin = framed.data() + stride + 1;  // origin[y * stride + x] = in(y, x)
  const auto fcols = static_cast<float>(cols), frows = static_cast<float>(rows);
  // A row in chunks: first where each sample falls, in blocks of kBlock
  // (a loop the compiler vectorizes whole; the lanes past the row are
  // computed and not used), then the four reads and the lerps.
  constexpr int kChunk = 64, kBlock = 16;
  std::array<int, kChunk> at;
  std::array<float, kChunk> wx, wy;
  for (int y = 0; y < rows; ++y) {
    const float rowX = b * static_cast<float>(y) + c;
    const float rowY = e * static_cast<float>(y) + f;
    float* dst = out + static_cast<std::ptrdiff_t>(y) * cols;
    for (int x0 = 0; x0 < cols; x0 += kChunk) {
      const int n = std::min(kChunk, cols - x0);
      for (int block = 0; block < n; block += kBlock) {
        for (int k = block; k < block + kBlock; ++k) {
          const float ux = a * static_cast<float>(x0 + k) + rowX;
          const float uy = d * static_cast<float>(x0 + k) + rowY;
          // No neighbour inside: sample the frame's corner (-1, -1), background.
          // Written as arithmetic on a 0/1 mask, which the compiler vectorizes.
          const float inside =
              ((ux > -1.0f) & (ux < fcols) & (uy > -1.0f) & (uy < frows)) ? 1.0f : 0.0f;
          const float sx = inside * ux + (inside - 1.0f);
          const float sy = inside * uy + (inside - 1.0f);
          const float left = floorOf(sx), up = floorOf(sy);
          wx[k] = sx - left;
          wy[k] = sy - up;
          at[k] = static_cast<int>(up) * stride + static_cast<int>(left);
        }
      }
      for (int k = 0; k < n; ++k) {
        const float* p = origin + at[k];
        // Lerps: a whole-pixel position (fraction 0) returns the pixel exactly.
        const float top = p[0] + wx[k] * (p[1] - p[0]);
        const float bottom = p[stride] + wx[k] * (p[stride + 1] - p[stride]);
        dst[x0 + k] = top + wy[k] * (bottom - top);
      }
    }
  }
}

void warpAffine(const float* in, float* out, int rows, int cols, float degrees, float scale,
                float dx, float dy) {
  ImageWarp w;
  w.degrees = degrees;
  w.scale = scale;
  w.dx = dx;
  w.dy = dy;
  warpImage(in, out, rows, cols, w);
}

void cropResize(const float* in, float* out, int rows, int cols, float left, float top, float width,
                float height) {
  ImageWarp w;
  w.cropLeft = left;
  w.cropTop = top;
  w.cropWidth = width;
  w.cropHeight = height;
  warpImage(in, out, rows, cols, w);
}

void addNoise(float* x, std::size_t n, float stddev, Rng& rng) {
  // One draw from rng; the values from a counter hash of it (splitmix64),
  // which the compiler keeps in registers.
  const std::uint64_t base = rng.next();
  for (std::size_t i = 0; i < n; ++i) x[i] += stddev * byteSumNormal(mix64(base + i));
}

ImageWarp randomWarp(const AugmentSettings& s, int rows, int cols, Rng& rng) {
  ImageWarp w;
  if (s.shift > 0) {
    const auto span = static_cast<std::uint64_t>(2 * s.shift + 1);
    w.dx = static_cast<float>(static_cast<int>(rng.below(span)) - s.shift);
    w.dy = static_cast<float>(static_cast<int>(rng.below(span)) - s.shift);
  }
  if (s.flip) w.flip = (rng.next() >> 63) != 0;
  if (s.rotate > 0.0f) w.degrees = static_cast<float>(rng.uniform(-s.rotate, s.rotate));
  if (s.zoom > 0.0f) w.scale = static_cast<float>(rng.uniform(1.0 - s.zoom, 1.0 + s.zoom));
  if (s.crop > 0.0f) {
    const double keep = rng.uniform(1.0 - s.crop, 1.0);
    w.cropWidth = static_cast<float>(keep * cols);
    w.cropHeight = static_cast<float>(keep * rows);
    w.cropLeft = static_cast<float>(rng.uniform() * (cols - w.cropWidth));
    w.cropTop = static_cast<float>(rng.uniform() * (rows - w.cropHeight));
  }
  return w;
}

void augmentImage(const float* in, float* out, int rows, int cols, const AugmentSettings& s,
                  Rng& rng) {
  const std::size_t size = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  if (s.shift > 0 || s.flip || s.rotate > 0.0f || s.zoom > 0.0f || s.crop > 0.0f) {
    warpImage(in, out, rows, cols, randomWarp(s, rows, cols, rng));
  } else if (in != out) {
    std::memcpy(out, in, size * sizeof(float));
  }
  if (s.noise > 0.0f) {
    addNoise(out, size, s.noise, rng);
  }
}

void augmentBatch(float* x, int batchRows, int imageRows, int imageCols, const AugmentSettings& s,
                  Rng& rng) {
  const std::size_t size =
      static_cast<std::size_t>(imageRows) * static_cast<std::size_t>(imageCols);
  const std::uint64_t batchSeed = rng.next();
  // Each image has its own generator: the result does not depend on the
  // order the images are done in. One thread: on a machine whose cores are
  // busy, a parallel loop per batch waits for its slowest thread (measured
  // ten times slower on a shared 2-core machine), and training is already
  // parallel inside the matrix products.
  for (int r = 0; r < batchRows; ++r) {
    float* image = x + static_cast<std::size_t>(r) * size;
    Rng own(mix64(batchSeed ^ mix64(static_cast<std::uint64_t>(r))));
    augmentImage(image, image, imageRows, imageCols, s, own);
  }
}

void jitterBatch(float* x, std::size_t n, float stddev, Rng& rng) {
  if (stddev > 0.0f) addNoise(x, n, stddev, rng);
}

}  // namespace nnplay
