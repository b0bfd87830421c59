#include "devices_command.hpp"

#include <ostream>

#include "nnplay/devices.hpp"

namespace nnplay::cli {

int runDevices(std::ostream& out) {
  const DeviceList l = listDevices();
  for (const DeviceInfo& d : l.devices) {
    out << d.choice << "  " << d.name << "\n";
    if (d.backend == "opencl") {
      out << "    platform " << d.platform << ", " << d.type << ", " << d.computeUnits
          << " compute units, " << (d.memoryBytes >> 20) << " MiB, " << d.version << "\n";
    }
    out << "    " << d.advice << "\n";
  }
  if (l.devices.size() == 1) out << "no OpenCL device: " << l.openclProblem << "\n";
  return 0;
}

}  // namespace nnplay::cli
