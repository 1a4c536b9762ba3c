#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backends/kvm/ioctl_log.h"
#include "core/backend.h"
#include "core/instruction_executor.h"
#include "core/log.h"
#include "platform/machine.h"
#include "core/trace.h"

#include <functional>

namespace emu {

struct BackendOptions {
  std::string kvm_device;  // path of the KVM device
  bool kvm_assist = true;  // run what KVM cannot emulate in the interpreter
  TraceMode trace = TraceMode::off;
  std::function<void(const std::string&)> trace_sink;  // receives --trace lines
  kvm::IoctlLog* kvm_log = nullptr;                    // --log-kvm: records every call to KVM
  std::uint64_t interp_log_count = 0;                  // --log-interp=N: the interpreter's first N instructions, told on trace_sink
};

// The interpreter as the executor of the instructions KVM cannot emulate on `machine` (KVM's
// assist), computing what the host's CPU does, since KVM runs the host's.
ExecutorFactory interpreter_assistant(Machine& machine);

// The names --accel accepts besides "auto", in preference order for "auto".
std::vector<std::string_view> backend_names();

// Creates the named backend, or for "auto" the first one in backend_names() that is usable
// (saying with -v why another was passed over). Throws Error: usage for an unknown name,
// backend_unavailable when nothing usable is left.
std::unique_ptr<Backend> create_backend(std::string_view accel, Machine& machine, const BackendOptions& options,
                                        const Log& log);

}  // namespace emu
