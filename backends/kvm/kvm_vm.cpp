#include "backends/kvm/kvm_vm.h"

#include <linux/kvm.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/error.h"

namespace emu::kvm {

namespace {

// `argument` is a pointer or an integer, as each request takes.
template <typename Argument>
void vm_ioctl(int fd, unsigned long request, Argument argument, const char* name) {
  if (::ioctl(fd, request, argument) < 0) {
    throw Error(ExitStatus::backend_unavailable, fmt::format("KVM is not usable: {} failed: {}; try --accel=interp", name, std::strerror(errno)));
  }
}

}  // namespace

KvmVm::KvmVm(const KvmSystem& system, GuestMemory& memory) : fd_(system.create_vm()) {
  if (system.has_capability(KVM_CAP_SET_IDENTITY_MAP_ADDR)) {
    std::uint64_t identity_map = identity_map_address;
    vm_ioctl(fd_.get(), KVM_SET_IDENTITY_MAP_ADDR, &identity_map, "KVM_SET_IDENTITY_MAP_ADDR");
  }
  vm_ioctl(fd_.get(), KVM_SET_TSS_ADDR, static_cast<unsigned long>(tss_address), "KVM_SET_TSS_ADDR");
  kvm_userspace_memory_region region{};
  region.slot = 0;
  region.guest_phys_addr = 0;
  region.memory_size = memory.size();
  region.userspace_addr = reinterpret_cast<std::uint64_t>(memory.data());
  vm_ioctl(fd_.get(), KVM_SET_USER_MEMORY_REGION, &region, "KVM_SET_USER_MEMORY_REGION");
}

}  // namespace emu::kvm
