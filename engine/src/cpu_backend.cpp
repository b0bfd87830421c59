#include "nnplay/cpu_backend.hpp"

#include <Eigen/Core>
#if defined(__SSE__) || defined(__AVX__)
#include <immintrin.h>
#endif
#include <algorithm>
#include <atomic>
#include <cmath>
#include <new>
#include <utility>
#include <vector>

#include "nnplay/random.hpp"
#include "worker_pool.hpp"

namespace nnplay {

namespace {

using std::size_t;
using Mat = Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
using Arr = Eigen::Map<Eigen::ArrayXf>;
using CArr = Eigen::Map<const Eigen::ArrayXf>;

// Host memory aligned to a cache line, so that 8-float loads at 8-float
// offsets never straddle two lines (with malloc's 16-byte alignment the speed
// of the small kernels varied by a third from one process to the next).
class HostBuffer final : public DeviceBuffer {
 public:
  static constexpr size_t kAlign = 64;
  explicit HostBuffer(size_t n)
      : DeviceBuffer(n),
        data_(static_cast<float*>(
            ::operator new[](std::max<size_t>(n, 1) * sizeof(float), std::align_val_t{kAlign}))) {
    std::fill(data_, data_ + n, 0.0f);
  }
  ~HostBuffer() override { ::operator delete[](data_, std::align_val_t{kAlign}); }
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  float* data() { return data_; }

