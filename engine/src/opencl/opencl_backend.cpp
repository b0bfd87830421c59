#include "opencl/opencl_backend.hpp"

#include <clblast.h>

#include <cmath>
#include <cstring>

#include "nnplay/devices.hpp"

namespace nnplay {

extern const char* const kOpenClKernels;  // kernels.cl, embedded at build time

namespace {

class ClBuffer final : public DeviceBuffer {
 public:
  ClBuffer(cl_mem mem, std::size_t n) : DeviceBuffer(n), mem(mem) {}
  ~ClBuffer() override { clReleaseMemObject(mem); }
  ClBuffer(const ClBuffer&) = delete;
  ClBuffer& operator=(const ClBuffer&) = delete;
  cl_mem mem;
};

cl_mem memOf(View v) {
  return static_cast<ClBuffer*>(v.buffer)->mem;
}

void check(cl_int status, const std::string& what) {
  if (status != CL_SUCCESS) {
    throw DeviceError("OpenCL error " + std::to_string(status) + " in " + what);
  }
}

// Kernel arguments: a View is two arguments (buffer, offset in elements).
struct ArgSetter {
  cl_kernel k;
  cl_uint i = 0;
  const char* name;
  void set(std::size_t size, const void* value) {
    check(clSetKernelArg(k, i++, size, value), std::string("clSetKernelArg of ") + name);
  }
  void operator()(View v) {
    // An empty view (an optimizer state slot the optimizer does not keep) is a
    // NULL pointer, which OpenCL allows for an argument the kernel never reads.
    cl_mem m = v ? memOf(v) : nullptr;
    const cl_ulong off = v.offset;
    set(sizeof m, &m);
    set(sizeof off, &off);
  }
  void operator()(int v) { set(sizeof v, &v); }
  void operator()(float v) { set(sizeof v, &v); }
  void operator()(cl_ulong v) { set(sizeof v, &v); }
};

clblast::Transpose transposeOf(Trans t) {
  return t == Trans::Yes ? clblast::Transpose::kYes : clblast::Transpose::kNo;
}

}  // namespace

OpenClBackend::OpenClBackend(cl_platform_id platform, cl_device_id device, std::string deviceName,
                             const std::function<void(const std::string&)>& progress)
    : deviceName_(std::move(deviceName)) {
  const cl_context_properties props[] = {CL_CONTEXT_PLATFORM,
                                         reinterpret_cast<cl_context_properties>(platform), 0};
  cl_int status = CL_SUCCESS;
  context_ = clCreateContext(props, 1, &device, nullptr, nullptr, &status);
  check(status, "clCreateContext");
  queue_ = clCreateCommandQueue(context_, device, 0, &status);
  check(status, "clCreateCommandQueue");
  if (progress) progress("compiling OpenCL kernels...");
  const char* source = kOpenClKernels;
  program_ = clCreateProgramWithSource(context_, 1, &source, nullptr, &status);
  check(status, "clCreateProgramWithSource");
  status = clBuildProgram(program_, 1, &device, "-cl-std=CL1.2", nullptr, nullptr);
  if (status != CL_SUCCESS) {
    std::size_t size = 0;
    clGetProgramBuildInfo(program_, device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size);
    std::string log(size, '\0');
    clGetProgramBuildInfo(program_, device, CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr);
    throw DeviceError("building the OpenCL kernels failed on " + deviceName_ + " (error " +
                      std::to_string(status) + "):\n" + log);
  }
  if (progress) progress("OpenCL kernels ready");
}

OpenClBackend::~OpenClBackend() {
  indices_.reset();
  rowLoss_.reset();
  gradScratch_.reset();
  for (auto& [name, k] : kernels_) clReleaseKernel(k);
  if (program_) clReleaseProgram(program_);
  if (queue_) clReleaseCommandQueue(queue_);
  if (context_) clReleaseContext(context_);
}

cl_kernel OpenClBackend::kernel(const char* name) {
  auto it = kernels_.find(name);
  if (it != kernels_.end()) return it->second;
  cl_int status = CL_SUCCESS;
  cl_kernel k = clCreateKernel(program_, name, &status);
  check(status, std::string("clCreateKernel ") + name);
  kernels_.emplace(name, k);
  return k;
}

template <typename... Args>
void OpenClBackend::launch(const char* name, std::size_t g0, std::size_t g1, Args... args) {
  if (g0 == 0) return;  // g1 == 0: a one-dimensional launch
  ArgSetter set{kernel(name), 0, name};
  (set(args), ...);
  const std::size_t global[2] = {g0, g1};
  check(clEnqueueNDRangeKernel(queue_, set.k, g1 > 0 ? 2 : 1, nullptr, global, nullptr, 0, nullptr,
                               nullptr),
        std::string("kernel ") + name);
}

std::unique_ptr<DeviceBuffer> OpenClBackend::allocate(std::size_t count) {
  cl_int status = CL_SUCCESS;
  cl_mem mem = clCreateBuffer(context_, CL_MEM_READ_WRITE, std::max<std::size_t>(count, 1) * 4,
                              nullptr, &status);
  check(status, "clCreateBuffer of " + std::to_string(count) + " floats");
  auto b = std::make_unique<ClBuffer>(mem, count);
  fill({b.get(), 0}, std::max<std::size_t>(count, 1), 0.0f);
  return b;
}

void OpenClBackend::upload(const float* src, View dst, std::size_t count) {
  if (count == 0) return;
  check(clEnqueueWriteBuffer(queue_, memOf(dst), CL_TRUE, dst.offset * 4, count * 4, src, 0,
                             nullptr, nullptr),
        "clEnqueueWriteBuffer");
}

void OpenClBackend::download(View src, float* dst, std::size_t count) {
  if (count == 0) return;
  check(clEnqueueReadBuffer(queue_, memOf(src), CL_TRUE, src.offset * 4, count * 4, dst, 0, nullptr,
                            nullptr),
        "clEnqueueReadBuffer");
}

void OpenClBackend::fill(View dst, std::size_t count, float value) {
  if (count == 0) return;
  check(clEnqueueFillBuffer(queue_, memOf(dst), &value, sizeof value, dst.offset * 4, count * 4, 0,
                            nullptr, nullptr),
        "clEnqueueFillBuffer");
}

void OpenClBackend::uploadBytes(const std::uint8_t* src, View dst, std::size_t count) {
  if (count == 0) return;
  check(clEnqueueWriteBuffer(queue_, memOf(dst), CL_TRUE, dst.offset * 4, count, src, 0, nullptr,
                             nullptr),
        "clEnqueueWriteBuffer (bytes)");
}

View OpenClBackend::scratch(std::unique_ptr<DeviceBuffer>& buf, std::size_t count) {
  if (!buf || buf->size() < count) buf = allocate(count);
  return {buf.get(), 0};
}

View OpenClBackend::indexView(std::span<const std::uint32_t> rows) {
  const View v = scratch(indices_, rows.size());
  check(clEnqueueWriteBuffer(queue_, memOf(v), CL_TRUE, 0, rows.size() * 4, rows.data(), 0, nullptr,
                             nullptr),
        "uploading batch indices");
  return v;
}

void OpenClBackend::gatherRows(View src, int cols, std::span<const std::uint32_t> rows, View dst) {
  const View idx = indexView(rows);
  launch("gather_rows", rows.size(), static_cast<std::size_t>(cols), src, cols, idx, dst);
}

void OpenClBackend::gatherRowsU8(View src, int cols, std::span<const std::uint32_t> rows,
                                 float scale, View dst) {
  const View idx = indexView(rows);
  const View bytes{src.buffer, src.offset * 4};  // the kernel indexes bytes
  launch("gather_rows_u8", rows.size(), static_cast<std::size_t>(cols), bytes, cols, idx, scale,
         dst);
}

void OpenClBackend::gemm(Trans ta, Trans tb, int m, int n, int k, float alpha, View a, View b,
                         float beta, View c) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  // C = beta * C
    if (beta == 0.0f) fill(c, static_cast<std::size_t>(m) * n, 0.0f);
    return;
  }
  const std::size_t lda = ta == Trans::No ? k : m;
  const std::size_t ldb = tb == Trans::No ? n : k;
  cl_command_queue q = queue_;
  const clblast::StatusCode s = clblast::Gemm<float>(
      clblast::Layout::kRowMajor, transposeOf(ta), transposeOf(tb), m, n, k, alpha, memOf(a),
      a.offset, lda, memOf(b), b.offset, ldb, beta, memOf(c), c.offset, n, &q, nullptr);
  if (s != clblast::StatusCode::kSuccess) {
    throw DeviceError("CLBlast GEMM failed with status " + std::to_string(static_cast<int>(s)) +
                      " (" + std::to_string(m) + " x " + std::to_string(n) + " x " +
                      std::to_string(k) + ")");
  }
}

