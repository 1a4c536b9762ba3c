#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backends/kvm/ioctl_log.h"
#include "core/cpu_state.h"
#include "core/log.h"
#include "platform/key_script.h"
#include "platform/machine.h"
#include "core/run_result.h"
#include "core/stop_request.h"
#include "decoder/flags.h"
#include "decoder/instruction.h"

namespace emu::compare {

struct LockstepOptions {
  MachineConfig machine;
  std::string kvm_device;
  std::uint64_t max_steps = 10'000'000;  // interpreter steps (instructions or REP iterations)
  StopRequest* stop = nullptr;  // polled at every step (--timeout, signals)
  std::optional<CpuState> initial_state;  // else the machine's initial state
  std::vector<KeyAction> keys;  // typed on both machines' keyboards (--machine pc)
  std::vector<std::uint8_t> serial_input;  // arriving on both machines' COM1
  // The platform's lines for stderr (a disk the BIOS warns about), from the interpreter's machine
  // (the KVM machine's would say the same again).
  std::function<void(const std::string&)> warn;
  kvm::IoctlLog* kvm_log = nullptr;  // --log-kvm: the KVM side's calls
  std::uint64_t interp_log_count = 0;  // --log-interp=N: the interpreter side's first N instructions, told on stderr
};

enum class Verdict {
  agree,         // the guest ran to its end on both with no difference
  diverged,      // a difference outside the masked flags
  inconclusive,  // the guest read a flag one instruction left undefined, and the two sides have it
                 // different: either result is right
  limit,         // max_steps reached, or a stop requested, without a difference
  unsupported,   // the interpreter stopped on something it does not model
};

struct LockstepResult {
  Verdict verdict = Verdict::agree;
  std::uint64_t steps = 0;     // interpreter steps compared
  std::uint64_t syncs = 0;     // states compared field by field
  std::uint64_t interrupts = 0;  // hardware interrupts taken on both sides (--machine pc)
  // Instructions that read a flag an earlier one left undefined, where both sides had it the same.
  std::uint64_t undefined_reads_agreed = 0;
  std::string report;          // for a divergence: the instruction and both states side by side
  RunResult guest_end;         // how the guest ended (agree)
  std::string console;         // the guest's console output (the interpreter's copy)
  // Results KVM is known to get wrong (kvm_result_known_wrong) that differed and were replaced
  // by the interpreter's, with the first such instruction described.
  std::uint64_t kvm_results_replaced = 0;
  std::string first_replaced;
};

// Runs one image on KVM (single-stepping) and on the interpreter, each with its own RAM, and
// compares them at every state both reach: every field of CpuState (for_each_field), flags
// under the undefined-flag mask, RAM and console output. KVM may take several instructions, or
// part of a REP, per exit; the interpreter follows it by state, one instruction or REP
// iteration at a time.
LockstepResult run_lockstep(std::span<const std::uint8_t> image, const LockstepOptions& options, const Log& log);

// Flags the KVM side is known to get wrong after `insn`, masked like undefined ones
// (docs/differential.md).
std::uint32_t known_kvm_defects(const x86::Instruction& insn);

// After STI, kvm_pvm's emulator reports an interrupt shadow also when IF was already set; the
// SDM blocks interrupts after an STI only when it sets IF (vol. 3C, the VMCS interruptibility
// state's "blocking by STI"; STI in vol. 2B), as the interpreter does; and on the HLT exit after
// STI; HLT it still reports the STI's shadow, which the HLT has ended. The lockstep does not
// compare the shadow after an STI or a HLT.
bool kvm_shadow_known_wrong(const x86::Instruction& insn);

// Instructions whose whole result the kernel's emulator on kvm_pvm hosts gets wrong: it runs
// TZCNT and LZCNT (F3 0F BC/BD) as BSF and BSR, ignoring the F3 prefix, where the CPU (BMI1/ABM)
// counts zeros; and CPUID answers zeros there, kvm_pvm refusing the table emu sets
// (KVM_SET_CPUID2) that the interpreter answers from. When KVM's state after one differs, the
// lockstep takes the interpreter's state (the manuals' and the chip's answer) for KVM and goes
// on (docs/differential.md).
bool kvm_result_known_wrong(const x86::Instruction& insn);

// The flags `insn` really reads, writes and leaves undefined when executed in `state`: a shift
// or rotate whose masked count is 0, or a REP CMPS/SCAS with a count of 0, changes no flag,
// whatever the static metadata says.
x86::FlagInfo effective_flags(const x86::Instruction& insn, const CpuState& state);

// The exit status `emu --compare` uses for each verdict (docs/cli.md).
int compare_exit_status(Verdict verdict);

}  // namespace emu::compare
