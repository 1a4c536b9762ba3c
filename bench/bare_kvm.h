#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

// The floor for emu's KVM benchmarks: the same work done with nothing but raw ioctls, as a
// minimal hand-written KVM runner would (no classes of emu's, no checks beyond return codes).
namespace bare {

struct BareVm {
  int kvm = -1;
  int vm = -1;
  int vcpu = -1;
  std::uint8_t* ram = nullptr;
  std::size_t ram_size = 0;
  void* run = nullptr;
  std::size_t run_size = 0;
};

// open /dev/kvm, KVM_CREATE_VM, TSS + identity map, RAM slot, one vCPU with its kvm_run.
BareVm create(std::size_t ram_size);
void destroy(BareVm& vm);
// CS:IP = 0:0, all segments 0, FLAGS = 2.
void reset(BareVm& vm);
// Runs to HLT; bytes written to port 0xF1 are appended to `console`. Returns the number of exits.
std::uint64_t run_to_hlt(BareVm& vm, std::string& console);

}  // namespace bare
