#include "bare_kvm.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <stdexcept>

namespace bare {

namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

}  // namespace

BareVm create(std::size_t ram_size) {
  BareVm vm;
  vm.kvm = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  check(vm.kvm >= 0, "open /dev/kvm");
  vm.vm = ::ioctl(vm.kvm, KVM_CREATE_VM, 0);
  check(vm.vm >= 0, "KVM_CREATE_VM");
  std::uint64_t identity_map = 0xFFFBC000;
  check(::ioctl(vm.vm, KVM_SET_IDENTITY_MAP_ADDR, &identity_map) == 0, "KVM_SET_IDENTITY_MAP_ADDR");
  check(::ioctl(vm.vm, KVM_SET_TSS_ADDR, 0xFFFBD000ul) == 0, "KVM_SET_TSS_ADDR");
  vm.ram_size = ram_size;
  void* ram = ::mmap(nullptr, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  check(ram != MAP_FAILED, "mmap ram");
  vm.ram = static_cast<std::uint8_t*>(ram);
  kvm_userspace_memory_region region{0, 0, 0, ram_size, reinterpret_cast<std::uint64_t>(ram)};
  check(::ioctl(vm.vm, KVM_SET_USER_MEMORY_REGION, &region) == 0, "KVM_SET_USER_MEMORY_REGION");
  vm.vcpu = ::ioctl(vm.vm, KVM_CREATE_VCPU, 0);
  check(vm.vcpu >= 0, "KVM_CREATE_VCPU");
  vm.run_size = static_cast<std::size_t>(::ioctl(vm.kvm, KVM_GET_VCPU_MMAP_SIZE, 0));
  vm.run = ::mmap(nullptr, vm.run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm.vcpu, 0);
  check(vm.run != MAP_FAILED, "mmap kvm_run");
  reset(vm);
  return vm;
}

void reset(BareVm& vm) {
  kvm_sregs sregs{};
  check(::ioctl(vm.vcpu, KVM_GET_SREGS, &sregs) == 0, "KVM_GET_SREGS");
  for (kvm_segment* segment : {&sregs.cs, &sregs.ds, &sregs.es, &sregs.ss, &sregs.fs, &sregs.gs}) {
    segment->selector = 0;
    segment->base = 0;
  }
  check(::ioctl(vm.vcpu, KVM_SET_SREGS, &sregs) == 0, "KVM_SET_SREGS");
  kvm_regs regs{};
  regs.rflags = 2;
  check(::ioctl(vm.vcpu, KVM_SET_REGS, &regs) == 0, "KVM_SET_REGS");
}

std::uint64_t run_to_hlt(BareVm& vm, std::string& console) {
  auto* run = static_cast<kvm_run*>(vm.run);
  std::uint64_t exits = 0;
  for (;;) {
    check(::ioctl(vm.vcpu, KVM_RUN, 0) == 0, "KVM_RUN");
    ++exits;
    if (run->exit_reason == KVM_EXIT_HLT) return exits;
    check(run->exit_reason == KVM_EXIT_IO, "unexpected exit");
    if (run->io.direction == KVM_EXIT_IO_OUT && run->io.port == 0xF1) {
      console.push_back(static_cast<char>(reinterpret_cast<std::uint8_t*>(run)[run->io.data_offset]));
    }
  }
}

void destroy(BareVm& vm) {
  ::munmap(vm.run, vm.run_size);
  ::close(vm.vcpu);
  ::munmap(vm.ram, vm.ram_size);
  ::close(vm.vm);
  ::close(vm.kvm);
}

}  // namespace bare
