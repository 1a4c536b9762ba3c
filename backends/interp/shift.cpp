// Shifts and rotates, single and double precision (SDM Vol. 2: SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR,
// SHLD, SHRD). OF for counts above 1 and the shifts' AF are undefined: set as the CPU profile's
// row of profile_choices.h says (docs/cpu-model.md). Apart from alu.cpp for build time: the
// profile multiplies these instances.
#include <cstdint>

#include "backends/interp/handler_forms.h"
#include "backends/interp/handlers.h"
#include "backends/interp/operands.h"
#include "backends/interp/profile_choices.h"

namespace emu::interp {

namespace {

using x86::Op;

// The count operand (1, CL or an immediate), masked to 5 bits as on every CPU since the 286.
template <unsigned N>
unsigned shift_count(Cpu& cpu, const Instruction& insn, const Operand& operand) {
  switch (operand.kind) {
    case OperandKind::one: return 1;
    case OperandKind::imm: return insn.imm & 0x1F;
    default: return cpu.reg<1>(operand.reg) & 0x1F;
  }
}

// Where a shift's count comes from, fixed at decode time for the one-operand-pair forms.
enum class CountFrom : std::uint8_t { one, imm, cl };

template <CountFrom C>
unsigned shift_count(Cpu& cpu, const Instruction& insn) {
  if constexpr (C == CountFrom::one) return 1;
  if constexpr (C == CountFrom::imm) return insn.imm & 0x1F;
  if constexpr (C == CountFrom::cl) return cpu.reg<1>(1) & 0x1F;
}

// OF as the last 1-bit step of a shift or rotate sets it, read from the final result: the sign
// changed from the step before (CF held the bit that was the sign) for left shifts, or the new
// sign differs from the bit below it for right shifts.
template <unsigned N>
bool last_step_overflow(std::uint32_t result, bool carry, bool left) {
  const bool msb = (result >> (8 * N - 1)) & 1;
  return left ? msb != carry : msb != static_cast<bool>((result >> (8 * N - 2)) & 1);
}

// Rotates and shifts: with a masked count of 0 nothing changes, flags included. OF for counts
// above 1 and the shifts' AF are undefined: the profile chooses (P).
template <Op O, unsigned N, Form F, CountFrom C, bool W, class P>
void shift(Cpu& cpu, const Instruction& insn) {
  unsigned count = shift_count<C>(cpu, insn);
  if (count == 0) return;
  Location<N, F> target(cpu, insn, insn.operands[0]);
  constexpr unsigned width = 8 * N;
  constexpr std::uint32_t mask = size_mask<N>();
  const std::uint32_t value = target.read();
  std::uint32_t r = 0;
  bool cf = false;
  bool of = false;
  // OF, defined for 1-bit counts, is computed for every count either as for the first 1-bit step
  // on the original operand (Intel) or as for the last one (AMD).
  const bool msb = (value >> (width - 1)) & 1;
  const bool next_bit = (value >> (width - 2)) & 1;
  if constexpr (O == Op::rol || O == Op::ror) {
    unsigned n = count % width;
    if constexpr (O == Op::rol) {
      r = n == 0 ? value : ((value << n) | (value >> (width - n))) & mask;
      cf = r & 1;
      of = P::shift_of_from_result ? last_step_overflow<N>(r, cf, true) : msb != next_bit;
    } else {
      r = n == 0 ? value : ((value >> n) | (value << (width - n))) & mask;
      cf = (r >> (width - 1)) & 1;
      of = P::shift_of_from_result ? last_step_overflow<N>(r, cf, false) : (value & 1) != msb;
    }
    if constexpr (W) cpu.flags.set_cf_of(cf, of);
    target.write(r);
    return;
  }
  if constexpr (O == Op::rcl || O == Op::rcr) {
    unsigned n = N == 4 ? count : count % (width + 1);
    // A whole turn through CF: the value and CF come back; the flags too unless P writes OF.
    if (n == 0 && !P::whole_turn_rotate_sets_of) return;
    const std::uint32_t old_cf = cpu.flags.cf();
    std::uint64_t wide = (std::uint64_t{old_cf} << width) | value;  // CF above the value: width + 1 bits
    std::uint64_t wide_mask = (std::uint64_t{1} << (width + 1)) - 1;
    if (n != 0) {
      wide = O == Op::rcl ? ((wide << n) | (wide >> (width + 1 - n))) & wide_mask
                          : ((wide >> n) | (wide << (width + 1 - n))) & wide_mask;
    }
    r = static_cast<std::uint32_t>(wide) & mask;
    cf = (wide >> width) & 1;
    if constexpr (P::shift_of_from_result) {
      of = last_step_overflow<N>(r, cf, O == Op::rcl);
    } else {
      of = O == Op::rcl ? msb != next_bit : msb != (old_cf != 0);
    }
    if constexpr (W) cpu.flags.set_cf_of(cf, of);
    target.write(r);
    return;
  }
  if constexpr (O == Op::shl || O == Op::sal) {
    std::uint64_t wide = std::uint64_t{value} << count;
    r = static_cast<std::uint32_t>(wide) & mask;
    cf = (wide >> width) & 1;
    of = P::shift_of_from_result ? last_step_overflow<N>(r, cf, true) : msb != next_bit;
  } else if constexpr (O == Op::shr) {
    r = count >= width ? 0 : value >> count;
    cf = count > width ? false : (value >> (count - 1)) & 1;
    of = P::shift_of_from_result ? last_step_overflow<N>(r, cf, false) : msb;
  } else if constexpr (O == Op::sar) {
    auto signed_value = static_cast<std::int64_t>(to_signed<N>(value));
    r = static_cast<std::uint32_t>(signed_value >> count) & mask;
    cf = (signed_value >> (count - 1)) & 1;
    of = false;
  }
  if constexpr (W) cpu.flags.set_shift<N>(r, cf, of, P::shift_sets_af);
  target.write(r);
}

// SHLD/SHRD. A count above the operand size (16-bit forms only) leaves the result undefined:
// the profile chooses what is shifted in (P::wide_double_shift_amd).
template <Op O, unsigned N, class P>
void double_shift(Cpu& cpu, const Instruction& insn) {
  unsigned count = shift_count<N>(cpu, insn, insn.operands[2]);
  if (count == 0) return;
  Location<N> target(cpu, insn, insn.operands[0]);
  constexpr unsigned width = 8 * N;
  std::uint64_t destination = target.read();
  std::uint64_t source = cpu.reg<N>(insn.operands[1].reg);
  // For 16 bits the third piece, shifted in by counts above 16, is the profile's choice.
  constexpr bool amd_wide = N == 2 && P::wide_double_shift_amd;
  std::uint32_t r;
  bool cf;
  if constexpr (O == Op::shld) {
    // The destination on top, the source below it, then the destination (or the source) again.
    std::uint64_t third = amd_wide ? source : destination;
    std::uint64_t wide = N == 4 ? (destination << 32) | source : (destination << 48) | (source << 32) | (third << 16);
    r = static_cast<std::uint32_t>((wide << count) >> (64 - width)) & size_mask<N>();
    cf = (wide >> (64 - count)) & 1;
  } else {
    // The destination at the bottom, the source above it, then the destination (or the source) again.
    std::uint64_t third = amd_wide ? source : destination;
    std::uint64_t wide = N == 4 ? (source << 32) | destination : (third << 32) | (source << 16) | destination;
    r = static_cast<std::uint32_t>(wide >> count) & size_mask<N>();
    cf = (wide >> (count - 1)) & 1;
  }
  bool of;
  if constexpr (P::shift_of_from_result) {
    of = last_step_overflow<N>(r, cf, O == Op::shld);
  } else {
    of = ((r ^ static_cast<std::uint32_t>(destination)) >> (width - 1)) & 1;  // sign changed
  }
  if constexpr (amd_wide) {
    // Zen, counts 16-31 (tests/data/cpu): SHLD by 16 sets CF and OF both to the destination's bit
    // 0, by more clears both; SHRD by more than 16 clears CF.
    if (count >= 16) {
      if constexpr (O == Op::shld) {
        of = count == 16 && cf;
        cf = of;
      } else if (count > 16) {
        cf = false;
      }
    }
  }
  cpu.flags.set_shift<N>(r, cf, of, P::shift_sets_af);
  target.write(r);
}

template <class P>
struct ShiftPicker {
  template <Op O, unsigned N, Form F, bool W>
  struct Pick {
    static Handler pick(const Instruction& insn) {
      switch (insn.operands[1].kind) {
        case OperandKind::one: return handler_of<&shift<O, N, F, CountFrom::one, W, P>>;
        case OperandKind::imm: return handler_of<&shift<O, N, F, CountFrom::imm, W, P>>;
        default: return handler_of<&shift<O, N, F, CountFrom::cl, W, P>>;  // D2/D3: the count is in CL
      }
    }
  };
};

template <bool W, class P>
Handler select_shift_for(const Instruction& insn) {
  using S = ShiftPicker<P>;
  switch (insn.op) {
    case Op::rol: return pick_sized<Op::rol, W, S::template Pick>(insn);
    case Op::ror: return pick_sized<Op::ror, W, S::template Pick>(insn);
    case Op::rcl: return pick_sized<Op::rcl, W, S::template Pick>(insn);
    case Op::rcr: return pick_sized<Op::rcr, W, S::template Pick>(insn);
    case Op::shl: return pick_sized<Op::shl, W, S::template Pick>(insn);
    case Op::sal: return pick_sized<Op::sal, W, S::template Pick>(insn);
    case Op::shr: return pick_sized<Op::shr, W, S::template Pick>(insn);
    case Op::sar: return pick_sized<Op::sar, W, S::template Pick>(insn);
    case Op::shld:
      if constexpr (W) return EMU_WIDE_OP_P(double_shift, Op::shld, insn.operand_size, P);
      return {};
    case Op::shrd:
      if constexpr (W) return EMU_WIDE_OP_P(double_shift, Op::shrd, insn.operand_size, P);
      return {};
    default: return {};
  }
}

}  // namespace

Handler select_shift(const Instruction& insn, CpuProfile profile) {
  return with_choices(profile, [&]<class P>() { return select_shift_for<true, P>(insn); });
}

// Without flags, every profile computes the same results: one instance serves them all.
Handler select_shift_flagless(const Instruction& insn) { return select_shift_for<false, IntelChoices>(insn); }

}  // namespace emu::interp