 private:
  float* data_;
};

Arr arr(View v, size_t n) {
  return Arr(CpuBackend::data(v), static_cast<Eigen::Index>(n));
}

// Below this many multiply-adds a product runs as plain loops: Eigen's GEMM
// packs and blocks, which costs more than the arithmetic at TF Playground
// sizes (a 10 x 8 batch through an 8 x 8 layer).
constexpr long kSmallGemm = 24 * 24 * 24;
// Skinny products (one side narrow, like 10,000 grid points through an
// 8-neuron layer) also stay on the register-blocked loops: Eigen's parallel
// GEMM spends most of its time synchronizing threads on them.
constexpr int kNarrow = 48;

bool useSmallKernel(int m, int n, int k) {
  const int narrow = (m < kNarrow) + (n < kNarrow) + (k < kNarrow);
  return static_cast<long>(m) * n * k <= kSmallGemm || narrow >= 2 || std::min({m, n, k}) < 8;
}

// [begin, end) of part i of n items in `parts` parts, on multiples of `align`.
std::pair<int, int> share(int n, int i, int parts, int align) {
  const int units = (n + align - 1) / align;
  const int b = std::min(n, units * i / parts * align);
  const int e = std::min(n, units * (i + 1) / parts * align);
  return {b, e};
}

// Products and updates at least this large are split across the pool.
constexpr long kParallelGemm = 1L << 20;           // multiply-adds
constexpr std::size_t kParallelUpdate = 1U << 15;  // parameters

// Element-wise passes over at least this many values are split across the
// pool (by whole rows, so that row-wise functions like softmax split too).
constexpr std::size_t kParallelElementwise = 1U << 14;

int elementwiseParts(std::size_t count) {
  return count >= kParallelElementwise ? WorkerPool::instance().threads() : 1;
}

constexpr int kLanes = 8;  // one AVX register of floats
using Lane = Eigen::Array<float, kLanes, 1>;

// C = alpha * op(A) * B + beta * C for a row-major B [k x n]. Each row of C is
// built eight columns at a time in a fixed-size accumulator the compiler keeps
// in one vector register, so the cost is about one FMA per (row, p, chunk);
// op(A)(i, p) is a scalar broadcast, strided or not.
// op(A)(i, p) for a packed A that is [m x k], or [k x m] when transposed.
template <bool transA>
inline float opA(const float* a, int m, int k, int i, int p) {
  return transA ? a[static_cast<size_t>(p) * m + i] : a[static_cast<size_t>(i) * k + p];
}

struct SmallGemmArgs {
  int m, n, k;
  float alpha, beta;
  const float* a;
  const float* b;  // row-major [k x n]
  float* c;
  const float* bias;  // optional, added to every row of C
};

// R rows of C at a time: R independent accumulator chains hide the FMA
// latency, and each chunk of B is loaded once for R rows (R <= 8 keeps the
// accumulators and the chunk of B in the 16 vector registers).
template <bool transA, int R>
void smallGemmRows(const SmallGemmArgs g, const int i0) {
  const int n = g.n;
  const int k = g.k;
  int j0 = 0;
  for (; j0 + kLanes <= n; j0 += kLanes) {
    Lane acc[R];
    for (int r = 0; r < R; ++r) {
      if (g.bias) {
        acc[r] = Eigen::Map<const Lane>(g.bias + j0);
      } else {
        acc[r].setZero();
      }
    }
    for (int p = 0; p < k; ++p) {
      const Lane bp = Eigen::Map<const Lane>(g.b + static_cast<size_t>(p) * n + j0);
      for (int r = 0; r < R; ++r) acc[r] += opA<transA>(g.a, g.m, k, i0 + r, p) * bp;
    }
    for (int r = 0; r < R; ++r) {
      Eigen::Map<Lane> out(g.c + static_cast<size_t>(i0 + r) * n + j0);
      if (g.beta == 0.0f) {
        out = g.alpha * acc[r];
      } else {
        out = g.alpha * acc[r] + g.beta * out;
      }
    }
  }
  const int rest = n - j0;
  for (int r = 0; r < R && rest > 0; ++r) {
    float* ci = g.c + static_cast<size_t>(i0 + r) * n;
    float acc[kLanes] = {};
    if (g.bias) std::copy(g.bias + j0, g.bias + n, acc);
    for (int p = 0; p < k; ++p) {
      const float av = opA<transA>(g.a, g.m, k, i0 + r, p);
      const float* bp = g.b + static_cast<size_t>(p) * n + j0;
      for (int q = 0; q < rest; ++q) acc[q] += av * bp[q];
    }
    for (int q = 0; q < rest; ++q) {
      ci[j0 + q] = g.alpha * acc[q] + (g.beta == 0.0f ? 0.0f : g.beta * ci[j0 + q]);
    }
  }
}

// C = alpha * op(A) * B + beta * C for a row-major B [k x n], plus an optional
// bias row (only with alpha 1 and beta 0). Built eight columns at a time in
// fixed-size accumulators that live in vector registers.
template <bool transA>
void smallGemmRowMajorB(int m, int n, int k, float alpha, const float* __restrict a,
                        const float* __restrict b, float beta, float* __restrict c,
                        const float* __restrict bias = nullptr) {
  if (n == 1) {
    // A matrix-vector product: vectorize along contiguous memory instead.
    const float b0 = bias ? bias[0] : 0.0f;
    const auto store = [=](int i, float v) {
      c[i] = alpha * v + (beta == 0.0f ? b0 : beta * c[i]);
    };
    if constexpr (transA) {  // C[i] = sum_p b[p] * A[p, i]: rows of A are contiguous
      int i0 = 0;
      for (; i0 + kLanes <= m; i0 += kLanes) {
        Lane acc = Lane::Zero();
        for (int p = 0; p < k; ++p) {
          acc += b[p] * Eigen::Map<const Lane>(a + static_cast<size_t>(p) * m + i0);
        }
        for (int q = 0; q < kLanes; ++q) store(i0 + q, acc[q]);
      }
      for (int i = i0; i < m; ++i) {
        float acc = 0.0f;
        for (int p = 0; p < k; ++p) acc += b[p] * a[static_cast<size_t>(p) * m + i];
        store(i, acc);
      }
    } else {  // C[i] = dot(A[i, :], b)
      for (int i = 0; i < m; ++i) {
        const float* ai = a + static_cast<size_t>(i) * k;
        int p0 = 0;
        float acc = 0.0f;
        if (k >= kLanes) {
          Lane v = Lane::Zero();
          for (; p0 + kLanes <= k; p0 += kLanes) {
            v += Eigen::Map<const Lane>(ai + p0) * Eigen::Map<const Lane>(b + p0);
          }
          acc = v.sum();
        }
        for (int p = p0; p < k; ++p) acc += ai[p] * b[p];
        store(i, acc);
      }
    }
    return;
  }
  const SmallGemmArgs g{m, n, k, alpha, beta, a, b, c, bias};
  // Eight rows keep eight independent FMA chains in flight: the loop is then
  // bound by FMA throughput rather than by its latency (k chained FMAs).
  int i = 0;
  for (; i + 8 <= m; i += 8) smallGemmRows<transA, 8>(g, i);
  if (i + 4 <= m) {
    smallGemmRows<transA, 4>(g, i);
    i += 4;
  }
  if (i + 2 <= m) {
    smallGemmRows<transA, 2>(g, i);
    i += 2;
  }
  if (i < m) smallGemmRows<transA, 1>(g, i);
}

// Transposes one 8 x 8 block: rows of `src` (stride ss) become columns of
// `dst` (stride ds). With AVX: the classic unpack/shuffle/permute sequence.
inline void transpose8x8(const float* __restrict src, size_t ss, float* __restrict dst, size_t ds) {
#ifdef __AVX__
  __m256 r[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * ss);
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  _mm256_storeu_ps(dst + 0 * ds, _mm256_permute2f128_ps(u0, u4, 0x20));
  _mm256_storeu_ps(dst + 1 * ds, _mm256_permute2f128_ps(u1, u5, 0x20));
  _mm256_storeu_ps(dst + 2 * ds, _mm256_permute2f128_ps(u2, u6, 0x20));
  _mm256_storeu_ps(dst + 3 * ds, _mm256_permute2f128_ps(u3, u7, 0x20));
  _mm256_storeu_ps(dst + 4 * ds, _mm256_permute2f128_ps(u0, u4, 0x31));
  _mm256_storeu_ps(dst + 5 * ds, _mm256_permute2f128_ps(u1, u5, 0x31));
  _mm256_storeu_ps(dst + 6 * ds, _mm256_permute2f128_ps(u2, u6, 0x31));
  _mm256_storeu_ps(dst + 7 * ds, _mm256_permute2f128_ps(u3, u7, 0x31));
#else
  for (size_t i = 0; i < 8; ++i) {
    for (size_t j = 0; j < 8; ++j) dst[j * ds + i] = src[i * ss + j];
  }
#endif
}

// t [k x n] = b^T for a packed b [n x k].
void transpose(const float* __restrict b, int n, int k, float* __restrict t) {
  const auto sn = static_cast<size_t>(n);
  const auto sk = static_cast<size_t>(k);
  int j0 = 0;
  for (; j0 + kLanes <= n; j0 += kLanes) {
    int p0 = 0;
    for (; p0 + kLanes <= k; p0 += kLanes) {
      transpose8x8(b + static_cast<size_t>(j0) * sk + p0, sk, t + static_cast<size_t>(p0) * sn + j0,
                   sn);
    }
    for (int j = j0; j < j0 + kLanes; ++j) {
      for (int p = p0; p < k; ++p)
        t[static_cast<size_t>(p) * sn + j] = b[static_cast<size_t>(j) * sk + p];
    }
  }
  for (int j = j0; j < n; ++j) {
    for (int p = 0; p < k; ++p)
      t[static_cast<size_t>(p) * sn + j] = b[static_cast<size_t>(j) * sk + p];
  }
}

void smallGemm(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, const float* b,
               float beta, float* c, std::vector<float>& bt) {
  const auto run = [&](const float* rowMajorB) {
    if (ta == Trans::Yes) {
      smallGemmRowMajorB<true>(m, n, k, alpha, a, rowMajorB, beta, c);
    } else {
      smallGemmRowMajorB<false>(m, n, k, alpha, a, rowMajorB, beta, c);
    }
  };
  // With one row or one column, B stored [n x k] is already B^T in memory.
  if (tb == Trans::No || k == 1 || n == 1) {
    run(b);
    return;
  }
  // B is stored [n x k]; transposing it (at most kSmallGemm values) is cheaper
  // than a strided inner loop.
  bt.resize(static_cast<size_t>(k) * n);
  float* __restrict t = bt.data();
  transpose(b, n, k, t);
  run(t);
}

}  // namespace

void CpuBackend::prepareThread() {
  thread_local bool prepared = false;
  if (prepared) return;
  prepared = true;
  flushDenormalsToZero();  // the pool's helpers do it when they start
  WorkerPool::instance();
}

int CpuBackend::threads() {
  return WorkerPool::instance().threads();
}

float* CpuBackend::data(View v) {
  return static_cast<HostBuffer*>(v.buffer)->data() + v.offset;
}

std::unique_ptr<DeviceBuffer> CpuBackend::allocate(size_t count) {
  return std::make_unique<HostBuffer>(count);
}

void CpuBackend::upload(const float* src, View dst, size_t count) {
  std::copy(src, src + count, data(dst));
}

void CpuBackend::download(View src, float* dst, size_t count) {
  const float* s = data(src);
  std::copy(s, s + count, dst);
}

void CpuBackend::fill(View dst, size_t count, float value) {
  std::fill(data(dst), data(dst) + count, value);
}

namespace {

// Gathers of at least this many values are split across the pool by rows.
constexpr std::size_t kParallelGather = 1U << 15;

template <class Gather>
void gatherInParallel(std::size_t rows, std::size_t cols, const Gather& gather) {
  WorkerPool& pool = WorkerPool::instance();
  const int parts = rows * cols >= kParallelGather ? pool.threads() : 1;
  pool.run(parts, [&](int i) {
    const auto [b, e] = share(static_cast<int>(rows), i, parts, 1);
    gather(static_cast<std::size_t>(b), static_cast<std::size_t>(e));
  });
}

}  // namespace

void CpuBackend::gatherRows(View src, int cols, std::span<const std::uint32_t> rows, View dst) {
  const float* s = data(src);
  float* d = data(dst);
  const auto c = static_cast<size_t>(cols);
  // Rows are a handful of floats at playground sizes: a loop beats memcpy calls.
  if (c == 1) {
    for (size_t r = 0; r < rows.size(); ++r) d[r] = s[rows[r]];
  } else if (c == 2) {
    for (size_t r = 0; r < rows.size(); ++r) {
      d[2 * r] = s[2 * size_t{rows[r]}];
      d[2 * r + 1] = s[2 * size_t{rows[r]} + 1];
    }
  } else {
    gatherInParallel(rows.size(), c, [&](size_t begin, size_t end) {
      for (size_t r = begin; r < end; ++r) std::copy_n(s + rows[r] * c, c, d + r * c);
    });
  }
}

void CpuBackend::uploadBytes(const std::uint8_t* src, View dst, size_t count) {
  std::copy(src, src + count, reinterpret_cast<std::uint8_t*>(data(dst)));
}

void CpuBackend::gatherRowsU8(View src, int cols, std::span<const std::uint32_t> rows, float scale,
                              View dst) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(data(src));
  float* d = data(dst);
  const auto c = static_cast<size_t>(cols);
  gatherInParallel(rows.size(), c, [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) {
      const std::uint8_t* from = s + rows[r] * c;
      float* to = d + r * c;
      for (size_t j = 0; j < c; ++j) to[j] = static_cast<float>(from[j]) * scale;
    }
  });
}

