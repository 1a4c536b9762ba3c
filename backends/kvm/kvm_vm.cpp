#include "backends/kvm/kvm_vm.h"

#include <linux/kvm.h>

#include <fmt/format.h>

#include "backends/kvm/ioctl_text.h"
#include "backends/kvm/kvm_ioctl.h"

namespace emu::kvm {

namespace {
constexpr std::uint64_t page_size = 4096;
}  // namespace

KvmVm::KvmVm(const KvmSystem& system, GuestMemory& memory)
    : fd_(system.create_vm()), log_(system.log()), memory_(memory) {
  if (system.has_capability(KVM_CAP_SET_IDENTITY_MAP_ADDR, "KVM_CAP_SET_IDENTITY_MAP_ADDR")) {
    std::uint64_t identity_map = identity_map_address;
    checked_ioctl(log_, fd_.get(), KVM_SET_IDENTITY_MAP_ADDR, &identity_map, "KVM_SET_IDENTITY_MAP_ADDR",
                  ExitStatus::backend_unavailable,
                  [&](int) { return IoctlText{fmt::format("{:#x}", identity_map), ""}; });
  }
  checked_ioctl(log_, fd_.get(), KVM_SET_TSS_ADDR, static_cast<unsigned long>(tss_address), "KVM_SET_TSS_ADDR",
                ExitStatus::backend_unavailable, [](int) { return IoctlText{fmt::format("{:#x}", tss_address), ""}; });
  map_ram({});
}

void KvmVm::set_slot(std::uint32_t slot, std::uint64_t guest_address, std::uint64_t size, std::uint32_t flags) {
  kvm_userspace_memory_region region{};
  region.slot = slot;
  region.flags = flags;
  region.guest_phys_addr = guest_address;
  region.memory_size = size;  // 0 deletes the slot
  region.userspace_addr = size == 0 ? 0 : reinterpret_cast<std::uint64_t>(memory_.data() + guest_address);
  checked_ioctl(log_, fd_.get(), KVM_SET_USER_MEMORY_REGION, &region, "KVM_SET_USER_MEMORY_REGION",
                ExitStatus::backend_unavailable, [&](int) { return IoctlText{memory_region_text(region), ""}; });
}

void KvmVm::map_ram(std::span<const GuardedPage> guarded) {
  for (std::uint32_t slot = 0; slot < slots_; ++slot) set_slot(slot, 0, 0, 0);
  slots_ = 0;
  std::uint64_t start = 0;  // of the plain RAM not yet mapped
  for (const GuardedPage& page : guarded) {  // in address order
    if (page.address > start) set_slot(slots_++, start, page.address - start, 0);
    if (page.readable) set_slot(slots_++, page.address, page_size, KVM_MEM_READONLY);
    start = page.address + page_size;
  }
  if (memory_.size() > start) set_slot(slots_++, start, memory_.size() - start, 0);
}

}  // namespace emu::kvm
