#include "nnplay/devices.hpp"

#include <algorithm>
#include <cctype>

#include "nnplay/cpu_backend.hpp"

#ifdef NNPLAY_HAVE_OPENCL
#include "opencl/opencl_backend.hpp"
#endif

namespace nnplay {

namespace {

DeviceInfo cpuDevice() {
  DeviceInfo d;
  d.choice = "cpu";
  d.backend = "cpu";
  d.name = "CPU (Eigen)";
  d.type = "CPU";
  d.advice =
      "the default; fastest for playground-sized networks, where a step is microseconds of work";
  return d;
}

#ifdef NNPLAY_HAVE_OPENCL
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Measured crossovers (nnplay-cli bench mlp --device ..., see the closing note
// of the OpenCL issue): a CPU-type OpenCL device (PoCL) never beat the Eigen
// backend; GPUs pay off once a step has millions of multiply-adds.
std::string adviceFor(const std::string& type) {
  if (type == "GPU") {
    return "worth choosing for wide layers and large batches (e.g. 784-256-128-10 at batch 128 "
           "or more); slower than the CPU for small networks, where each step waits on the device";
  }
  if (type == "CPU") {
    return "OpenCL on this processor: slower than the built-in CPU backend at every size "
           "measured; useful for checking the OpenCL path";
  }
  return "an accelerator: try bench mlp with it before training on it";
}

struct ClDevice {
  cl_platform_id platform;
  cl_device_id device;
  DeviceInfo info;
};

// A string property of a platform or device (clGetPlatformInfo / clGetDeviceInfo).
template <typename Get, typename Id, typename What>
std::string infoString(Get get, Id id, What what) {
  std::size_t n = 0;
  get(id, what, 0, nullptr, &n);
  std::string s(n, '\0');
  get(id, what, n, s.data(), nullptr);
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

std::vector<ClDevice> openclDevices(std::string& problem) {
  std::vector<ClDevice> out;
  cl_uint count = 0;
  const cl_int status = clGetPlatformIDs(0, nullptr, &count);
  if (status != CL_SUCCESS || count == 0) {
    problem = "no OpenCL platform found (error " + std::to_string(status) +
              "): no OpenCL driver is installed or the ICD loader finds none "
              "(Debian: pocl-opencl-icd for the CPU, or the GPU vendor's ICD)";
    return out;
  }
  std::vector<cl_platform_id> platforms(count);
  clGetPlatformIDs(count, platforms.data(), nullptr);
  for (cl_platform_id p : platforms) {
    cl_uint n = 0;
    if (clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, nullptr, &n) != CL_SUCCESS || n == 0) continue;
    std::vector<cl_device_id> devices(n);
    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, n, devices.data(), nullptr);
    for (cl_device_id d : devices) {
      ClDevice c{p, d, {}};
      DeviceInfo& i = c.info;
      i.choice = "opencl:" + std::to_string(out.size());
      i.backend = "opencl";
      i.platform = infoString(clGetPlatformInfo, p, CL_PLATFORM_NAME);
      i.name = infoString(clGetDeviceInfo, d, CL_DEVICE_NAME);
      i.version = infoString(clGetDeviceInfo, d, CL_DEVICE_VERSION);
      cl_device_type type = 0;
      clGetDeviceInfo(d, CL_DEVICE_TYPE, sizeof type, &type, nullptr);
      i.type = (type & CL_DEVICE_TYPE_GPU)   ? "GPU"
               : (type & CL_DEVICE_TYPE_CPU) ? "CPU"
                                             : "accelerator";
      cl_uint units = 0;
      clGetDeviceInfo(d, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof units, &units, nullptr);
      i.computeUnits = static_cast<int>(units);
      cl_ulong mem = 0;
      clGetDeviceInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof mem, &mem, nullptr);
      i.memoryBytes = mem;
      i.advice = adviceFor(i.type);
      out.push_back(c);
    }
  }
  if (out.empty()) problem = "OpenCL platforms found, but none has a device";
  return out;
}
#endif

}  // namespace

DeviceList listDevices() {
  DeviceList l;
  l.devices.push_back(cpuDevice());
#ifdef NNPLAY_HAVE_OPENCL
  for (const ClDevice& d : openclDevices(l.openclProblem)) l.devices.push_back(d.info);
#else
  l.openclProblem = "this build of nnplay has no OpenCL support";
#endif
  return l;
}

std::unique_ptr<Backend> createBackend(const std::string& choice,
                                       const std::function<void(const std::string&)>& progress) {
  if (choice == "cpu") return std::make_unique<CpuBackend>();
  if (choice != "opencl" && choice.rfind("opencl:", 0) != 0) {
    throw DeviceError("unknown device '" + choice +
                      "'; expected cpu, opencl, opencl:N or opencl:NAME");
  }
#ifdef NNPLAY_HAVE_OPENCL
  std::string problem;
  const std::vector<ClDevice> devices = openclDevices(problem);
  if (devices.empty()) throw DeviceError("--device " + choice + ": " + problem);
  const std::string wanted = choice == "opencl" ? "0" : choice.substr(7);
  const ClDevice* pick = nullptr;
  if (!wanted.empty() && std::all_of(wanted.begin(), wanted.end(), ::isdigit)) {
    const auto i = std::stoul(wanted);
    if (i < devices.size()) pick = &devices[i];
  } else {
    for (const ClDevice& d : devices) {
      if (!pick && lower(d.info.name).find(lower(wanted)) != std::string::npos) pick = &d;
    }
  }
  if (!pick) {
    std::string names;
    for (const ClDevice& d : devices) names += "\n  " + d.info.choice + ": " + d.info.name;
    throw DeviceError("no OpenCL device matches '" + wanted + "'; the devices are:" + names);
  }
  return std::make_unique<OpenClBackend>(pick->platform, pick->device, pick->info.name, progress);
#else
  static_cast<void>(progress);
  throw DeviceError("--device " + choice + ": this build of nnplay has no OpenCL support");
#endif
}

}  // namespace nnplay
