// Decimal adjust instructions (SDM Vol. 2: DAA, DAS, AAA, AAS, AAM, AAD). Flags the manual
// leaves undefined: OF is cleared by all six; AAA/AAS set SF ZF PF from the final AL; AAM/AAD
// clear CF and AF (docs/cpu-model.md).
#include <bit>
#include <cstdint>

#include "backends/interp/operands.h"

namespace emu::interp {

namespace {

using x86::Op;

void daa(Cpu& cpu, const Instruction&) {
  std::uint32_t al = cpu.reg<1>(0);
  const std::uint32_t old_al = al;
  const bool old_cf = cpu.flags.cf() != 0;
  bool cf = false;
  bool af = false;
  if ((al & 0x0F) > 9 || cpu.flags.af()) {
    cf = old_cf || al + 6 > 0xFF;
    al = (al + 6) & 0xFF;
    af = true;
  }
  if (old_al > 0x99 || old_cf) {
    al = (al + 0x60) & 0xFF;
    cf = true;
  } else {
    cf = false;
  }
  cpu.set_reg<1>(0, al);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(al) | (cf ? flag::cf : 0) | (af ? flag::af : 0));
}

void das(Cpu& cpu, const Instruction&) {
  std::uint32_t al = cpu.reg<1>(0);
  const std::uint32_t old_al = al;
  const bool old_cf = cpu.flags.cf() != 0;
  bool cf = false;
  bool af = false;
  if ((al & 0x0F) > 9 || cpu.flags.af()) {
    cf = old_cf || al < 6;
    al = (al - 6) & 0xFF;
    af = true;
  }
  if (old_al > 0x99 || old_cf) {
    al = (al - 0x60) & 0xFF;
    cf = true;
  }
  cpu.set_reg<1>(0, al);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(al) | (cf ? flag::cf : 0) | (af ? flag::af : 0));
}

void aaa(Cpu& cpu, const Instruction&) {
  std::uint32_t ax = cpu.reg<2>(0);
  bool adjust = (ax & 0x0F) > 9 || cpu.flags.af();
  if (adjust) ax = (ax + 0x106) & 0xFFFF;
  ax &= 0xFF0F;
  cpu.set_reg<2>(0, ax);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(ax) | (adjust ? flag::cf | flag::af : 0));
}

void aas(Cpu& cpu, const Instruction&) {
  std::uint32_t ax = cpu.reg<2>(0);
  bool adjust = (ax & 0x0F) > 9 || cpu.flags.af();
  if (adjust) {
    ax = (ax - 6) & 0xFFFF;
    ax = (ax - 0x100) & 0xFFFF;
  }
  ax &= 0xFF0F;
  cpu.set_reg<2>(0, ax);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(ax) | (adjust ? flag::cf | flag::af : 0));
}

void aam(Cpu& cpu, const Instruction& insn) {
  std::uint32_t base = insn.imm & 0xFF;
  if (base == 0) throw GuestFault{vector::divide_error};
  std::uint32_t al = cpu.reg<1>(0);
  std::uint32_t result = ((al / base) << 8) | (al % base);
  cpu.set_reg<2>(0, result);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(result));
}

void aad(Cpu& cpu, const Instruction& insn) {
  std::uint32_t base = insn.imm & 0xFF;
  std::uint32_t al = (cpu.reg<1>(0) + cpu.reg<1>(4) * base) & 0xFF;
  cpu.set_reg<2>(0, al);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(al));
}

}  // namespace

Handler select_bcd(const Instruction& insn) {
  switch (insn.op) {
    case Op::daa: return handler_of<&daa>;
    case Op::das: return handler_of<&das>;
    case Op::aaa: return handler_of<&aaa>;
    case Op::aas: return handler_of<&aas>;
    case Op::aam: return handler_of<&aam>;
    case Op::aad: return handler_of<&aad>;
    default: return {};
  }
}

}  // namespace emu::interp
