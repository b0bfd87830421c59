#pragma once
// Runs the real nnplay-cli (NNPLAY_CLI) as a user would: its exit code and
// everything it printed, and the JSON object on its last line.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace nnplay::test {

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
  nlohmann::json lastJson() const {
    const auto end = out.find_last_not_of('\n');
    const auto start = out.rfind('\n', end);
    return nlohmann::json::parse(
        out.substr(start == std::string::npos ? 0 : start + 1,
                   end - (start == std::string::npos ? 0 : start + 1) + 1));
  }
};

inline Result cli(const std::string& args) {
  Result r;
  const std::string cmd = std::string(NNPLAY_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), p)) r.out += buf.data();
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace nnplay::test
