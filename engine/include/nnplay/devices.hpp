#pragma once
// The compute devices nnplay can train on, chosen at run time: the CPU
// (Eigen; always there, the default) and every OpenCL device. A machine
// without OpenCL (no ICD loader configuration, no platform, no device) lists
// only the CPU and says why; nothing else changes.
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "nnplay/backend.hpp"

namespace nnplay {

// A device that was asked for and cannot be used, with the reason (no
// platform, no such device, kernel build log, CLBlast status code).
class DeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DeviceInfo {
  std::string choice;    // what --device takes: "cpu", "opencl:0", ...
  std::string backend;   // "cpu" or "opencl"
  std::string platform;  // OpenCL platform name
  std::string name;
  std::string type;  // "CPU", "GPU", "accelerator"
  int computeUnits = 0;
  std::uint64_t memoryBytes = 0;
  std::string version;  // OpenCL version string
  std::string advice;   // when this device is worth choosing
};

struct DeviceList {
  std::vector<DeviceInfo> devices;  // devices[0] is always the CPU backend
  std::string openclProblem;        // why no OpenCL device is listed, if none is
};

DeviceList listDevices();

// "cpu", "opencl" (the first OpenCL device), "opencl:N" (by index) or
// "opencl:NAME" (a case-insensitive substring of the device name). Building
// the OpenCL kernels happens here; `progress` hears "compiling OpenCL
// kernels..." and "...done". Throws DeviceError.
std::unique_ptr<Backend> createBackend(
    const std::string& choice, const std::function<void(const std::string&)>& progress = {});

}  // namespace nnplay
