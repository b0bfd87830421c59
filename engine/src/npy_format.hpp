#pragma once
// NumPy's .npy format (version 1.0 written; 1.0, 2.0 and 3.0 read), as much of
// it as the model exports need: float32 and unicode arrays out; float32 and
// float64 arrays, C or Fortran order, in. Errors are DataErrors whose message
// is a predicate ("has shape (3,); ...") without a subject: callers prefix the
// path and the array's name.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nnplay::npy {

using Shape = std::vector<std::size_t>;

// The longest header read (numpy itself writes a few hundred bytes).
inline constexpr std::size_t kMaxHeaderBytes = 1 << 16;

// "(3, 4)", "(3,)", "()": how NumPy prints shapes.
std::string shapeString(const Shape& shape);

// Requires: values.size() == product of shape (1 for a scalar shape {}).
// Guarantees: a complete .npy file of dtype '<f4' in C order.
std::string encodeFloats(const std::vector<float>& values, const Shape& shape);

// UTF-8 strings as a '<U' array (UTF-32LE, width of the longest, at least 1);
// invalid UTF-8 becomes U+FFFD. A scalar shape {} needs exactly one string.
std::string encodeStrings(const std::vector<std::string>& utf8, const Shape& shape);

struct Header {
  std::string descr;  // '<f4', '<f8', ...
  bool fortranOrder = false;
  Shape shape;
  std::size_t dataOffset = 0;  // where the data starts in the file
};

// Parses the magic, version and header dictionary at the start of `bytes`,
// which must hold at least the whole header. Throws DataError on anything
// malformed, including dimensions whose product exceeds 2^40.
Header parseHeader(std::string_view bytes);

// Bytes per element of a float dtype: 4 for '<f4', 8 for '<f8'; throws
// DataError naming the dtype otherwise.
std::size_t floatItemSize(const std::string& descr);

// Requires: h from parseHeader(file), file holding the whole array.
// Guarantees: the values in C order as float32, or a DataError when the data
// size does not match the header or a value is not finite.
std::vector<float> decodeFloats(std::string_view file, const Header& h);

}  // namespace nnplay::npy
