#pragma once

#include <string>
#include <vector>

#include "host/child_process.h"

namespace emu::test {

using ProcessResult = host::ChildResult;
using ProcessOptions = host::ChildOptions;

// Runs `argv` to completion, capturing stdout and stderr.
inline ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {}) {
  return host::run_child(argv, options);
}

// Runs the built emu with `args`.
ProcessResult run_emu(const std::vector<std::string>& args, const ProcessOptions& options = {});

}  // namespace emu::test