namespace {

// C = alpha * op(A) * op(B) + beta * C with Eigen's serial blocked product,
// or with `bias` (n values, alpha 1, beta 0): C = op(A) * op(B) + bias in
// every row, the bias written where the zeros would have been.
template <class MA, class MB, class MC>
void eigenGemm(Trans ta, Trans tb, float alpha, const MA& A, const MB& B, float beta, MC C,
               const float* bias) {
  if (bias) {
    C.rowwise() = Eigen::Map<const Eigen::RowVectorXf>(bias, C.cols());
  } else if (beta == 0.0f) {
    C.setZero();
  } else if (beta != 1.0f) {
    C *= beta;
  }
  if (ta == Trans::No && tb == Trans::No) {
    C.noalias() += alpha * A * B;
  } else if (ta == Trans::Yes && tb == Trans::No) {
    C.noalias() += alpha * A.transpose() * B;
  } else if (ta == Trans::No && tb == Trans::Yes) {
    C.noalias() += alpha * A * B.transpose();
  } else {
    C.noalias() += alpha * A.transpose() * B.transpose();
  }
}

}  // namespace

namespace {

// A product too large for the small kernels. Each thread computes its own
// block of C (the rows or the columns, whichever is longer) with a serial
// product: no synchronization inside the product, and each packs only its
// share of the larger operand.
struct Product {
  Trans ta, tb;
  int m, n, k;
  float alpha;
  float* a;
  float* b;
  float beta;
  float* c;
  const float* bias = nullptr;  // n values (alpha 1, beta 0)
};

long multiplyAdds(const Product& p) {
  return static_cast<long>(p.m) * p.n * p.k;
}

// The block of C that part `part` of `parts` computes: rows [r0, r1) and
// columns [c0, c1), split along C's longer side.
struct Block {
  int r0, r1, c0, c1;
};

Block blockOf(const Product& p, int part, int parts) {
  if (p.m >= p.n) {
    const auto [b, e] = share(p.m, part, parts, 16);
    return {b, e, 0, p.n};
  }
  const auto [b, e] = share(p.n, part, parts, 16);
  return {0, p.m, b, e};
}

// Block `part` of `parts` of the product, computed on the calling thread.
void productBlock(const Product& p, int part, int parts) {
  const Trans ta = p.ta;
  const Trans tb = p.tb;
  // op(A) is m x k, op(B) is k x n; the stored shapes are the transposes when Trans::Yes.
  Mat A(p.a, ta == Trans::No ? p.m : p.k, ta == Trans::No ? p.k : p.m);
  Mat B(p.b, tb == Trans::No ? p.k : p.n, tb == Trans::No ? p.n : p.k);
  Mat C(p.c, p.m, p.n);
  const Block blk = blockOf(p, part, parts);
  const float* bias = p.bias;
  if (blk.r1 - blk.r0 < p.m) {
    if (blk.r1 <= blk.r0) return;
    const int b0 = blk.r0;
    const int len = blk.r1 - blk.r0;
    if (ta == Trans::No) {
      eigenGemm(ta, tb, p.alpha, A.middleRows(b0, len), B, p.beta, C.middleRows(b0, len), bias);
    } else {
      eigenGemm(ta, tb, p.alpha, A.middleCols(b0, len), B, p.beta, C.middleRows(b0, len), bias);
    }
    return;
  }
  if (blk.c1 <= blk.c0) return;
  const int b0 = blk.c0;
  const int len = blk.c1 - blk.c0;
  if (len == p.n) {
    eigenGemm(ta, tb, p.alpha, A, B, p.beta, C, bias);
  } else if (tb == Trans::No) {
    eigenGemm(ta, tb, p.alpha, A, B.middleCols(b0, len), p.beta, C.middleCols(b0, len),
              bias ? bias + b0 : nullptr);
  } else {
    eigenGemm(ta, tb, p.alpha, A, B.middleRows(b0, len), p.beta, C.middleCols(b0, len),
              bias ? bias + b0 : nullptr);
  }
}

// Calls run(offset, count, width) over one block of a row-major [.. x ld]
// matrix: once when the block is whole rows (contiguous), else once a row.
template <class Run>
void forEachRun(int ld, Block b, const Run& run) {
  const auto w = static_cast<size_t>(b.c1 - b.c0);
  if (b.r1 <= b.r0 || w == 0) return;
  if (b.c0 == 0 && b.c1 == ld) {
    run(static_cast<size_t>(b.r0) * w, static_cast<size_t>(b.r1 - b.r0) * w, w);
    return;
  }
  for (int r = b.r0; r < b.r1; ++r) run(static_cast<size_t>(r) * ld + b.c0, w, w);
}

// The whole product on the calling thread, by the small kernels or Eigen's.
void serialProduct(const Product& p, std::vector<float>& scratch) {
  if (useSmallKernel(p.m, p.n, p.k)) {
    if (p.bias) {
      smallGemmRowMajorB<false>(p.m, p.n, p.k, 1.0f, p.a, p.b, 0.0f, p.c, p.bias);
    } else {
      smallGemm(p.ta, p.tb, p.m, p.n, p.k, p.alpha, p.a, p.b, p.beta, p.c, scratch);
    }
    return;
  }
  productBlock(p, 0, 1);
}

void largeGemm(const Product& p) {
  WorkerPool& pool = WorkerPool::instance();
  const int parts = multiplyAdds(p) >= kParallelGemm ? pool.threads() : 1;
  pool.run(parts, [&](int i) { productBlock(p, i, parts); });
}

// out[begin, end) = column sums of the row-major [rows x cols] d.
void columnSumsRange(const float* __restrict d, int rows, int cols, int begin, int end,
                     float* __restrict o) {
  int j0 = begin;
  for (; j0 + kLanes <= end; j0 += kLanes) {
    Lane acc = Lane::Zero();
    for (int r = 0; r < rows; ++r)
      acc += Eigen::Map<const Lane>(d + static_cast<size_t>(r) * cols + j0);
    Eigen::Map<Lane>(o + j0) = acc;
  }
  for (int j = j0; j < end; ++j) {
    float acc = 0.0f;
    for (int r = 0; r < rows; ++r) acc += d[static_cast<size_t>(r) * cols + j];
    o[j] = acc;
  }
}

}  // namespace

