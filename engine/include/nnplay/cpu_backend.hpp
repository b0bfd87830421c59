#pragma once
// The default backend: Eigen on the host. Always available. Large matrix
// products go to Eigen's blocked GEMM, split across the cores by a small
// worker pool, as are the optimizer's updates of large networks; tiny ones, the TF Playground
// sizes, use plain loops that the compiler vectorizes, because blocking and packing would cost more
// than the arithmetic.
#include <vector>

#include "nnplay/backend.hpp"

namespace nnplay {

class CpuBackend final : public Backend {
 public:
  std::string name() const override { return "cpu"; }
  void prepareThread() override;

  std::unique_ptr<DeviceBuffer> allocate(std::size_t count) override;
  void upload(const float* src, View dst, std::size_t count) override;
  void download(View src, float* dst, std::size_t count) override;
  void fill(View dst, std::size_t count, float value) override;
  void gatherRows(View src, int cols, std::span<const std::uint32_t> rows, View dst) override;
  void uploadBytes(const std::uint8_t* src, View dst, std::size_t count) override;
  void gatherRowsU8(View src, int cols, std::span<const std::uint32_t> rows, float scale,
                    View dst) override;

  void gemm(Trans ta, Trans tb, int m, int n, int k, float alpha, View a, View b, float beta,
            View c) override;
  void addRowVector(View m, View v, int rows, int cols) override;
  void denseForward(View x, View w, View b, View z, int rows, int in, int out,
                    const ActivationInfo* f = nullptr, View a = {}) override;
  void columnSums(View m, int rows, int cols, View out) override;
  void denseBackward(View x, View w, View dz, View dw, View db, View dx, int rows, int in, int out,
                     const ActivationInfo* f = nullptr, View fz = {}, View fdz = {}) override;

  void activationForward(const ActivationInfo& f, View z, View a, int rows, int cols) override;
  void activationBackward(const ActivationInfo& f, View z, View a, View da, View dz, int rows,
                          int cols) override;
  void dropoutForward(View x, View mask, View y, std::size_t count, float rate, std::uint64_t seed,
                      std::uint64_t step) override;
  void multiply(View a, View b, View out, std::size_t count) override;
  void batchNormForward(const BatchNormArgs& args, View x, View y, View xhat, View invStd,
                        View gamma, View beta, View runMean, View runVar) override;
  void batchNormBackward(int rows, int cols, bool training, View dy, View xhat, View invStd,
                         View gamma, View dx, View dgamma, View dbeta) override;
  void loss(const LossInfo& l, View z, View a, View target, View grad, View lossSum, int rows,
            int cols, int tcols) override;
  void regularize(View params, View grads, std::size_t count, float l1, float l2) override;
  void optimizerStep(const OptimizerSettings& s, long t, View params, View grads, View state1,
                     View state2, std::size_t count) override;

  // Threads that share the large products and updates (NNPLAY_THREADS, or
  // the cores this process may use).
  static int threads();

  // Host pointer behind a view of a buffer this backend allocated.
  static float* data(View v);

 private:
  std::vector<float> scratch_;  // transposed operand of small products
  std::vector<float> partial_;  // the other threads' partial sums of a product split along k
};

}  // namespace nnplay
