// Decimal adjust instructions (SDM Vol. 2: DAA, DAS, AAA, AAS, AAM, AAD). Flags the manual
// leaves undefined are the profile's choice (P::bcd_flags_from_addition, profile_choices.h):
// cleared, or as the adjustment's own addition leaves them. AAM clears CF, OF and AF on every
// profile.
#include <bit>
#include <cstdint>

#include "backends/interp/handler_forms.h"
#include "backends/interp/handlers.h"
#include "backends/interp/operands.h"
#include "backends/interp/profile_choices.h"

namespace emu::interp {

namespace {

using x86::Op;

// OF of an adjustment that took AL from `before` to `after` by adding (or subtracting): the
// signed overflow of that change.
bool adjust_overflow(std::uint32_t before, std::uint32_t after, bool add, unsigned sign_bit) {
  const std::uint32_t changed = add ? ~before & after : before & ~after;
  return (changed >> sign_bit) & 1;
}

template <class P>
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
  const bool of = P::bcd_flags_from_addition && adjust_overflow(old_al, al, true, 7);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(al) | (cf ? flag::cf : 0) | (af ? flag::af : 0) | (of ? flag::of : 0));
}

template <class P>
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
  const bool of = P::bcd_flags_from_addition && adjust_overflow(old_al, al, false, 7);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(al) | (cf ? flag::cf : 0) | (af ? flag::af : 0) | (of ? flag::of : 0));
}

// AAA (add) and AAS: AX +/- 0x106 when AL's low digit needs adjusting, then AL's high digit
// cleared.
template <bool Add, class P>
void ascii_adjust(Cpu& cpu, const Instruction&) {
  const std::uint32_t before = cpu.reg<2>(0);
  const bool adjust = (before & 0x0F) > 9 || cpu.flags.af();
  const std::uint32_t sum = adjust ? (Add ? before + 0x106 : before - 0x106) & 0xFFFF : before;
  const std::uint32_t ax = sum & 0xFF0F;
  cpu.set_reg<2>(0, ax);
  const std::uint32_t cf_af = adjust ? flag::cf | flag::af : 0;
  if constexpr (P::bcd_flags_from_addition) {
    // ZF and SF of the whole 16-bit sum, PF of its low byte, before AL is masked.
    const std::uint32_t szp = (zf_sf_pf<2>(sum) & (flag::zf | flag::sf)) | (zf_sf_pf<1>(sum) & flag::pf);
    cpu.flags.set_arithmetic(szp | cf_af | (adjust_overflow(before, sum, Add, 15) ? flag::of : 0));
  } else {
    cpu.flags.set_arithmetic(zf_sf_pf<1>(ax) | cf_af);
  }
}

void aam(Cpu& cpu, const Instruction& insn) {
  std::uint32_t base = insn.imm & 0xFF;
  if (base == 0) throw GuestFault{vector::divide_error};
  std::uint32_t al = cpu.reg<1>(0);
  std::uint32_t result = ((al / base) << 8) | (al % base);
  cpu.set_reg<2>(0, result);
  cpu.flags.set_arithmetic(zf_sf_pf<1>(result));
}

template <class P>
void aad(Cpu& cpu, const Instruction& insn) {
  const std::uint32_t base = insn.imm & 0xFF;
  const std::uint32_t al = cpu.reg<1>(0);
  const std::uint32_t product = (cpu.reg<1>(4) * base) & 0xFF;
  if constexpr (P::bcd_flags_from_addition) {
    // The flags of the byte addition AL + (AH * base).
    const std::uint32_t result = cpu.flags.set_add_sub<1>(al, product, std::uint64_t{al} + product);
    cpu.set_reg<2>(0, result);
  } else {
    const std::uint32_t result = (al + product) & 0xFF;
    cpu.set_reg<2>(0, result);
    cpu.flags.set_arithmetic(zf_sf_pf<1>(result));
  }
}

template <class P>
Handler select_bcd_for(const Instruction& insn) {
  switch (insn.op) {
    case Op::daa: return handler_of<&daa<P>>;
    case Op::das: return handler_of<&das<P>>;
    case Op::aaa: return handler_of<&ascii_adjust<true, P>>;
    case Op::aas: return handler_of<&ascii_adjust<false, P>>;
    case Op::aam: return handler_of<&aam>;
    case Op::aad: return handler_of<&aad<P>>;
    default: return {};
  }
}

}  // namespace

Handler select_bcd(const Instruction& insn, CpuProfile profile) {
  return with_choices(profile, [&]<class P>() { return select_bcd_for<P>(insn); });
}

}  // namespace emu::interp
