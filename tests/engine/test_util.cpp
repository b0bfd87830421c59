#include "test_util.hpp"

#include "nnplay/random.hpp"

namespace nnplay::test {

RowMatrix randomMatrix(int rows, int cols, std::uint64_t seed, double lo, double hi) {
  Rng rng(seed);
  RowMatrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.uniform(lo, hi));
  return m;
}

}  // namespace nnplay::test
