#pragma once
// The Backend on an OpenCL device: one context and queue, buffers that stay
// on the device, clblast::Gemm (row-major, with offsets) for every product,
// and the project's own kernels (kernels.cl, built once per context) for the
// rest. Only the thread that uses the backend touches its context.
#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nnplay/backend.hpp"

namespace nnplay {

class OpenClBackend final : public Backend {
 public:
  OpenClBackend(cl_platform_id platform, cl_device_id device, std::string deviceName,
                const std::function<void(const std::string&)>& progress);
  ~OpenClBackend() override;
  OpenClBackend(const OpenClBackend&) = delete;
  OpenClBackend& operator=(const OpenClBackend&) = delete;

  std::string name() const override { return "opencl:" + deviceName_; }

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
  void columnSums(View m, int rows, int cols, View out) override;
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

 private:
  cl_kernel kernel(const char* name);
  template <typename... Args>
  void launch(const char* name, std::size_t g0, std::size_t g1, Args... args);
  View indexView(std::span<const std::uint32_t> rows);
  View scratch(std::unique_ptr<DeviceBuffer>& buf, std::size_t count);

  std::string deviceName_;
  cl_context context_ = nullptr;
  cl_command_queue queue_ = nullptr;
  cl_program program_ = nullptr;
  std::map<std::string, cl_kernel> kernels_;
  std::unique_ptr<DeviceBuffer> indices_;  // batch row indices (uints)
  std::unique_ptr<DeviceBuffer> rowLoss_;  // per-row losses of a batch
  std::unique_ptr<DeviceBuffer> gradScratch_;
};

}  // namespace nnplay
