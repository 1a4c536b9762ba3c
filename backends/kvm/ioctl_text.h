#pragma once

#include <linux/kvm.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "backends/kvm/vcpu_exit.h"

namespace emu::kvm {

// What --log-kvm prints of the structures the x86 ioctls pass (docs/learn.md): their fields by
// the names the KVM API document gives them, numbers in hex.

// "slot=0 flags=0 guest_phys=0x0 size=1 MiB host=0x7f..."
std::string memory_region_text(const kvm_userspace_memory_region& region);
// The general registers, RIP and RFLAGS (R8-R15 only where not zero: real mode cannot set them).
std::string regs_text(const kvm_regs& regs);
// The segment registers (selector, base, limit, type), the descriptor tables and CR0.
std::string sregs_text(const kvm_sregs& sregs);
// The interrupt shadow and the pending or injected events.
std::string events_text(const kvm_vcpu_events& events);
// KVM_SET_GUEST_DEBUG's control bits and debug registers.
std::string guest_debug_text(const kvm_guest_debug& debug);
// The leaves of a KVM_SET_CPUID2 table.
std::string cpuid_text(const kvm_cpuid2& cpuid);

// The exit's reason as <linux/kvm.h> names it (KVM_EXIT_IO), for the summary's count.
std::string_view exit_reason_name(const VcpuExit& exit);
// The exit with its fields: "KVM_EXIT_IO out port=0xf1 size=1 count=1 data='H'".
std::string exit_text(const VcpuExit& exit);
// What a KVM_RUN about to begin passes in the kvm_run area: the data emu put there for the IN or
// MMIO read the last exit asked for (which this entry completes), immediate_exit and
// request_interrupt_window where set. Empty when there is nothing of that.
std::string entry_text(std::span<std::uint8_t> run_area);

}  // namespace emu::kvm
