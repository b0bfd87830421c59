#include "npy_format.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "nnplay/csv_table.hpp"  // DataError

namespace nnplay::npy {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kMaxElements = std::size_t{1} << 40;

std::size_t product(const Shape& shape) {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

void putU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
}

std::uint64_t getLe(std::string_view b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)])} << (8 * i);
  }
  return v;
}

// Magic, version 1.0 and the header dictionary padded with spaces and a
// newline so that the data starts on a 64-byte boundary, as NumPy does.
std::string header(const std::string& descr, const Shape& shape) {
  std::string dict =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeString(shape) + ", }";
  const std::size_t unpadded = kMagic.size() + 4 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict.push_back('\n');
  std::string out(kMagic);
  out.push_back('\x01');
  out.push_back('\x00');
  out.push_back(static_cast<char>(dict.size() & 0xFFu));
  out.push_back(static_cast<char>(dict.size() >> 8));
  return out + dict;
}

// Decodes UTF-8 into code points, replacing malformed sequences with U+FFFD.
std::u32string decodeUtf8(std::string_view s) {
  std::u32string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80           ? 0
                : (c >> 5) == 0x6  ? 1
                : (c >> 4) == 0xE  ? 2
                : (c >> 3) == 0x1E ? 3
                                   : -1;
    char32_t cp = extra == 0   ? c
                  : extra == 1 ? (c & 0x1Fu)
                  : extra == 2 ? (c & 0x0Fu)
                               : (c & 0x07u);
    bool ok = extra >= 0 && i + static_cast<std::size_t>(extra) < s.size();
    for (int k = 1; ok && k <= extra; ++k) {
      const auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      ok = (d >> 6) == 0x2;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= kMin[extra < 0 ? 0 : extra] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    out.push_back(ok ? cp : U'\uFFFD');
    i += ok ? static_cast<std::size_t>(extra) + 1 : 1;
  }
  return out;
}

