// A build without the KVM backend: --compare has no KVM side to compare, and says why as the
// real comparison does when KVM cannot be opened.
#include <fmt/format.h>

#include "backends/kvm/kvm_system.h"
#include "compare/lockstep.h"
#include "core/error.h"

namespace emu::compare {

LockstepResult run_lockstep(std::span<const std::uint8_t>, const LockstepOptions& options, const Log&) {
  try {
    kvm::KvmSystem::open(options.kvm_device);
  } catch (const Error& error) {
    throw Error(error.status(), fmt::format("--compare needs KVM: {}", kvm::without_advice(error.what())));
  }
  throw Error(ExitStatus::internal, "KvmSystem::open accepted a host in a build without the KVM backend");
}

}  // namespace emu::compare
