#pragma once

#include <cstdint>

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
  Zb, Zv,          // register in the opcode's low three bits
  ES, CS, SS, DS, FS, GS,
};

}  // namespace emu::x86
