#pragma once

// Runs a program to completion with its output captured, its wall time and its peak memory
// measured: for the end-to-end tests (which run `emu` as users do) and for the performance
// comparison (which runs emu, QEMU and the Unicorn runner the same way). Not part of emu itself.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace emu::host {

struct ChildResult {
  int exit_status = -1;  // -1 when killed by a signal
  int signal = 0;
  bool timed_out = false;  // killed at the deadline
  std::string out;
  std::string err;
  std::chrono::nanoseconds wall{0};  // from just before fork to the child's exit
  long max_rss_kib = 0;              // the child's peak resident set (getrusage ru_maxrss)
  std::chrono::nanoseconds cpu{0};   // the child's user and system time
};

struct ChildOptions {
  std::map<std::string, std::string> env;  // added to the inherited environment
  bool drop_root = false;                  // run as nobody when started as root
  std::chrono::seconds deadline{60};       // killed after this
};

// Runs argv[0] (a path, not searched in PATH) with stdin from /dev/null.
ChildResult run_child(const std::vector<std::string>& argv, const ChildOptions& options = {});

// The first NAME in the directories of $PATH that is an executable file, or "".
std::string find_in_path(const std::string& name);

}  // namespace emu::host
