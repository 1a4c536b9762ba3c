#include "backends/registry.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <functional>

#include "backends/interp/interpreter.h"
#include "backends/kvm/kvm_factory.h"
#include "backends/kvm/kvm_system.h"
#include "core/error.h"

namespace emu {

namespace {

struct BackendEntry {
  std::string_view name;
  std::function<std::unique_ptr<Backend>(Machine&, const BackendOptions&)> create;
};

// The one place that lists the backends, in the order --accel=auto tries them.
const std::array<BackendEntry, 2>& entries() {
  static const std::array<BackendEntry, 2> table = {
      BackendEntry{"kvm",
                   [](Machine& machine, const BackendOptions& options) -> std::unique_ptr<Backend> {
                     return kvm::create_kvm_backend(machine, options.kvm_device,
                                                    options.kvm_assist ? interpreter_assistant(machine) : nullptr,
                                                    options.trace, options.trace_sink, options.kvm_log);
                   }},
      BackendEntry{"interp",
                   [](Machine& machine, const BackendOptions& options) -> std::unique_ptr<Backend> {
                     auto interpreter = std::make_unique<interp::Interpreter>(machine, options.trace, options.trace_sink);
                     if (options.interp_log_count > 0) interpreter->log_instructions(options.interp_log_count, options.trace_sink);
                     return interpreter;
                   }},
  };
  return table;
}

}  // namespace

ExecutorFactory interpreter_assistant(Machine& machine) {
  return [&machine]() -> std::unique_ptr<InstructionExecutor> {
    return std::make_unique<interp::Interpreter>(machine, TraceMode::off, nullptr, host_profile());
  };
}

std::vector<std::string_view> backend_names() {
  std::vector<std::string_view> names;
  for (const BackendEntry& entry : entries()) names.push_back(entry.name);
  return names;
}

std::unique_ptr<Backend> create_backend(std::string_view accel, Machine& machine, const BackendOptions& options,
                                        const Log& log) {
  // KVM runs the host's CPU: it can only be the machine's CPU when that is the host's profile.
  const CpuProfile host = host_profile();
  const bool kvm_fits = machine.config().cpu == host;
  const std::string kvm_misfit = fmt::format("KVM runs this host's CPU (profile {}), not --cpu={}", profile_name(host),
                                             profile_name(machine.config().cpu));
  if (accel == "kvm" && !kvm_fits) {
    kvm::KvmSystem::require_x86_host();  // where KVM can never be, that comes first (status 6)
    throw Error(ExitStatus::usage, fmt::format("{}; use --accel=interp", kvm_misfit));
  }
  if (accel != "auto") {
    for (const BackendEntry& entry : entries()) {
      if (entry.name == accel) return entry.create(machine, options);
    }
    throw Error(ExitStatus::usage, fmt::format("unknown accelerator '{}' (choose from: {}, auto)", accel,
                                               fmt::join(backend_names(), ", ")));
  }
  std::vector<std::string> reasons;
  for (const BackendEntry& entry : entries()) {
    if (entry.name == "kvm" && !kvm_fits) {
      log.verbose("--accel=auto: passing over kvm: {}", kvm_misfit);
      continue;
    }
    try {
      return entry.create(machine, options);
    } catch (const Error& error) {
      if (error.status() != ExitStatus::backend_unavailable) throw;
      log.verbose("--accel=auto: passing over {}: {}", entry.name, kvm::without_advice(error.what()));
      reasons.push_back(kvm::without_advice(error.what()));
    }
  }
  throw Error(ExitStatus::backend_unavailable, fmt::format("no usable accelerator: {}", fmt::join(reasons, "; ")));
}

}  // namespace emu
