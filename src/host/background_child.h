#pragma once

// A program running beside the test that started it (emu serving gdb while gdb talks to it):
// stdin an open pipe that never ends (gdb, like a terminal user, waits on it), stdout and stderr
// into files. Not part of emu.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/unique_fd.h"

namespace emu::host {

class BackgroundChild {
 public:
  // Starts argv[0] (a path, not searched in PATH).
  BackgroundChild(const std::vector<std::string>& argv, const std::string& out_path, const std::string& err_path);
  BackgroundChild(const BackgroundChild&) = delete;
  BackgroundChild& operator=(const BackgroundChild&) = delete;
  ~BackgroundChild();  // a child still running is killed and reaped

  void signal(int number);
  // The exit status (-1 when a signal ended it), or nothing when it is still running after `limit`.
  std::optional<int> wait(std::chrono::milliseconds limit);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  UniqueFd stdin_;  // the write end, held open
  std::optional<int> status_;
};

}  // namespace emu::host