void CpuBackend::gemm(Trans ta, Trans tb, int m, int n, int k, float alpha, View a, View b,
                      float beta, View c) {
  if (useSmallKernel(m, n, k)) {
    smallGemm(ta, tb, m, n, k, alpha, data(a), data(b), beta, data(c), scratch_);
    return;
  }
  largeGemm({ta, tb, m, n, k, alpha, data(a), data(b), beta, data(c)});
}

void CpuBackend::denseForward(View x, View w, View b, View z, int rows, int in, int out,
                              const ActivationInfo* f, View a) {
  const Product p{Trans::No,
                  Trans::No,
                  rows,
                  out,
                  in,
                  1.0f,
                  data(x),
                  data(w),
                  0.0f,
                  data(z),
                  b ? data(b) : nullptr};
  if (useSmallKernel(rows, out, in)) {
    serialProduct(p, scratch_);
    const auto count = static_cast<size_t>(rows) * out;
    if (f && count < kParallelElementwise) {
      f->forward(p.c, data(a), count, static_cast<size_t>(out));
    } else if (f) {
      activationForward(*f, z, a, rows, out);
    }
    return;
  }
  WorkerPool& pool = WorkerPool::instance();
  const int parts = multiplyAdds(p) >= kParallelGemm ? pool.threads() : 1;
  if (parts > 1 && in >= 2 * std::max(rows, out)) {
    // Deep and narrow (784 inputs to 256 units for 128 rows): split along
    // the inputs. Split by rows or columns, every thread would pack all of
    // one operand, which cost a fifth of the product; this way each packs its
    // share of both, and the last to finish adds the partial sums up.
    const auto count = static_cast<size_t>(rows) * out;
    partial_.resize((static_cast<size_t>(parts) - 1) * count);
    std::atomic<int> finished{0};
    const Mat X(p.a, rows, in);
    const Mat W(p.b, in, out);
    pool.run(parts, [&](int i) {
      const auto [k0, k1] = share(in, i, parts, 16);
      float* c = i == 0 ? p.c : partial_.data() + static_cast<size_t>(i - 1) * count;
      Mat C(c, rows, out);
      if (k1 > k0) {
        C.noalias() = X.middleCols(k0, k1 - k0) * W.middleRows(k0, k1 - k0);
      } else {
        C.setZero();
      }
      if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 < parts) return;
      Mat Z(p.c, rows, out);
      for (int j = 1; j < parts; ++j) {
        Z += Mat(partial_.data() + static_cast<size_t>(j - 1) * count, rows, out);
      }
      if (p.bias) Z.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(p.bias, out);
      if (f) f->forward(p.c, data(a), count, static_cast<size_t>(out));
    });
    return;
  }
  // Each thread applies f to its own block of Z while it is in its cache.
  pool.run(parts, [&](int i) {
    productBlock(p, i, parts);
    if (!f) return;
    float* act = data(a);
    forEachRun(out, blockOf(p, i, parts),
               [&](size_t at, size_t n, size_t w) { f->forward(p.c + at, act + at, n, w); });
  });
}

