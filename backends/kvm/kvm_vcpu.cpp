#include "backends/kvm/kvm_vcpu.h"

#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/error.h"

namespace emu::kvm {

namespace {

template <typename Argument>
void vcpu_ioctl(int fd, unsigned long request, Argument argument, const char* name) {
  if (::ioctl(fd, request, argument) < 0) {
    throw Error(ExitStatus::internal, fmt::format("KVM: {} failed: {}", name, std::strerror(errno)));
  }
}

}  // namespace

KvmVcpu::KvmVcpu(const KvmSystem& system, const KvmVm& vm) {
  int fd = ::ioctl(vm.fd(), KVM_CREATE_VCPU, 0);
  if (fd < 0) {
    throw Error(ExitStatus::backend_unavailable, fmt::format("KVM is not usable: KVM_CREATE_VCPU failed: {}; try --accel=interp", std::strerror(errno)));
  }
  fd_ = UniqueFd(fd);
  run_mapping_ = HostMapping::of_fd(fd, static_cast<std::size_t>(system.vcpu_mmap_size()));
  has_events_ = system.has_capability(KVM_CAP_VCPU_EVENTS);
}

int KvmVcpu::run() { return ::ioctl(fd_.get(), KVM_RUN, 0) < 0 ? errno : 0; }

kvm_regs KvmVcpu::regs() const {
  kvm_regs regs{};
  vcpu_ioctl(fd_.get(), KVM_GET_REGS, &regs, "KVM_GET_REGS");
  return regs;
}

void KvmVcpu::set_regs(const kvm_regs& regs) { vcpu_ioctl(fd_.get(), KVM_SET_REGS, &regs, "KVM_SET_REGS"); }

kvm_sregs KvmVcpu::sregs() const {
  kvm_sregs sregs{};
  vcpu_ioctl(fd_.get(), KVM_GET_SREGS, &sregs, "KVM_GET_SREGS");
  return sregs;
}

void KvmVcpu::set_sregs(const kvm_sregs& sregs) { vcpu_ioctl(fd_.get(), KVM_SET_SREGS, &sregs, "KVM_SET_SREGS"); }

kvm_vcpu_events KvmVcpu::events() const {
  kvm_vcpu_events events{};
  vcpu_ioctl(fd_.get(), KVM_GET_VCPU_EVENTS, &events, "KVM_GET_VCPU_EVENTS");
  return events;
}

void KvmVcpu::set_events(const kvm_vcpu_events& events) {
  vcpu_ioctl(fd_.get(), KVM_SET_VCPU_EVENTS, &events, "KVM_SET_VCPU_EVENTS");
}

}  // namespace emu::kvm
