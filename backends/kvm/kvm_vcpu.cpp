#include "backends/kvm/kvm_vcpu.h"

#include <vector>
#include <fmt/format.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "backends/kvm/ioctl_text.h"
#include "backends/kvm/kvm_ioctl.h"

namespace emu::kvm {

namespace {

// What a call that only sets or only gets a structure shows of it.
IoctlText input(std::string text) { return {std::move(text), ""}; }
IoctlText output(std::string text) { return {"", std::move(text)}; }

}  // namespace

KvmVcpu::KvmVcpu(const KvmSystem& system, const KvmVm& vm) : log_(system.log()) {
  int fd = checked_ioctl(log_, vm.fd(), KVM_CREATE_VCPU, 0, "KVM_CREATE_VCPU", ExitStatus::backend_unavailable,
                         [](int result) { return IoctlText{"id=0", fmt::format("vCPU fd {}", result)}; });
  fd_ = UniqueFd(fd);
  const auto size = static_cast<std::size_t>(system.vcpu_mmap_size());
  run_mapping_ = HostMapping::of_fd(fd, size);
  if (log_ != nullptr) {
    log_->record("mmap", fmt::format("vCPU fd {} size={:#x}", fd, size),
                 fmt::format("kvm_run at host={:#x}", reinterpret_cast<std::uintptr_t>(run_mapping_.data())));
  }
  has_events_ = system.has_capability(KVM_CAP_VCPU_EVENTS, "KVM_CAP_VCPU_EVENTS");
}

int KvmVcpu::run() {
  // What this entry passes in the kvm_run area is read before KVM overwrites it with the exit.
  const std::string entering = log_ != nullptr ? entry_text(run_bytes()) : std::string();
  const int result = kvm_ioctl(log_, fd_.get(), KVM_RUN, 0, "KVM_RUN", [&](int result) {
    if (result < 0) {
      log_->count_exit(errno == EINTR ? "EINTR (no exit: a signal or immediate_exit)" : "KVM_RUN failed");
      return input(entering);
    }
    VcpuExit exit = decode_exit(run_bytes());
    log_->count_exit(exit_reason_name(exit));
    return IoctlText{entering, exit_text(exit)};
  });
  return result < 0 ? errno : 0;
}

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
  checked_ioctl(log_, fd_.get(), KVM_SET_GUEST_DEBUG, &debug, "KVM_SET_GUEST_DEBUG", ExitStatus::internal,
                [&](int) { return input(guest_debug_text(debug)); });
}

kvm_regs KvmVcpu::regs() const {
  kvm_regs regs{};
  checked_ioctl(log_, fd_.get(), KVM_GET_REGS, &regs, "KVM_GET_REGS", ExitStatus::internal,
                [&](int) { return output(regs_text(regs)); });
  return regs;
}

void KvmVcpu::set_regs(const kvm_regs& regs) {
  checked_ioctl(log_, fd_.get(), KVM_SET_REGS, &regs, "KVM_SET_REGS", ExitStatus::internal,
                [&](int) { return input(regs_text(regs)); });
}

kvm_sregs KvmVcpu::sregs() const {
  kvm_sregs sregs{};
  checked_ioctl(log_, fd_.get(), KVM_GET_SREGS, &sregs, "KVM_GET_SREGS", ExitStatus::internal,
                [&](int) { return output(sregs_text(sregs)); });
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
  return kvm_ioctl(log_, fd_.get(), KVM_SET_CPUID2, cpuid, "KVM_SET_CPUID2",
                   [&](int) { return input(cpuid_text(*cpuid)); }) == 0;
}

void KvmVcpu::set_sregs(const kvm_sregs& sregs) {
  checked_ioctl(log_, fd_.get(), KVM_SET_SREGS, &sregs, "KVM_SET_SREGS", ExitStatus::internal,
                [&](int) { return input(sregs_text(sregs)); });
}

void KvmVcpu::interrupt(std::uint8_t vector) {
  kvm_interrupt request{};
  request.irq = vector;
  checked_ioctl(log_, fd_.get(), KVM_INTERRUPT, &request, "KVM_INTERRUPT", ExitStatus::internal,
                [&](int) { return input(fmt::format("irq={:#x}", request.irq)); });
}

kvm_vcpu_events KvmVcpu::events() const {
  kvm_vcpu_events events{};
  checked_ioctl(log_, fd_.get(), KVM_GET_VCPU_EVENTS, &events, "KVM_GET_VCPU_EVENTS", ExitStatus::internal,
                [&](int) { return output(events_text(events)); });
  return events;
}

void KvmVcpu::set_events(const kvm_vcpu_events& events) {
  checked_ioctl(log_, fd_.get(), KVM_SET_VCPU_EVENTS, &events, "KVM_SET_VCPU_EVENTS", ExitStatus::internal,
                [&](int) { return input(events_text(events)); });
}

}  // namespace emu::kvm