void CpuBackend::addRowVector(View m, View v, int rows, int cols) {
  float* __restrict d = data(m);
  const float* __restrict b = data(v);
  int j0 = 0;
  for (; j0 + kLanes <= cols; j0 += kLanes) {
    const Lane bias = Eigen::Map<const Lane>(b + j0);
    for (int r = 0; r < rows; ++r) Eigen::Map<Lane>(d + static_cast<size_t>(r) * cols + j0) += bias;
  }
  for (int r = 0; r < rows; ++r) {
    for (int j = j0; j < cols; ++j) d[static_cast<size_t>(r) * cols + j] += b[j];
  }
}

void CpuBackend::columnSums(View m, int rows, int cols, View out) {
  const float* d = data(m);
  float* o = data(out);
  const int parts = elementwiseParts(static_cast<std::size_t>(rows) * cols);
  WorkerPool::instance().run(parts, [&](int i) {
    const auto [begin, end] = share(cols, i, parts, kLanes);
    columnSumsRange(d, rows, cols, begin, end, o);
  });
}

namespace {

// The products of a dense layer's backward pass that are worth running on two
// threads at once: dW and dX have the same number of multiply-adds.
constexpr long kParallelPair = 1L << 17;

}  // namespace

void CpuBackend::denseBackward(View x, View w, View dz, View dw, View db, View dx, int rows, int in,
                               int out, const ActivationInfo* f, View fz, View fdz) {
  const Product weights{Trans::Yes, Trans::No, in,       out,  rows,
                        1.0f,       data(x),   data(dz), 0.0f, data(dw)};
  const Product inputs{Trans::No,
                       Trans::Yes,
                       rows,
                       in,
                       out,
                       1.0f,
                       dx ? data(dz) : nullptr,
                       data(w),
                       0.0f,
                       dx ? data(dx) : nullptr};
  float* biasGrads = db ? data(db) : nullptr;
  const float* dZ = data(dz);
  // Part `part` of `parts` of dW, with the same share of db's columns.
  const auto weightsPart = [&](int part, int parts, std::vector<float>& scratch) {
    if (parts == 1) {
      serialProduct(weights, scratch);
    } else {
      productBlock(weights, part, parts);
    }
    if (biasGrads) {
      const auto [begin, end] = share(out, part, parts, kLanes);
      columnSumsRange(dZ, rows, out, begin, end, biasGrads);
    }
  };
  // Part `part` of `parts` of dX, then the activation before the layer on it.
  const auto inputsPart = [&](int part, int parts, std::vector<float>& scratch) {
    if (parts == 1) {
      serialProduct(inputs, scratch);
    } else {
      productBlock(inputs, part, parts);
    }
    if (!f) return;
    const float* z = data(fz);
    const float* a = data(x);
    float* g = data(fdz);
    forEachRun(in, blockOf(inputs, part, parts), [&](size_t at, size_t n, size_t w) {
      f->backward(z + at, a + at, inputs.c + at, g + at, n, w);
    });
  };
  const long work = multiplyAdds(weights);
  if (work < kParallelPair || threads() == 1) {
    weightsPart(0, 1, scratch_);
    if (dx) inputsPart(0, 1, scratch_);
    return;
  }
  WorkerPool& pool = WorkerPool::instance();
  const int threads = pool.threads();
  if (!dx) {
    // The first layer: dW split between the threads, each with its share of db.
    const int parts = work >= kParallelGemm ? threads : 1;
    pool.run(parts, [&](int i) { weightsPart(i, parts, scratch_); });
    return;
  }
  // dW (with db) on half the threads, dX on the other half: two products that
  // are each packed once, in one job instead of three or four.
  const int forWeights = threads / 2;
  const int forInputs = threads - forWeights;
  pool.run(threads, [&](int i) {
    thread_local std::vector<float> scratch;
    if (i < forWeights) {
      weightsPart(i, forWeights, scratch);
    } else {
      inputsPart(i - forWeights, forInputs, scratch);
    }
  });
}

