#pragma once

#include <linux/kvm.h>

#include <cstdint>
#include <span>
#include <vector>

#include "backends/kvm/kvm_system.h"
#include "backends/kvm/kvm_vm.h"
#include "core/cpuid_table.h"
#include "core/host_mapping.h"
#include "core/unique_fd.h"

namespace emu::kvm {

// One vCPU fd and its shared kvm_run area. Every call it makes goes to the system's log, if any.
class KvmVcpu {
 public:
  KvmVcpu(const KvmSystem& system, const KvmVm& vm);

  kvm_run& run_area() const { return *reinterpret_cast<kvm_run*>(run_mapping_.data()); }
  // The whole mapping: kvm_run plus the data pages that I/O exits point into.
  std::span<std::uint8_t> run_bytes() const { return run_mapping_.bytes(); }

  // One KVM_RUN: 0, or the errno it failed with (EINTR when a signal or immediate_exit stopped it).
  int run();

  kvm_regs regs() const;
  void set_regs(const kvm_regs& regs);
  kvm_sregs sregs() const;
  void set_sregs(const kvm_sregs& sregs);
  // KVM_SET_GUEST_DEBUG: with `single_step`, every KVM_RUN returns KVM_EXIT_DEBUG after one
  // instruction (on hardware-assisted hosts; see docs/differential.md for kvm_pvm).
  void set_single_step(bool single_step);
  // KVM_SET_GUEST_DEBUG's hardware breakpoints (KVM_GUESTDBG_USE_HW_BP): execution breakpoints
  // at up to max_hardware_breakpoints linear addresses (DR0-DR3, DR7's local enables), kept
  // together with the single-step setting.
  static constexpr std::size_t max_hardware_breakpoints = 4;
  void set_hardware_breakpoints(std::span<const std::uint32_t> linear);

  // KVM_SET_CPUID2: what CPUID answers in the guest. False where the host refuses it (kvm_pvm
  // answers EINVAL; its guests' CPUID then answers zeros).
  bool set_cpuid(std::span<const CpuidLeaf> leaves);

  // KVM_INTERRUPT: queues external interrupt `vector` for delivery at the next entry (only with
  // no in-kernel interrupt controller, and when kvm_run says the guest is ready for one).
  void interrupt(std::uint8_t vector);

  bool has_events() const { return has_events_; }
  kvm_vcpu_events events() const;
  void set_events(const kvm_vcpu_events& events);

 private:
  IoctlLog* log_;
  UniqueFd fd_;
  HostMapping run_mapping_;
  bool has_events_ = false;
  bool single_step_ = false;
  std::vector<std::uint32_t> hardware_breakpoints_;
  void apply_guest_debug();
};

}  // namespace emu::kvm
