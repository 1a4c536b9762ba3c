#include "backends/interp/flag_liveness.h"

#include <cstdint>

#include "backends/interp/handlers.h"
#include "decoder/flags.h"

namespace emu::interp {

namespace {

using x86::Instruction;
using x86::Op;
using x86::OperandKind;
using x86::flags::ARITH;

bool register_operands_only(const Instruction& insn) {
  for (const x86::Operand& operand : insn.operands) {
    switch (operand.kind) {
      case OperandKind::none:
      case OperandKind::reg:
      case OperandKind::imm:
      case OperandKind::one:
        break;
      default:
        return false;
    }
  }
  return true;
}

// Neither faults nor reports an event (so nothing but what it reads observes the flags before
// it): register and immediate forms of operations that cannot fault, and LEA.
bool transparent(const Instruction& insn) {
  if (insn.op == Op::lea) return true;
  if (!register_operands_only(insn)) return false;
  switch (insn.op) {
    case Op::add: case Op::or_: case Op::adc: case Op::sbb: case Op::and_: case Op::sub: case Op::xor_:
    case Op::cmp: case Op::test: case Op::not_: case Op::neg: case Op::inc: case Op::dec:
    case Op::rol: case Op::ror: case Op::rcl: case Op::rcr: case Op::shl: case Op::sal: case Op::shr: case Op::sar:
    case Op::mov: case Op::movzx: case Op::movsx: case Op::xchg: case Op::cbw: case Op::cwd: case Op::cmovcc:
    case Op::setcc: case Op::bswap: case Op::lahf: case Op::sahf: case Op::nop: case Op::clc: case Op::stc:
    case Op::cmc:
      return true;
    default:
      return false;
  }
}

// The arithmetic flags `insn` certainly writes: a shift or rotate writes none when its count
// may be 0 (from CL, or an immediate that masks to 0 or, for RCL/RCR, turns the value round).
std::uint16_t certainly_written(const Instruction& insn) {
  const std::uint16_t written = x86::flag_info(insn).written & ARITH;
  switch (insn.op) {
    case Op::rol: case Op::ror: case Op::shl: case Op::sal: case Op::shr: case Op::sar:
    case Op::rcl: case Op::rcr: {
      const x86::Operand& count = insn.operands[1];
      if (count.kind == OperandKind::one) return written;
      if (count.kind != OperandKind::imm) return 0;
      unsigned masked = insn.imm & 0x1F;
      if ((insn.op == Op::rcl || insn.op == Op::rcr) && insn.operand_size < 4) masked %= 8 * insn.operand_size + 1;
      return masked != 0 ? written : 0;
    }
    default:
      return written;
  }
}

bool writes_memory(const Instruction& insn) {
  return insn.operands[0].kind == OperandKind::mem && insn.op != Op::cmp && insn.op != Op::test;
}

}  // namespace

void drop_dead_flags(std::span<BlockEntry> entries, bool ends_in_exit) {
  std::uint16_t live = ARITH;  // whatever follows the block may read any of them
  for (std::size_t i = entries.size(); i-- > 0;) {
    BlockEntry& entry = entries[i];
    const Instruction& insn = entry.insn;
    const x86::FlagInfo info = x86::flag_info(insn);
    if ((info.written & ARITH) != 0 && (info.written & live) == 0 && !writes_memory(insn)) {
      if (Handler flagless = select_flagless(insn)) {
        entry.chain = reports_no_events(insn) ? flagless.silent_chain : flagless.chain;
      }
    }
    const bool exit_form = ends_in_exit && i + 1 == entries.size();
    if (exit_form || transparent(insn)) {
      live = static_cast<std::uint16_t>((live & ~certainly_written(insn)) | info.read);
    } else {
      live = ARITH;  // a fault or a stop shows every flag
    }
  }
}

}  // namespace emu::interp