void CpuBackend::activationForward(const ActivationInfo& f, View z, View a, int rows, int cols) {
  const auto c = static_cast<size_t>(cols);
  const int parts = elementwiseParts(static_cast<size_t>(rows) * c);
  WorkerPool::instance().run(parts, [&](int i) {
    const auto [b, e] = share(rows, i, parts, 1);
    const size_t offset = static_cast<size_t>(b) * c;
    f.forward(data(z) + offset, data(a) + offset, static_cast<size_t>(e - b) * c, c);
  });
}

void CpuBackend::activationBackward(const ActivationInfo& f, View z, View a, View da, View dz,
                                    int rows, int cols) {
  const auto c = static_cast<size_t>(cols);
  const int parts = elementwiseParts(static_cast<size_t>(rows) * c);
  WorkerPool::instance().run(parts, [&](int i) {
    const auto [b, e] = share(rows, i, parts, 1);
    const size_t offset = static_cast<size_t>(b) * c;
    f.backward(data(z) + offset, data(a) + offset, data(da) + offset, data(dz) + offset,
               static_cast<size_t>(e - b) * c, c);
  });
}

void CpuBackend::dropoutForward(View x, View mask, View y, size_t count, float rate,
                                std::uint64_t seed, std::uint64_t step) {
  const float keep = 1.0f / (1.0f - rate);
  float* m = data(mask);
  for (size_t i = 0; i < count; ++i) m[i] = counterUniform(seed, step, i) >= rate ? keep : 0.0f;
  multiply(x, mask, y, count);
}