void OpenClBackend::addRowVector(View m, View v, int rows, int cols) {
  launch("add_row_vector", static_cast<std::size_t>(rows), static_cast<std::size_t>(cols), m, v,
         cols);
}

void OpenClBackend::columnSums(View m, int rows, int cols, View out) {
  launch("column_sums", static_cast<std::size_t>(cols), 0, m, rows, cols, out);
}

void OpenClBackend::activationForward(const ActivationInfo& f, View z, View a, int rows, int cols) {
  if (f.rowWise) {
    launch("softmax_forward", static_cast<std::size_t>(rows), 0, z, a, cols);
  } else {
    launch("activation_forward", static_cast<std::size_t>(rows) * cols, 0, static_cast<int>(f.id),
           z, a);
  }
}

void OpenClBackend::activationBackward(const ActivationInfo& f, View z, View a, View da, View dz,
                                       int rows, int cols) {
  if (f.rowWise) {
    launch("softmax_backward", static_cast<std::size_t>(rows), 0, a, da, dz, cols);
  } else {
    launch("activation_backward", static_cast<std::size_t>(rows) * cols, 0, static_cast<int>(f.id),
           z, a, da, dz);
  }
}

void OpenClBackend::dropoutForward(View x, View mask, View y, std::size_t count, float rate,
                                   std::uint64_t seed, std::uint64_t step) {
  launch("dropout_forward", count, 0, x, mask, y, rate, static_cast<cl_ulong>(seed),
         static_cast<cl_ulong>(step));
}

