#include "nnplay/matrix_playground.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {

// Reads rows of numbers: '[' and ']' group rows (the outer pair is optional),
// ';' or a newline ends a row, spaces and commas separate values.
class MatrixReader {
 public:
  MatrixReader(std::string_view text, std::string_view what) : text_(text), what_(what) {}

  SmallMatrix read() {
    std::vector<std::vector<double>> rows(1);
    int depth = 0;
    for (pos_ = 0; pos_ < text_.size();) {
      const char c = text_[pos_];
      if (c == '[') {
        if (++depth > 2) fail("a third '['; a matrix nests two deep at most");
        ++pos_;
      } else if (c == ']') {
        if (--depth < 0) fail("a ']' without its '['");
        if (!rows.back().empty()) rows.emplace_back();
        ++pos_;
      } else if (c == ';' || c == '\n') {
        if (!rows.back().empty()) rows.emplace_back();
        ++pos_;
      } else if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else {
        rows.back().push_back(number());
      }
    }
    if (depth != 0) fail("a '[' without its ']'");
    if (rows.back().empty()) rows.pop_back();
    if (rows.empty()) throw SpecError(std::string(what_) + " is empty");
    SmallMatrix m;
    m.rows = static_cast<int>(rows.size());
    m.cols = static_cast<int>(rows.front().size());
    if (m.rows > kMaxSmallMatrixSide || m.cols > kMaxSmallMatrixSide) {
      throw SpecError(std::string(what_) + " has more than " + std::to_string(kMaxSmallMatrixSide) +
                      " rows or columns");
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (static_cast<int>(rows[r].size()) != m.cols) {
        throw SpecError(std::string(what_) + ": row " + std::to_string(r + 1) + " has " +
                        std::to_string(rows[r].size()) + " values; row 1 has " +
                        std::to_string(m.cols));
      }
      m.values.insert(m.values.end(), rows[r].begin(), rows[r].end());
    }
    return m;
  }

 private:
  double number() {
    std::size_t end = pos_;
    while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                                  text_[end] == '.' || text_[end] == '-' || text_[end] == '+')) {
      ++end;
    }
    double v = 0.0;
    const char* first = text_.data() + pos_;
    const char* last = text_.data() + end;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (end == pos_ || ec != std::errc() || ptr != last || !std::isfinite(v)) {
      fail("'" + std::string(text_.substr(pos_, std::max<std::size_t>(end - pos_, 1))) +
           "' is not a number");
    }
    pos_ = end;
    return v;
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw SpecError(std::string(what_) + ", character " + std::to_string(pos_ + 1) + ": " + why);
  }

  std::string_view text_;
  std::string_view what_;
  std::size_t pos_ = 0;
};

std::string numberText(double v) {
  if (v == std::round(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

SmallMatrix parseMatrix(std::string_view text, std::string_view what) {
  return MatrixReader(text, what).read();
}

SmallMatrix multiply(const SmallMatrix& a, const SmallMatrix& b) {
  if (a.cols != b.rows) {
    throw SpecError("cannot multiply " + a.shape() + " by " + b.shape() + ": the first has " +
                    std::to_string(a.cols) + " columns, the second " + std::to_string(b.rows) +
                    " rows (they must be equal; the product would be " + std::to_string(a.rows) +
                    "×" + std::to_string(b.cols) + ")");
  }
  SmallMatrix c{a.rows, b.cols, std::vector<double>(static_cast<std::size_t>(a.rows * b.cols))};
  for (int i = 0; i < a.rows; ++i) {
    for (int j = 0; j < b.cols; ++j) {
      double s = 0.0;
      for (int k = 0; k < a.cols; ++k) s += a.at(i, k) * b.at(k, j);
      c.values[static_cast<std::size_t>(i * c.cols + j)] = s;
    }
  }
  return c;
}

SmallMatrix elementwise(const SmallMatrix& a, const SmallMatrix& b, ElementwiseOp op) {
  if (a.rows != b.rows || a.cols != b.cols) {
    throw SpecError("element-wise operations need equal shapes; got " + a.shape() + " and " +
                    b.shape());
  }
  SmallMatrix c = a;
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    const double x = a.values[i];
    const double y = b.values[i];
    c.values[i] =
        op == ElementwiseOp::Add ? x + y : (op == ElementwiseOp::Subtract ? x - y : x * y);
  }
  return c;
}

SmallMatrix applyActivation(const SmallMatrix& m, ActivationId id) {
  std::vector<float> z(m.values.begin(), m.values.end());
  std::vector<float> a(z.size());
  activation(id).forward(z.data(), a.data(), z.size(), static_cast<std::size_t>(m.cols));
  SmallMatrix out = m;
  for (std::size_t i = 0; i < a.size(); ++i) out.values[i] = a[i];
  return out;
}

std::string formatMatrix(const SmallMatrix& m) {
  std::string s = "[";
  for (int r = 0; r < m.rows; ++r) {
    s += r ? ", [" : "[";
    for (int c = 0; c < m.cols; ++c) s += (c ? ", " : "") + numberText(m.at(r, c));
    s += ']';
  }
  return s + ']';
}

std::string dotProductText(const SmallMatrix& a, const SmallMatrix& b, int row, int col) {
  const SmallMatrix c = multiply(a, b);
  if (row < 0 || row >= c.rows || col < 0 || col >= c.cols) {
    throw SpecError("the product is " + c.shape() + "; it has no cell (" + std::to_string(row + 1) +
                    ", " + std::to_string(col + 1) + ")");
  }
  std::string s;
  for (int k = 0; k < a.cols; ++k) {
    s += (k ? " + " : "") + numberText(a.at(row, k)) + "·" + numberText(b.at(k, col));
  }
  return s + " = " + numberText(c.at(row, col));
}

}  // namespace nnplay
