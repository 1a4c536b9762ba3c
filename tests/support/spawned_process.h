#pragma once

// A child process the test talks to while it runs: its stdout and stderr are descriptors the
// test chose (a file, a pipe, a terminal), and the test can signal it and wait for it with a
// bound. For the signal and output tests (tests/e2e/output_test.cpp).

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace emu::test {

class SpawnedProcess {
 public:
  // Starts argv[0] (a path) with the given descriptors as stdout and stderr (-1: closed) and
  // stdin from `in` (nothing: /dev/null). Throws std::runtime_error when it cannot start.
  SpawnedProcess(const std::vector<std::string>& argv, int out, int err, std::optional<int> in = std::nullopt);
  SpawnedProcess(const SpawnedProcess&) = delete;
  SpawnedProcess& operator=(const SpawnedProcess&) = delete;
  ~SpawnedProcess();  // kills and reaps a child still running

  void signal(int number) const;
  // The exit status, -1 - signal for a child killed by a signal, or nothing when it is still
  // running after `bound`.
  std::optional<int> wait(std::chrono::milliseconds bound);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// Everything readable from `fd` until EOF or `bound` passes.
std::string read_until_eof(int fd, std::chrono::milliseconds bound);
// Bytes from `fd` until `needle` has been read or `bound` passes.
std::string read_until(int fd, const std::string& needle, std::chrono::milliseconds bound);

}  // namespace emu::test