void OpenClBackend::multiply(View a, View b, View out, std::size_t count) {
  launch("multiply", count, 0, a, b, out);
}

void OpenClBackend::batchNormForward(const BatchNormArgs& p, View x, View y, View xhat, View invStd,
                                     View gamma, View beta, View runMean, View runVar) {
  launch("batchnorm_forward", static_cast<std::size_t>(p.cols), 0, x, y, xhat, invStd, gamma, beta,
         runMean, runVar, p.rows, p.cols, p.epsilon, p.momentum, p.training ? 1 : 0);
}

void OpenClBackend::batchNormBackward(int rows, int cols, bool training, View dy, View xhat,
                                      View invStd, View gamma, View dx, View dgamma, View dbeta) {
  const bool wantDx = static_cast<bool>(dx);
  const View dxv = wantDx ? dx : scratch(gradScratch_, static_cast<std::size_t>(rows) * cols);
  launch("batchnorm_backward", static_cast<std::size_t>(cols), 0, dy, xhat, invStd, gamma, dxv,
         dgamma, dbeta, rows, cols, wantDx ? 1 : 0, training ? 1 : 0);
}

void OpenClBackend::loss(const LossInfo& l, View z, View a, View target, View grad, View lossSum,
                         int rows, int cols, int tcols) {
  const View g = grad ? grad : scratch(gradScratch_, static_cast<std::size_t>(rows) * cols);
  const View perRow = scratch(rowLoss_, static_cast<std::size_t>(rows));
  launch("loss_rows", static_cast<std::size_t>(rows), 0, static_cast<int>(l.id), z, a, target, g,
         perRow, rows, cols, tcols);
  launch("sum_into", 1, 0, perRow, rows, lossSum);
}

void OpenClBackend::regularize(View params, View grads, std::size_t count, float l1, float l2) {
  launch("regularize", count, 0, params, grads, l1, l2);
}

void OpenClBackend::optimizerStep(const OptimizerSettings& s, long t, View params, View grads,
                                  View state1, View state2, std::size_t count) {
  const auto td = static_cast<double>(t);
  const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(s.beta1), td));
  const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(s.beta2), td));
  launch("optimizer_step", count, 0, static_cast<int>(s.id), params, grads, state1, state2,
         s.learningRate, s.momentum, s.rho, s.beta1, s.beta2, s.epsilon, s.learningRate / c1,
         1.0f / std::sqrt(c2));
}

}  // namespace nnplay
