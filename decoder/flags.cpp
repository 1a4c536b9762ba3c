#include "decoder/flags.h"

#include <array>

#include "decoder/operation.h"

namespace emu::x86 {

using namespace flags;

std::uint16_t condition_flags(std::uint8_t condition) {
  static constexpr std::array<std::uint16_t, 8> by_pair = {O, C, Z, C | Z, S, P, S | O, Z | S | O};
  return by_pair[(condition >> 1) & 7];
}

FlagInfo flag_info(const Instruction& instruction) {
  FlagInfo info = facts(instruction.op).flags;
  if (instruction.op == Op::jcc || instruction.op == Op::setcc || instruction.op == Op::cmovcc) {
    info.read = condition_flags(instruction.condition());
  }
  // Shifts and rotates define OF for a count of 1: the D0-D3 forms by one always have it.
  if (instruction.operands[1].kind == OperandKind::one) info.undefined &= static_cast<std::uint16_t>(~O);
  return info;
}

FlagInfo flag_info(const Instruction& instruction, std::uint32_t count) {
  FlagInfo info = flag_info(instruction);
  if (!has_trait(instruction.op, traits::SHIFT)) return info;
  const std::uint32_t masked = count & 0x1F;
  if (masked == 0) return {};
  if (masked == 1) info.undefined &= static_cast<std::uint16_t>(~O);
  const bool through_carry = instruction.op == Op::rcl || instruction.op == Op::rcr;
  const unsigned bits = 8u * instruction.operand_size;
  if (through_carry && bits < 32 && masked % (bits + 1) == 0) {
    // A whole turn through CF: CF comes back to its value; OF is left undefined (Intel keeps
    // it, AMD and the 80286 write it: backends/interp/profile_choices.h).
    return {C, O, O};
  }
  return info;
}

std::optional<std::uint32_t> shift_count(const Instruction& instruction) {
  if (!has_trait(instruction.op, traits::SHIFT)) return std::nullopt;
  const Operand& count = instruction.operands[2].kind != OperandKind::none ? instruction.operands[2] : instruction.operands[1];
  if (count.kind == OperandKind::one) return 1;
  if (count.kind == OperandKind::imm) return instruction.imm;
  return std::nullopt;  // CL
}

std::string_view mnemonic(Op op) { return facts(op).mnemonic; }

}  // namespace emu::x86