void CpuBackend::multiply(View a, View b, View out, size_t count) {
  arr(out, count) = arr(a, count) * arr(b, count);
}

void CpuBackend::batchNormForward(const BatchNormArgs& p, View x, View y, View xhat, View invStd,
                                  View gamma, View beta, View runMean, View runVar) {
  const float* X = data(x);
  float* Y = data(y);
  float* H = data(xhat);
  float* S = data(invStd);
  const float* g = data(gamma);
  const float* b = data(beta);
  float* rm = data(runMean);
  float* rv = data(runVar);
  const auto rows = static_cast<size_t>(p.rows);
  const auto cols = static_cast<size_t>(p.cols);
  for (size_t j = 0; j < cols; ++j) {
    float mean;
    float var;
    if (p.training) {
      double s = 0.0;
      for (size_t r = 0; r < rows; ++r) s += X[r * cols + j];
      mean = static_cast<float>(s / static_cast<double>(rows));
      double ss = 0.0;
      for (size_t r = 0; r < rows; ++r) {
        const double d = X[r * cols + j] - mean;
        ss += d * d;
      }
      var = static_cast<float>(ss / static_cast<double>(rows));
      const double unbiased = rows > 1 ? ss / static_cast<double>(rows - 1) : ss;
      rm[j] = (1.0f - p.momentum) * rm[j] + p.momentum * mean;
      rv[j] = (1.0f - p.momentum) * rv[j] + p.momentum * static_cast<float>(unbiased);
    } else {
      mean = rm[j];
      var = rv[j];
    }
    const float is = 1.0f / std::sqrt(var + p.epsilon);
    S[j] = is;
    for (size_t r = 0; r < rows; ++r) {
      const float h = (X[r * cols + j] - mean) * is;
      H[r * cols + j] = h;
      Y[r * cols + j] = g[j] * h + b[j];
    }
  }
}

// dx = invStd / N * (N dy - sum(dy) - xhat * sum(dy * xhat)) * gamma
void CpuBackend::batchNormBackward(int rowsI, int colsI, bool training, View dy, View xhat,
                                   View invStd, View gamma, View dx, View dgamma, View dbeta) {
  const auto rows = static_cast<size_t>(rowsI);
  const auto cols = static_cast<size_t>(colsI);
  const float* D = data(dy);
  const float* H = data(xhat);
  const float* S = data(invStd);
  const float* g = data(gamma);
  float* DX = dx ? data(dx) : nullptr;
  float* dg = data(dgamma);
  float* db = data(dbeta);
  const float n = static_cast<float>(rows);
  for (size_t j = 0; j < cols; ++j) {
    float sumD = 0.0f;
    float sumDH = 0.0f;
    for (size_t r = 0; r < rows; ++r) {
      sumD += D[r * cols + j];
      sumDH += D[r * cols + j] * H[r * cols + j];
    }
    dg[j] = sumDH;
    db[j] = sumD;
    if (DX && !training) {
      for (size_t r = 0; r < rows; ++r) DX[r * cols + j] = D[r * cols + j] * g[j] * S[j];
    } else if (DX) {
      const float k = g[j] * S[j] / n;
      for (size_t r = 0; r < rows; ++r) {
        DX[r * cols + j] = k * (n * D[r * cols + j] - sumD - H[r * cols + j] * sumDH);
      }
    }
  }
}

