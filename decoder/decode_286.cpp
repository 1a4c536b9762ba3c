// The 80286's instruction set, decoded by the general decoder with the 286's own rules around
// it. Sources: Intel, "80286 and 80287 Programmer's Reference Manual" (1987), appendix B (opcode
// map) and chapter 3 (instruction format, the 10-byte limit, LOCK), and the 80286 silicon states
// of tests/data/conformance, which exercise LOCK, the 10-byte limit and MOV with segment register
// 4/5 (they hold no 0F, F1 or 64-67 forms).

#include <algorithm>
#include <array>

#include "decoder/decode.h"

namespace emu::x86 {

namespace {

// Prefixes the 80286 knows. F1 is a prefix too, as those who probed 286s report (unmeasured here):
// one that selects the bond-out ICE's bus, which a production 286 lacks, so that it counts
// towards the 10-byte limit and, like LOCK, changes nothing the program can see.
bool is_286_prefix(std::uint8_t byte) {
  switch (byte) {
    case 0x26: case 0x2E: case 0x36: case 0x3E: case 0xF0: case 0xF1: case 0xF2: case 0xF3:
      return true;
    default:
      return false;
  }
}

bool does_nothing_visible(std::uint8_t prefix) { return prefix == 0xF0 || prefix == 0xF1; }

// The 0F instructions of the 80286 (its system instructions); every other 0F form is a later
// CPU's. Real mode raises #UD for the protected-mode ones, as the interpreter does for every
// profile.
bool is_286_system_instruction(const Instruction& insn) {
  switch (insn.op) {
    case Op::sldt: case Op::str: case Op::lldt: case Op::ltr: case Op::verr: case Op::verw: case Op::sgdt:
    case Op::sidt: case Op::lgdt: case Op::lidt: case Op::smsw: case Op::lmsw: case Op::lar: case Op::lsl:
    case Op::clts:
      return true;
    default:
      return false;
  }
}

Instruction of_length(Op op, std::size_t length) {
  Instruction insn;
  insn.op = op;
  insn.length = static_cast<std::uint8_t>(length);
  return insn;
}

// More than 10 bytes: #GP (the 286's limit; a modern CPU's is 15), whatever the bytes are.
Instruction too_long_286() { return of_length(Op::too_long, max_286_instruction_length); }
Instruction truncated(std::size_t available) { return of_length(Op::truncated, available); }

// `op` of `length` bytes, or too long.
Instruction result_of_length(Op op, std::size_t length) {
  return length > max_286_instruction_length ? too_long_286() : of_length(op, length);
}
Instruction invalid_of_length(std::size_t length) { return result_of_length(Op::invalid, length); }

}  // namespace

Instruction decode_286(std::span<const std::uint8_t> bytes) {
  // The instruction with its LOCK and F1 prefixes left out, which the general decoder would
  // refuse before most instructions where the 286 accepts them before every one.
  std::array<std::uint8_t, max_instruction_length> kept{};
  std::size_t kept_length = 0;
  std::size_t position = 0;
  bool locked = false;
  for (; position < bytes.size() && is_286_prefix(bytes[position]); ++position) {
    if (position >= max_286_instruction_length) return too_long_286();
    if (does_nothing_visible(bytes[position])) {
      locked |= bytes[position] == 0xF0;
    } else {
      kept[kept_length++] = bytes[position];
    }
  }
  const std::size_t skipped = position - kept_length;
  if (position == bytes.size()) return truncated(bytes.size());
  const std::uint8_t opcode = bytes[position];
  // 64-67 are the 386's FS, GS, operand-size and address-size prefixes: undefined opcodes here.
  if (opcode >= 0x64 && opcode <= 0x67) return invalid_of_length(position + 1);
  if (opcode == 0x0F && position + 1 < bytes.size() && bytes[position + 1] == 0x05) {
    Instruction loadall = result_of_length(Op::loadall, position + 2);
    if (!loadall.valid()) return loadall;
    loadall.prefixes = prefix::two_byte;
    loadall.opcode = 0x05;
    return loadall;
  }
  const std::size_t rest = std::min(bytes.size() - position, kept.size() - kept_length);
  std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(position), rest, kept.begin() + static_cast<std::ptrdiff_t>(kept_length));
  Instruction insn = decode(std::span(kept.data(), kept_length + rest));
  // Running out of bytes past the tenth is the limit's #GP; before it, truncation.
  if (insn.op == Op::truncated) {
    return bytes.size() >= max_286_instruction_length ? too_long_286() : truncated(bytes.size());
  }
  const std::size_t length = insn.length + skipped;
  if (length > max_286_instruction_length) return too_long_286();
  insn.length = static_cast<std::uint8_t>(length);
  if (!insn.valid()) return insn;
  if (insn.has(prefix::two_byte) && !is_286_system_instruction(insn)) return invalid_of_length(length);
  // MOV to or from segment register 4 or 5: FS and GS from the 386 on, undefined here.
  bool moves_sreg = !insn.has(prefix::two_byte) && (insn.opcode == 0x8C || insn.opcode == 0x8E);
  if (moves_sreg && ((insn.modrm >> 3) & 7) >= 4) return invalid_of_length(length);
  if (locked) insn.prefixes |= prefix::lock;  // shown by the disassembler, ignored by the interpreter
  return insn;
}

}  // namespace emu::x86
