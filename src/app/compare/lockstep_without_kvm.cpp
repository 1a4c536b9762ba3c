// A build without the KVM backend: --compare has no KVM side to compare, and says why as the
// real comparison does when KVM cannot be opened.
#include <fmt/format.h>

#include "backends/kvm/kvm_system.h"
#include "compare/lockstep.h"
#include "core/error.h"

namespace emu::compare {

LockstepResult run_lockstep(std::span<const std::uint8_t>, const LockstepOptions&, const Log&) {
  try {
    kvm::KvmSystem::require_x86_host();
  } catch (const Error& error) {
    throw Error(error.status(), fmt::format("--compare needs KVM: {}", kvm::without_advice(error.what())));
  }
  throw Error(ExitStatus::internal, "KvmSystem::require_x86_host accepted a build without the KVM backend");
}

}  // namespace emu::compare
