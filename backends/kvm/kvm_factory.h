#pragma once

#include <functional>
#include <memory>
#include <string>

#include "backends/kvm/ioctl_log.h"
#include "core/backend.h"
#include "core/instruction_executor.h"
#include "core/trace.h"
#include "platform/machine.h"

namespace emu::kvm {

// The KVM backend for the registry, which needs no more of it than a Backend. In a build without
// the KVM backend (EMU_KVM off) it throws what KvmSystem::require_x86_host says of this host.
// Throws Error(backend_unavailable) when KVM cannot be used. `log`: --log-kvm's, or null.
std::unique_ptr<Backend> create_kvm_backend(Machine& machine, const std::string& device_path,
                                            ExecutorFactory assistant, TraceMode trace_mode,
                                            std::function<void(const std::string&)> trace_sink, IoctlLog* log);

}  // namespace emu::kvm
