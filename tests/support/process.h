#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace emu::test {

struct ProcessResult {
  int exit_status = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::map<std::string, std::string> env;  // added to the inherited environment
  bool drop_root = false;                  // run as nobody when started as root
  std::chrono::seconds deadline{60};       // killed after this
};

// Runs `argv` to completion, capturing stdout and stderr.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs the built emu with `args`.
ProcessResult run_emu(const std::vector<std::string>& args, const ProcessOptions& options = {});

}  // namespace emu::test
