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
  kvm_guest_debug debug{};
  debug.control = single_step ? KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP : 0;
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
