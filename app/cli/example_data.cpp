#include "example_data.hpp"

#include <filesystem>
#include <system_error>

namespace nnplay::cli {

std::string datasetsDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // Linux: the running program
  if (!ec) {
    const fs::path installed = exe.parent_path() / ".." / "share" / "nnplay" / "datasets";
    if (fs::exists(installed / "iris.csv", ec)) return installed.lexically_normal().string();
  }
  return NNPLAY_RESOURCES_DIR "/datasets";
}

std::string digitsDir() {
  return datasetsDir() + "/digits";
}

}  // namespace nnplay::cli
