#include "backends/kvm/kvm_vm.h"

#include <linux/kvm.h>

#include "backends/kvm/checked_ioctl.h"

namespace emu::kvm {

KvmVm::KvmVm(const KvmSystem& system, GuestMemory& memory) : fd_(system.create_vm()) {
  if (system.has_capability(KVM_CAP_SET_IDENTITY_MAP_ADDR)) {
    std::uint64_t identity_map = identity_map_address;
    checked_ioctl(fd_.get(), KVM_SET_IDENTITY_MAP_ADDR, &identity_map, "KVM_SET_IDENTITY_MAP_ADDR",
                  ExitStatus::backend_unavailable);
  }
  checked_ioctl(fd_.get(), KVM_SET_TSS_ADDR, static_cast<unsigned long>(tss_address), "KVM_SET_TSS_ADDR",
                ExitStatus::backend_unavailable);
  kvm_userspace_memory_region region{};
  region.slot = 0;
  region.guest_phys_addr = 0;
  region.memory_size = memory.size();
  region.userspace_addr = reinterpret_cast<std::uint64_t>(memory.data());
  checked_ioctl(fd_.get(), KVM_SET_USER_MEMORY_REGION, &region, "KVM_SET_USER_MEMORY_REGION",
                ExitStatus::backend_unavailable);
}

}  // namespace emu::kvm
