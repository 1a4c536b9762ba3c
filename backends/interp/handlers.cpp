#include "backends/interp/handlers.h"

#include "backends/interp/operands.h"
#include "decoder/operation.h"

namespace emu::interp {

Handler select_handler(const x86::Instruction& insn, CpuProfile profile) {
  switch (x86::family(insn.op)) {
    case x86::Family::alu: return select_alu(insn, profile);
    case x86::Family::shift: return select_shift(insn, profile);
    case x86::Family::bcd: return select_bcd(insn, profile);
    case x86::Family::move: return select_move(insn);
    case x86::Family::control: return select_control(insn);
    case x86::Family::string: return select_string(insn, profile);
    case x86::Family::system:
    case x86::Family::not_decoded: return select_system(insn, profile);
  }
  return {};
}

Handler select_flagless(const x86::Instruction& insn) {
  switch (x86::family(insn.op)) {
    case x86::Family::alu: return select_alu_flagless(insn);
    case x86::Family::shift: return select_shift_flagless(insn);
    default: return {};
  }
}

bool continues_straight(const x86::Instruction& insn) {
  return !x86::branches(insn.op) && !x86::has_trait(insn.op, x86::traits::ENDS) && !x86::repeats(insn);
}

bool reports_no_events(const x86::Instruction& insn) {
  if (!x86::has_trait(insn.op, x86::traits::QUIET) || x86::repeats(insn) || x86::stores_to_operand(insn)) return false;
  for (const x86::Operand& operand : insn.operands) {
    if (operand.kind == x86::OperandKind::sreg) return false;  // MOV SS holds off interrupts: an event
  }
  return true;
}

}  // namespace emu::interp
