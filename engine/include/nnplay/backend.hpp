#pragma once
// The compute interface every layer, loss and optimizer goes through. A
// backend owns device memory (DeviceBuffer) and runs the handful of kernels a
// multilayer perceptron needs. CpuBackend runs them with Eigen; an OpenCL
// backend implements the same calls with CLBlast and its own kernels, so
// layers never know where their numbers live.
//
// Conventions: float32, row-major, samples as rows, every matrix packed
// (leading dimension = its column count). A View is a buffer plus an offset in
// floats. Calls on one backend come from one thread.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "nnplay/activation.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/optimizer.hpp"

namespace nnplay {

class DeviceBuffer {
 public:
  virtual ~DeviceBuffer() = default;
  std::size_t size() const { return size_; }

 protected:
  explicit DeviceBuffer(std::size_t size) : size_(size) {}

 private:
  std::size_t size_;
};

struct View {
  DeviceBuffer* buffer = nullptr;
  std::size_t offset = 0;
  View at(std::size_t more) const { return {buffer, offset + more}; }
  explicit operator bool() const { return buffer != nullptr; }
};

enum class Trans { No, Yes };

struct BatchNormArgs {
  int rows = 0;
  int cols = 0;
  // Set by the batch-norm layer, the one home of their values.
  float epsilon = 0.0f;
  float momentum = 0.0f;  // running = (1 - momentum) * running + momentum * batch
  bool training = true;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;

  // Called before a forward pass on the calling thread. The CPU backend turns
  // on flush-to-zero there once (and in its OpenMP workers): denormal floats,
  // such as Adam's second moments of gradients that stay near zero, make each
  // operation on them many times slower.
  virtual void prepareThread() {}

  // Memory. allocate() returns a zero-filled buffer of `count` floats.
  virtual std::unique_ptr<DeviceBuffer> allocate(std::size_t count) = 0;
  virtual void upload(const float* src, View dst, std::size_t count) = 0;
  virtual void download(View src, float* dst, std::size_t count) = 0;
  virtual void fill(View dst, std::size_t count, float value) = 0;
  // dst[r, :] = src[rows[r], :] for a packed src with `cols` columns.
  virtual void gatherRows(View src, int cols, std::span<const std::uint32_t> rows, View dst) = 0;
  // Byte data (images): a buffer from allocate((count + 3) / 4) holds `count`
  // bytes. gatherRowsU8 converts the gathered bytes to floats times `scale`.
  virtual void uploadBytes(const std::uint8_t* src, View dst, std::size_t count) = 0;
  virtual void gatherRowsU8(View src, int cols, std::span<const std::uint32_t> rows, float scale,
                            View dst) = 0;

  // C[m x n] = alpha * op(A) * op(B) + beta * C.
  virtual void gemm(Trans ta, Trans tb, int m, int n, int k, float alpha, View a, View b,
                    float beta, View c) = 0;
  virtual void addRowVector(View m, View v, int rows, int cols) = 0;  // m[r, :] += v
  // Z = X W + b for X [rows x in], W [in x out]; no bias when b is empty.
  // With an element-wise activation f (not rowWise), also a = f(Z): a dense
  // layer and the activation after it in one pass. The default is gemm,
  // addRowVector and activationForward; a backend may fuse them.
  virtual void denseForward(View x, View w, View b, View z, int rows, int in, int out,
                            const ActivationInfo* f = nullptr, View a = {}) {
    gemm(Trans::No, Trans::No, rows, out, in, 1.0f, x, w, 0.0f, z);
    if (b) addRowVector(z, b, rows, out);
    if (f) activationForward(*f, z, a, rows, out);
  }
  virtual void columnSums(View m, int rows, int cols, View out) = 0;  // out = sum over rows
  // A dense layer's backward pass for X [rows x in], W [in x out] and dZ
  // [rows x out]: dW = X^T dZ; db = the column sums of dZ unless db is
  // empty; dX = dZ W^T unless dx is empty. With an element-wise activation f
  // whose output is X (the one before the layer) and dx set, also that
  // activation's backward pass: fdz = f'(fz) * dX, fz being its input. The
  // default makes the separate calls; a backend may run them together.
  virtual void denseBackward(View x, View w, View dz, View dw, View db, View dx, int rows, int in,
                             int out, const ActivationInfo* f = nullptr, View fz = {},
                             View fdz = {}) {
    gemm(Trans::Yes, Trans::No, in, out, rows, 1.0f, x, dz, 0.0f, dw);
    if (db) columnSums(dz, rows, out, db);
    if (dx) gemm(Trans::No, Trans::Yes, rows, in, out, 1.0f, dz, w, 0.0f, dx);
    if (f && dx) activationBackward(*f, fz, x, dx, fdz, rows, in);
  }

  virtual void activationForward(const ActivationInfo& f, View z, View a, int rows, int cols) = 0;
  virtual void activationBackward(const ActivationInfo& f, View z, View a, View da, View dz,
                                  int rows, int cols) = 0;

  // Inverted dropout: mask[i] = (u >= rate) / (1 - rate) with
  // u = counterUniform(seed, step, i); y = x * mask.
  virtual void dropoutForward(View x, View mask, View y, std::size_t count, float rate,
                              std::uint64_t seed, std::uint64_t step) = 0;
  virtual void multiply(View a, View b, View out, std::size_t count) = 0;  // out = a * b

  // Training: batch statistics (biased variance), running statistics updated
  // (unbiased variance), xhat and invStd kept for backward. Inference: running
  // statistics; xhat and invStd are still written.
  virtual void batchNormForward(const BatchNormArgs& args, View x, View y, View xhat, View invStd,
                                View gamma, View beta, View runMean, View runVar) = 0;
  // Inference (training false): the statistics are constants, dx = dy * gamma * invStd.
  virtual void batchNormBackward(int rows, int cols, bool training, View dy, View xhat, View invStd,
                                 View gamma, View dx, View dgamma, View dbeta) = 0;

  // lossSum[0] += summed per-sample loss of the batch; grad as LossInfo says.
  virtual void loss(const LossInfo& l, View z, View a, View target, View grad, View lossSum,
                    int rows, int cols, int tcols) = 0;

  // grads += l1 * sign(w) + l2 * w  (penalty l1*|w| + l2/2 * w^2)
  virtual void regularize(View params, View grads, std::size_t count, float l1, float l2) = 0;
  // One optimizer step at step counter t (1-based) over count parameters.
  virtual void optimizerStep(const OptimizerSettings& s, long t, View params, View grads,
                             View state1, View state2, std::size_t count) = 0;
};

}  // namespace nnplay
