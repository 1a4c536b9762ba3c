#include "support/kvm_available.h"

#include "backends/kvm/kvm_system.h"
#include "core/error.h"

namespace emu::test {

std::optional<std::string> kvm_unusable_reason() {
  try {
    kvm::KvmSystem::open(kvm::default_device_path());
    return std::nullopt;
  } catch (const Error& error) {
    return std::string("KVM is not usable on this host: ") + error.what();
  }
}

bool host_is_kvm_pvm() { return kvm::host_module() == "kvm_pvm"; }

}  // namespace emu::test
