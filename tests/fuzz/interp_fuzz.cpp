// libFuzzer target: random bytes executed as guest code by the interpreter for a bounded
// number of instructions (the guest: interp_fuzz_guest.h). ASan/UBSan catch any host memory
// touched outside guest RAM; the checks below catch the interpreter leaving its own invariants,
// and blocks disagreeing with single steps.
#include <cstdlib>
#include <cstring>

#include "fuzz/interp_fuzz_guest.h"

namespace {

bool same_state(const emu::CpuState& a, const emu::CpuState& b) {
  return a.gpr == b.gpr && a.eip == b.eip && a.eflags == b.eflags && a.seg == b.seg;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  if (size < 2) return 0;
  fuzz::FuzzGuest blocks(data, size);
  RunResult result = blocks.interpreter->run({2000});
  if (!result.insns || *result.insns > 2000) std::abort();
  CpuState after = blocks.interpreter->state();
  // The same instructions one step() at a time (no blocks) end in the same state and RAM.
  fuzz::FuzzGuest steps(data, size);
  for (std::uint64_t done = 0; done < *result.insns;) {
    RunResult step = steps.interpreter->step();
    if (step.reason != StopReason::limit) break;
    done = step.insns.value_or(done + 1);
  }
  if (result.reason == StopReason::limit || result.reason == StopReason::hlt) {
    if (!same_state(after, steps.interpreter->state())) std::abort();
    const GuestMemory& a = blocks.machine->memory();
    const GuestMemory& b = steps.machine->memory();
    if (std::memcmp(a.data(), b.data(), a.size()) != 0) std::abort();
  }
  // Real mode keeps segment bases at selector * 16.
  for (const SegmentRegister& segment : after.seg) {
    if (segment.base != std::uint32_t{segment.selector} << 4) std::abort();
  }
  if ((after.eflags & 2) == 0) std::abort();
  if (blocks.profile == CpuProfile::i286 && (after.eflags & ~0x0FFFu) != 0) std::abort();  // it holds no more
  return 0;
}
