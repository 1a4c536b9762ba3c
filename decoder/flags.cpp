#include "decoder/flags.h"

#include <array>
#include <string_view>

namespace emu::x86 {

namespace {

using namespace flags;

struct OpInfo {
  std::string_view mnemonic;
  FlagInfo flags;
};

constexpr std::array<OpInfo, op_count> op_table = {{
#define EMU_OP(name, mnemonic, read, written, undefined) \
  {mnemonic, {static_cast<std::uint16_t>(read), static_cast<std::uint16_t>(written), static_cast<std::uint16_t>(undefined)}},
#include "decoder/ops.def"
#undef EMU_OP
}};

}  // namespace

std::uint16_t condition_flags(std::uint8_t condition) {
  static constexpr std::array<std::uint16_t, 8> by_pair = {O, C, Z, C | Z, S, P, S | O, Z | S | O};
  return by_pair[(condition >> 1) & 7];
}

FlagInfo flag_info(const Instruction& instruction) {
  FlagInfo info = op_table[static_cast<unsigned>(instruction.op)].flags;
  if (instruction.op == Op::jcc || instruction.op == Op::setcc || instruction.op == Op::cmovcc) {
    info.read = condition_flags(instruction.condition());
  }
  // Shifts and rotates define OF for a count of 1: the D0-D3 forms by one always have it.
  if (instruction.operands[1].kind == OperandKind::one) info.undefined &= static_cast<std::uint16_t>(~O);
  return info;
}

std::string_view mnemonic(Op op) { return op_table[static_cast<unsigned>(op)].mnemonic; }

}  // namespace emu::x86
