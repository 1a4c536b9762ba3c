// A build without the KVM backend: KvmSystem::require_x86_host names why (the host is not
// x86-64, or the build left the backend out), and nothing else of KVM exists to be made.
#include "backends/kvm/kvm_factory.h"
#include "backends/kvm/kvm_system.h"
#include "core/error.h"

namespace emu::kvm {

std::unique_ptr<Backend> create_kvm_backend(Machine&, const std::string&, ExecutorFactory, TraceMode,
                                            std::function<void(const std::string&)>, IoctlLog*) {
  KvmSystem::require_x86_host();
  throw Error(ExitStatus::internal, "KvmSystem::require_x86_host accepted a build without the KVM backend");
}

}  // namespace emu::kvm
