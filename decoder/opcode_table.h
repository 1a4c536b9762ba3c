#pragma once

#include <array>
#include <cstdint>

#include "decoder/instruction.h"

namespace emu::x86 {

// Operand codes after the Intel SDM's opcode-map notation (Vol. 2, Appendix A.2): the letter
// says where the operand comes from, the suffix its size (b byte, w word, d dword, v operand
// size, z 16/32 by operand size, p far pointer).
enum class Arg : std::uint8_t {
  none,
  Eb, Ev, Ew,      // ModRM r/m, register or memory
  Gb, Gv, Gw,      // ModRM reg, general register
  Rd,              // ModRM r/m as a 32-bit register whatever the mod field (MOV CRn/DRn)
  M,               // ModRM memory only, address without access size (LEA)
  Mb,              // ModRM memory only, a byte (INVLPG)
  Mp,              // ModRM memory only: far pointer, offset of the operand size then a selector
  Ma,              // ModRM memory only: two operand-size bounds (BOUND)
  Ms,              // ModRM memory only: 6-byte pseudo-descriptor (LGDT, SIDT, ...)
  Mw_Rv,           // register of the operand size, or a word in memory (MOV Ev,Sw; SMSW; SLDT; STR)
  Sw,              // ModRM reg, segment register
  Cd, Dd,          // ModRM reg, control or debug register
  Ib, Iw, Iz,      // immediate: byte, word, operand size (16 or 32)
  Ibs,             // byte immediate sign-extended to the operand size
  Jb, Jz,          // relative branch offset: byte, operand size
  Ap,              // direct far pointer seg:off
  Ob, Ov,          // memory at an absolute offset of the address size (moffs)
  AL, CL, DX, eAX, // fixed registers; eAX is AX or EAX by operand size
  One,             // the constant 1 of D0-D3
  Zb, Zv, Zd,      // register in the opcode's low three bits
  ES, CS, SS, DS, FS, GS,
};

namespace attr {
inline constexpr std::uint8_t modrm = 1 << 0;   // a ModRM byte follows the opcode
inline constexpr std::uint8_t group = 1 << 1;   // the ModRM reg field selects the entry (OpcodeEntry::group)
inline constexpr std::uint8_t byte_op = 1 << 2; // the operation's size is a byte
inline constexpr std::uint8_t x87 = 1 << 3;     // D8-DF escape
}  // namespace attr

struct OpcodeEntry {
  Op op = Op::invalid;
  std::array<Arg, 3> args{};
  std::uint8_t attributes = 0;
  std::uint8_t group = 0;
};

// Groups selected by the ModRM reg field. A group with a separate table for register operands
// (mod = 3) lists it in register_forms.
enum GroupId : std::uint8_t {
  group1_Eb_Ib, group1_Ev_Iz, group1_Ev_Ibs, group1a, group2_Eb_Ib, group2_Ev_Ib, group2_Eb_1, group2_Ev_1,
  group2_Eb_CL, group2_Ev_CL, group3_Eb, group3_Ev, group4, group5, group6, group7, group8, group11_Eb,
  group11_Ev, group_count
};

struct Group {
  std::array<OpcodeEntry, 8> memory_forms;
  std::array<OpcodeEntry, 8> register_forms;
};

const std::array<OpcodeEntry, 256>& one_byte_map();
const std::array<OpcodeEntry, 256>& two_byte_map();
const Group& group(GroupId id);

}  // namespace emu::x86