// A tiny reader for the Python literal NumPy writes as the header.
class DictReader {
 public:
  explicit DictReader(std::string_view s) : s_(s) {}
  void skipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n')) ++i_;
  }
  bool accept(char c) {
    skipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }
  std::string quoted() {
    skipSpace();
    if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"')) fail("expected a quoted string");
    const char q = s_[i_++];
    const std::size_t end = s_.find(q, i_);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string v(s_.substr(i_, end - i_));
    i_ = end + 1;
    return v;
  }
  bool boolean() {
    skipSpace();
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
      const std::string_view w(word);
      if (s_.substr(i_, w.size()) == w) {
        i_ += w.size();
        return value;
      }
    }
    fail("expected True or False");
  }
  std::size_t integer() {
    skipSpace();
    std::size_t v = 0;
    const std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      v = v * 10 + static_cast<std::size_t>(s_[i_++] - '0');
      if (v > kMaxElements) fail("dimension too large");
    }
    if (i_ == start) fail("expected a dimension");
    return v;
  }
  Shape shape() {
    expect('(');
    Shape shape;
    while (!accept(')')) {
      shape.push_back(integer());
      if (shape.size() > 32) fail("too many dimensions");
      if (!accept(',')) {
        expect(')');
        break;
      }
    }
    std::size_t n = 1;
    for (std::size_t d : shape) {
      if (d != 0 && n > kMaxElements / d) fail("too many elements");
      n *= d;
    }
    return shape;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw DataError("has a malformed .npy header (" + what + " at offset " + std::to_string(i_) +
                    ")");
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string shapeString(const Shape& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    s += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return s + (shape.size() == 1 ? ",)" : ")");
}

std::string encodeFloats(const std::vector<float>& values, const Shape& shape) {
  std::string out = header("<f4", shape);
  out.reserve(out.size() + 4 * values.size());
  for (float v : values) putU32(out, std::bit_cast<std::uint32_t>(v));
  return out;
}

std::string encodeStrings(const std::vector<std::string>& utf8, const Shape& shape) {
  std::vector<std::u32string> cps;
  std::size_t width = 1;
  for (const std::string& s : utf8) {
    cps.push_back(decodeUtf8(s));
    width = std::max(width, cps.back().size());
  }
  std::string out = header("<U" + std::to_string(width), shape);
  for (const std::u32string& s : cps) {
    for (std::size_t i = 0; i < width; ++i) putU32(out, i < s.size() ? s[i] : 0);
  }
  return out;
}

Header parseHeader(std::string_view b) {
  if (b.size() < 10 || b.substr(0, kMagic.size()) != kMagic) {
    throw DataError("is not a .npy array (no \\x93NUMPY magic)");
  }
  const auto major = static_cast<unsigned char>(b[6]);
  if (major < 1 || major > 3) {
    throw DataError("has .npy version " + std::to_string(major) + ", which is not supported");
  }
  const std::size_t lenBytes = major == 1 ? 2 : 4;
  if (b.size() < 8 + lenBytes) throw DataError("has a truncated .npy header");
  const std::uint64_t len = getLe(b, 8, static_cast<int>(lenBytes));
  const std::size_t start = 8 + lenBytes;
  if (len > kMaxHeaderBytes) throw DataError("has a .npy header longer than 64 KiB");
  if (b.size() < start + len) throw DataError("has a truncated .npy header");

  Header h;
  h.dataOffset = start + static_cast<std::size_t>(len);
  DictReader r(b.substr(start, static_cast<std::size_t>(len)));
  bool seen[3] = {false, false, false};
  r.expect('{');
  while (!r.accept('}')) {
    const std::string key = r.quoted();
    r.expect(':');
    if (key == "descr") {
      h.descr = r.quoted();
      seen[0] = true;
    } else if (key == "fortran_order") {
      h.fortranOrder = r.boolean();
      seen[1] = true;
    } else if (key == "shape") {
      h.shape = r.shape();
      seen[2] = true;
    } else {
      r.fail("unexpected key '" + key + "'");
    }
    if (!r.accept(',')) {
      r.expect('}');
      break;
    }
  }
  if (!seen[0] || !seen[1] || !seen[2]) r.fail("needs descr, fortran_order and shape");
  return h;
}

std::size_t floatItemSize(const std::string& descr) {
  if (descr == "<f4") return 4;
  if (descr == "<f8") return 8;
  throw DataError("has dtype '" + descr + "', not float32 ('<f4') or float64 ('<f8')");
}

std::vector<float> decodeFloats(std::string_view file, const Header& h) {
  const std::size_t item = floatItemSize(h.descr);
  const std::size_t n = product(h.shape);
  if (file.size() < h.dataOffset || file.size() - h.dataOffset != n * item) {
    throw DataError("holds " + std::to_string(file.size() - std::min(file.size(), h.dataOffset)) +
                    " bytes; shape " + shapeString(h.shape) + " of " + h.descr + " needs " +
                    std::to_string(n * item));
  }
  // Fortran order only matters for 2-D arrays: element (i, j) sits at j * rows + i.
  const bool transpose = h.fortranOrder && h.shape.size() == 2;
  const std::size_t rows = transpose ? h.shape[0] : 1;
  const std::size_t cols = transpose ? h.shape[1] : 1;
  std::vector<float> out(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t at = h.dataOffset + k * item;
    const double v =
        item == 4 ? double{std::bit_cast<float>(static_cast<std::uint32_t>(getLe(file, at, 4)))}
                  : std::bit_cast<double>(getLe(file, at, 8));
    if (!std::isfinite(v) || std::abs(v) > double{std::numeric_limits<float>::max()}) {
      throw DataError("holds a non-finite value (" + std::to_string(v) + ") at flat index " +
                      std::to_string(k));
    }
    out[transpose ? (k % rows) * cols + k / rows : k] = static_cast<float>(v);
  }
  return out;
}

}  // namespace nnplay::npy
