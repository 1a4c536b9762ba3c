// The comparison's rules that need no KVM to state: what KVM is known to get wrong, which flags
// an instruction leaves defined, and the exit status of each verdict.
#include "compare/lockstep.h"

#include "core/exit_status.h"
#include "decoder/flags.h"
#include "decoder/operation.h"

namespace emu::compare {

// kvm_pvm's emulator leaves SF and ZF wrong after AAM and AAD; the interpreter follows the SDM.
std::uint32_t known_kvm_defects(const x86::Instruction& insn) {
  if (insn.op == x86::Op::aam || insn.op == x86::Op::aad) return flag::sf | flag::zf;
  return 0;
}

bool kvm_shadow_known_wrong(const x86::Instruction& insn) { return insn.op == x86::Op::sti || insn.op == x86::Op::hlt; }

bool kvm_result_known_wrong(const x86::Instruction& insn) {
  return insn.op == x86::Op::tzcnt || insn.op == x86::Op::lzcnt || insn.op == x86::Op::cpuid;
}

x86::FlagInfo effective_flags(const x86::Instruction& insn, const CpuState& state) {
  const std::uint32_t remaining = insn.address32() ? state.reg(Gpr::ecx) : state.reg(Gpr::ecx) & 0xFFFF;
  // A REP CMPS/SCAS with a count of 0 compares nothing.
  if (x86::repeats(insn) && x86::has_trait(insn.op, x86::traits::REPCMP) && remaining == 0) {
    return {x86::flag_info(insn).read, 0, 0};
  }
  return x86::flag_info(insn, x86::shift_count(insn).value_or(state.reg(Gpr::ecx) & 0xFF));
}

int compare_exit_status(Verdict verdict) {
  switch (verdict) {
    case Verdict::agree: return to_int(ExitStatus::ok);
    case Verdict::diverged: return to_int(ExitStatus::diverged);
    case Verdict::inconclusive: return to_int(ExitStatus::inconclusive);
    case Verdict::limit: return to_int(ExitStatus::limit);
    case Verdict::unsupported: return to_int(ExitStatus::guest_fault);
  }
  return to_int(ExitStatus::internal);
}

}  // namespace emu::compare
