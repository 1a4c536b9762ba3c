#include "backends/interp/handlers.h"

#include "backends/interp/operands.h"

namespace emu::interp {

Handler select_handler(const x86::Instruction& insn) {
  for (auto select : {select_alu, select_move, select_control, select_string, select_bcd, select_system}) {
    if (Handler handler = select(insn)) return handler;
  }
  return {};
}

bool continues_straight(const x86::Instruction& insn) {
  if (select_control(insn)) return false;
  // RDTSC reads the instruction count, which a block brings up to date only at its end. HLT
  // ends every run: what follows it is often data, not worth decoding ahead.
  if (insn.op == x86::Op::rdtsc || insn.op == x86::Op::hlt) return false;
  bool repeated = insn.has(x86::prefix::rep) || insn.has(x86::prefix::repne);
  return !(repeated && static_cast<bool>(select_string(insn)));
}

}  // namespace emu::interp
