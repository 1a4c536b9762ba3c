#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace emu::x86 {

enum class Op : std::uint8_t {
#define EMU_OP(name, mnemonic, family, traits, read, written, undefined) name,
#include "decoder/ops.def"
#undef EMU_OP
};

inline constexpr unsigned op_count = static_cast<unsigned>(Op::truncated) + 1;

enum class OperandKind : std::uint8_t {
  none,
  reg,      // general register: `reg` is its number; size 1 numbers AL CL DL BL AH CH DH BH
  sreg,     // segment register ES CS SS DS FS GS
  mem,      // the instruction's memory operand (segment, base, index, scale, disp)
  imm,      // Instruction::imm (already sign- or zero-extended to `size`); ENTER's second is imm2
  rel,      // relative branch: Instruction::imm is the signed displacement
  far_ptr,  // direct far pointer: imm2 is the segment, imm the offset
  cr,       // control register
  dr,       // debug register
  st,       // x87 stack register st(reg)
  one,      // the constant 1 of the shift-by-one forms (D0-D3)
};

struct Operand {
  OperandKind kind = OperandKind::none;
  std::uint8_t reg = 0;
  std::uint8_t size = 0;  // bytes; for mem, the access size (0 for LEA's address-only operand)

  bool operator==(const Operand&) const = default;
};

// Prefix and encoding bits in Instruction::prefixes.
namespace prefix {
inline constexpr std::uint8_t operand_size = 1 << 0;  // 0x66 present
inline constexpr std::uint8_t address_size = 1 << 1;  // 0x67 present
inline constexpr std::uint8_t lock = 1 << 2;
inline constexpr std::uint8_t rep = 1 << 3;    // F3 (REP / REPE)
inline constexpr std::uint8_t repne = 1 << 4;  // F2 (REPNE)
inline constexpr std::uint8_t segment = 1 << 5;  // a segment override is present
inline constexpr std::uint8_t has_displacement = 1 << 6;  // the memory operand encodes a displacement
inline constexpr std::uint8_t two_byte = 1 << 7;          // opcode is in the 0F map
}  // namespace prefix

inline constexpr std::uint8_t no_register = 0xFF;

// A decoded instruction. Compact (32 bytes at most) so the interpreter can cache one per guest
// address. Flag metadata comes from the operation: see flags.h.
struct Instruction {
  Op op = Op::invalid;
  std::uint8_t length = 0;  // bytes, prefixes included
  std::uint8_t operand_size = 2;  // 1, 2 or 4: the operation's size
  std::uint8_t prefixes = 0;
  std::uint8_t segment = 3;  // segment register of the memory operand or string source (DS by default)
  std::uint8_t base = no_register;   // general register number or no_register
  std::uint8_t index = no_register;  // general register number or no_register
  std::uint8_t scale = 0;            // index is shifted left by this (0-3)
  std::array<Operand, 3> operands{};
  std::uint8_t opcode = 0;  // the opcode byte (the one after 0F in the two-byte map)
  std::uint8_t modrm = 0;   // the ModRM byte, where the encoding has one
  std::int32_t displacement = 0;
  std::uint32_t imm = 0;
  std::uint16_t imm2 = 0;

  bool has(std::uint8_t bits) const { return (prefixes & bits) != 0; }
  bool address32() const { return has(prefix::address_size); }
  // Condition code (0-15, as in the opcode's low nibble) of jcc, setcc and cmovcc.
  std::uint8_t condition() const { return opcode & 0x0F; }
  // An instruction, as opposed to #UD, #GP or running out of bytes.
  bool valid() const { return op != Op::invalid && op != Op::too_long && op != Op::truncated; }

  bool operator==(const Instruction&) const = default;
};

static_assert(sizeof(Instruction) <= 32, "the decoded form must stay compact");

// The longest instruction a modern CPU accepts; one byte more raises #GP.
inline constexpr unsigned max_instruction_length = 15;
// The 80286's limit (a longer instruction raises #GP there).
inline constexpr unsigned max_286_instruction_length = 10;

std::string_view mnemonic(Op op);

// XCHG BX,BX (87 DB): a no-op Bochs made its "magic breakpoint", which emu's debugger honours
// with --gdb-magic-break.
inline bool is_magic_break(const Instruction& insn) {
  return insn.op == Op::xchg && insn.opcode == 0x87 && insn.modrm == 0xDB && insn.operand_size == 2;
}

}  // namespace emu::x86