void CpuBackend::loss(const LossInfo& l, View z, View a, View target, View grad, View lossSum,
                      int rows, int cols, int tcols) {
  const double s =
      l.evaluate(data(z), data(a), data(target), grad ? data(grad) : nullptr,
                 static_cast<size_t>(rows), static_cast<size_t>(cols), static_cast<size_t>(tcols));
  *data(lossSum) += static_cast<float>(s);
}

void CpuBackend::regularize(View params, View grads, size_t count, float l1, float l2) {
  auto W = arr(params, count);
  auto G = arr(grads, count);
  if (l2 != 0.0f) G += l2 * W;
  if (l1 != 0.0f) G += l1 * W.sign();
}

namespace {

struct UpdateArgs {
  OptimizerSettings s;
  long t;
  float* w;
  const float* g;
  float* s1;
  float* s2;
};

// One optimizer step on parameters [begin, begin + count).
void updateRange(const UpdateArgs& u, size_t begin, size_t count) {
  const auto n = static_cast<Eigen::Index>(count);
  Arr W(u.w + begin, n);
  CArr G(u.g + begin, n);
  const OptimizerSettings& s = u.s;
  const float lr = s.learningRate;
  switch (s.id) {
    case OptimizerId::Sgd: {
      // A plain loop: at playground sizes (about a hundred parameters) Eigen's
      // alignment prologue and epilogue cost more than the update.
      float* __restrict w = u.w + begin;
      const float* __restrict g = u.g + begin;
      for (size_t i = 0; i < count; ++i) w[i] -= lr * g[i];
      break;
    }
    case OptimizerId::Momentum: {
      Arr V(u.s1 + begin, n);
      V = s.momentum * V + G;
      W -= lr * V;
      break;
    }
    case OptimizerId::Nesterov: {
      Arr V(u.s1 + begin, n);
      V = s.momentum * V + G;
      W -= lr * (G + s.momentum * V);
      break;
    }
    case OptimizerId::Rmsprop: {
      Arr S(u.s1 + begin, n);
      S = s.rho * S + (1.0f - s.rho) * G.square();
      W -= lr * G / (S.sqrt() + s.epsilon);
      break;
    }
    case OptimizerId::Adam: {
      const auto td = static_cast<double>(u.t);
      const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(s.beta1), td));
      const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(s.beta2), td));
      // PyTorch: w -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)
      const float stepSize = lr / c1;
      const float invSqrtC2 = 1.0f / std::sqrt(c2);
      // One pass over the four arrays (Eigen's expressions would make three),
      // sixteen parameters at a time.
      using Chunk = Eigen::Array<float, 16, 1>;
      float* __restrict w = u.w + begin;
      const float* __restrict g = u.g + begin;
      float* __restrict m = u.s1 + begin;
      float* __restrict v = u.s2 + begin;
      const auto step = [&](auto wi, auto gi, auto mi, auto vi) {
        mi = s.beta1 * mi + (1.0f - s.beta1) * gi;
        vi = s.beta2 * vi + (1.0f - s.beta2) * gi.square();
        wi -= stepSize * mi / (vi.sqrt() * invSqrtC2 + s.epsilon);
      };
      size_t i = 0;
      for (; i + 16 <= count; i += 16) {
        step(Eigen::Map<Chunk>(w + i), Eigen::Map<const Chunk>(g + i), Eigen::Map<Chunk>(m + i),
             Eigen::Map<Chunk>(v + i));
      }
      const auto rest = static_cast<Eigen::Index>(count - i);
      step(Arr(w + i, rest), CArr(g + i, rest), Arr(m + i, rest), Arr(v + i, rest));
      break;
    }
  }
}

}  // namespace

void CpuBackend::optimizerStep(const OptimizerSettings& s, long t, View params, View grads,
                               View state1, View state2, size_t count) {
  const UpdateArgs u{s,
                     t,
                     data(params),
                     data(grads),
                     state1 ? data(state1) : nullptr,
                     state2 ? data(state2) : nullptr};
  WorkerPool& pool = WorkerPool::instance();
  const int parts = count >= kParallelUpdate ? pool.threads() : 1;
  // Each element's update is independent: any split gives the same result.
  pool.run(parts, [&](int i) {
    const auto [b, e] = share(static_cast<int>(count), i, parts, 16);
    if (e > b) updateRange(u, static_cast<size_t>(b), static_cast<size_t>(e - b));
  });
}

}  // namespace nnplay
