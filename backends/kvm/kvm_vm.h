#pragma once

#include <cstdint>
#include <span>

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

  // Guest RAM as memory slots with some 4 KiB pages taken out for the debugger's watchpoints: a
  // page `readable` stays mapped read-only (KVM_MEM_READONLY: writes exit as MMIO), any other
  // is left unmapped (every access exits as MMIO). Empty: all of RAM, one slot.
  struct GuardedPage {
    std::uint32_t address;  // 4 KiB aligned, inside RAM
    bool readable;
  };
  void map_ram(std::span<const GuardedPage> guarded);

 private:
  void set_slot(std::uint32_t slot, std::uint64_t guest_address, std::uint64_t size, std::uint32_t flags);

  UniqueFd fd_;
  IoctlLog* log_;
  GuestMemory& memory_;
  std::uint32_t slots_ = 0;  // slots 0..slots_-1 in use
};

}  // namespace emu::kvm
