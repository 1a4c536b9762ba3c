#pragma once

#include <cstdint>

#include "backends/kvm/kvm_system.h"
#include "core/guest_memory.h"
#include "core/unique_fd.h"

namespace emu::kvm {

// A VM fd with guest RAM as memory slot 0 and the real-mode helpers Intel hosts need.
class KvmVm {
 public:
  // Guest-physical pages KVM takes for the real-mode TSS (3 pages) and the identity-mapped
  // page table (1 page) on Intel hosts without unrestricted guest. They sit far above the
  // highest real-mode address, so no guest RAM or MMIO ever overlaps them; AMD ignores them.
  static constexpr std::uint64_t tss_address = 0xFFFBD000;
  static constexpr std::uint64_t identity_map_address = 0xFFFBC000;

  KvmVm(const KvmSystem& system, GuestMemory& memory);

  int fd() const { return fd_.get(); }

 private:
  UniqueFd fd_;
};

}  // namespace emu::kvm
