#include "backends/interp/handlers.h"

#include "backends/interp/operands.h"

namespace emu::interp {

Handler select_handler(const x86::Instruction& insn, CpuProfile profile) {
  if (Handler handler = select_alu(insn, profile)) return handler;
  for (auto select : {select_move, select_control}) {
    if (Handler handler = select(insn)) return handler;
  }
  if (Handler handler = select_string(insn, profile)) return handler;
  if (Handler handler = select_system(insn, profile)) return handler;
  return select_bcd(insn, profile);
}

bool continues_straight(const x86::Instruction& insn) {
  if (select_control(insn)) return false;
  // RDTSC reads the instruction count, which a block brings up to date only at its end. HLT
  // ends every run: what follows it is often data, not worth decoding ahead.
  if (insn.op == x86::Op::rdtsc || insn.op == x86::Op::hlt) return false;
  bool repeated = insn.has(x86::prefix::rep) || insn.has(x86::prefix::repne);
  return !(repeated && static_cast<bool>(select_string(insn, CpuProfile::intel)));  // any profile: is it one?
}

bool reports_no_events(const x86::Instruction& insn) {
  using x86::Op;
  using x86::OperandKind;
  if (!insn.valid() || insn.has(x86::prefix::rep) || insn.has(x86::prefix::repne)) return false;
  for (const x86::Operand& operand : insn.operands) {
    if (operand.kind == OperandKind::sreg) return false;  // MOV SS holds off interrupts: an event
  }
  // Memory only as a source: a store can rewrite cached code (Cpu::code_modified).
  const bool writes_register = insn.operands[0].kind == OperandKind::reg;
  switch (insn.op) {
    case Op::cmp: case Op::test: case Op::nop: case Op::clc: case Op::stc: case Op::cmc: case Op::cld:
    case Op::std: case Op::lahf: case Op::sahf: case Op::cbw: case Op::cwd: case Op::lods:
      return true;
    case Op::add: case Op::or_: case Op::adc: case Op::sbb: case Op::and_: case Op::sub: case Op::xor_:
    case Op::not_: case Op::neg: case Op::inc: case Op::dec: case Op::rol: case Op::ror: case Op::rcl:
    case Op::rcr: case Op::shl: case Op::sal: case Op::shr: case Op::sar: case Op::mov: case Op::movzx:
    case Op::movsx: case Op::lea: case Op::cmovcc: case Op::setcc: case Op::bswap:
      return writes_register;
    case Op::xchg:
      return writes_register && insn.operands[1].kind == OperandKind::reg;
    default:
      return false;
  }
}

}  // namespace emu::interp
