#include "backends/kvm/kvm_vcpu.h"

#include <vector>
#include <fmt/format.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "backends/kvm/checked_ioctl.h"

namespace emu::kvm {

KvmVcpu::KvmVcpu(const KvmSystem& system, const KvmVm& vm) {
  int fd = checked_ioctl(vm.fd(), KVM_CREATE_VCPU, 0, "KVM_CREATE_VCPU", ExitStatus::backend_unavailable);
  fd_ = UniqueFd(fd);
  run_mapping_ = HostMapping::of_fd(fd, static_cast<std::size_t>(system.vcpu_mmap_size()));
  has_events_ = system.has_capability(KVM_CAP_VCPU_EVENTS);
}

int KvmVcpu::run() { return ::ioctl(fd_.get(), KVM_RUN, 0) < 0 ? errno : 0; }

void KvmVcpu::set_single_step(bool single_step) {
  single_step_ = single_step;
  apply_guest_debug();
}

void KvmVcpu::set_hardware_breakpoints(std::span<const std::uint32_t> linear) {
  if (linear.size() > max_hardware_breakpoints) throw Error(ExitStatus::internal, "more than 4 hardware breakpoints");
  hardware_breakpoints_.assign(linear.begin(), linear.end());
  apply_guest_debug();
}

void KvmVcpu::apply_guest_debug() {
  kvm_guest_debug debug{};
  if (single_step_) debug.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
  if (!hardware_breakpoints_.empty()) {
    debug.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
    for (std::size_t i = 0; i < hardware_breakpoints_.size(); ++i) {
      debug.arch.debugreg[i] = hardware_breakpoints_[i];
      // DR7: Ln enables breakpoint n; its R/W and LEN fields 0 mean "instruction execution".
      debug.arch.debugreg[7] |= std::uint64_t{1} << (2 * i);
    }
  }
  checked_ioctl(fd_.get(), KVM_SET_GUEST_DEBUG, &debug, "KVM_SET_GUEST_DEBUG", ExitStatus::internal);
}

kvm_regs KvmVcpu::regs() const {
  kvm_regs regs{};
  checked_ioctl(fd_.get(), KVM_GET_REGS, &regs, "KVM_GET_REGS", ExitStatus::internal);
  return regs;
}

void KvmVcpu::set_regs(const kvm_regs& regs) {
  checked_ioctl(fd_.get(), KVM_SET_REGS, &regs, "KVM_SET_REGS", ExitStatus::internal);
}

kvm_sregs KvmVcpu::sregs() const {
  kvm_sregs sregs{};
  checked_ioctl(fd_.get(), KVM_GET_SREGS, &sregs, "KVM_GET_SREGS", ExitStatus::internal);
  return sregs;
}

bool KvmVcpu::set_cpuid(std::span<const CpuidLeaf> leaves) {
  // struct kvm_cpuid2 ends in a flexible array: header and entries in one buffer.
  std::vector<std::uint8_t> buffer(sizeof(kvm_cpuid2) + leaves.size() * sizeof(kvm_cpuid_entry2));
  auto* cpuid = reinterpret_cast<kvm_cpuid2*>(buffer.data());
  cpuid->nent = static_cast<std::uint32_t>(leaves.size());
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    kvm_cpuid_entry2& entry = cpuid->entries[i];
    entry = {};
    entry.function = leaves[i].leaf;
    entry.eax = leaves[i].eax;
    entry.ebx = leaves[i].ebx;
    entry.ecx = leaves[i].ecx;
    entry.edx = leaves[i].edx;
  }
  return ::ioctl(fd_.get(), KVM_SET_CPUID2, cpuid) == 0;
}

void KvmVcpu::set_sregs(const kvm_sregs& sregs) {
  checked_ioctl(fd_.get(), KVM_SET_SREGS, &sregs, "KVM_SET_SREGS", ExitStatus::internal);
}

void KvmVcpu::interrupt(std::uint8_t vector) {
  kvm_interrupt request{};
  request.irq = vector;
  checked_ioctl(fd_.get(), KVM_INTERRUPT, &request, "KVM_INTERRUPT", ExitStatus::internal);
}

kvm_vcpu_events KvmVcpu::events() const {
  kvm_vcpu_events events{};
  checked_ioctl(fd_.get(), KVM_GET_VCPU_EVENTS, &events, "KVM_GET_VCPU_EVENTS", ExitStatus::internal);
  return events;
}

void KvmVcpu::set_events(const kvm_vcpu_events& events) {
  checked_ioctl(fd_.get(), KVM_SET_VCPU_EVENTS, &events, "KVM_SET_VCPU_EVENTS", ExitStatus::internal);
}

}  // namespace emu::kvm
