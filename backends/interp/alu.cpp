// Arithmetic, logic, shifts and rotates, multiply and divide, bit operations (SDM Vol. 2).
// Flags that the manual leaves undefined are set as the CPU profile's row of profile_choices.h
// says (docs/cpu-model.md).
#include <bit>
#include <cstdint>

#include "backends/interp/handler_forms.h"
#include "backends/interp/handlers.h"
#include "backends/interp/operands.h"
#include "backends/interp/profile_choices.h"

namespace emu::interp {

namespace {

using x86::Op;


// --- the eight ALU operations and TEST ---------------------------------------------------

// The result of ALU operation O on N-byte operands, and the flags it sets unless W is false
// (a block where they are overwritten before anything can read them: flag_liveness.h).
template <Op O, unsigned N, bool W = true>
std::uint32_t compute(Flags& flags, std::uint32_t a, std::uint32_t b) {
  if constexpr (!W) {
    constexpr std::uint32_t mask = size_mask<N>();
    if constexpr (O == Op::add) return (a + b) & mask;
    if constexpr (O == Op::adc) return (a + b + flags.cf()) & mask;
    if constexpr (O == Op::sub || O == Op::cmp) return (a - b) & mask;
    if constexpr (O == Op::sbb) return (a - b - flags.cf()) & mask;
    if constexpr (O == Op::and_ || O == Op::test) return a & b;
    if constexpr (O == Op::or_) return a | b;
    if constexpr (O == Op::xor_) return a ^ b;
  }
  const std::uint64_t a64 = a;
  if constexpr (O == Op::add) return flags.set_add_sub<N>(a, b, a64 + b);
  if constexpr (O == Op::adc) return flags.set_add_sub<N>(a, b, a64 + b + flags.cf());
  if constexpr (O == Op::sub || O == Op::cmp) return flags.set_add_sub<N>(a, b, a64 - b);
  if constexpr (O == Op::sbb) return flags.set_add_sub<N>(a, b, a64 - b - flags.cf());
  std::uint32_t r;
  if constexpr (O == Op::and_ || O == Op::test) r = a & b;
  if constexpr (O == Op::or_) r = a | b;
  if constexpr (O == Op::xor_) r = a ^ b;
  flags.set_logic<N>(r);
  return r;
}

// Where an ALU operation's second operand comes from, fixed at decode time (memory: at which
// address size).
enum class Source : std::uint8_t { reg, imm, mem16, mem32 };

template <unsigned N, Source S>
[[gnu::always_inline]] inline std::uint32_t source_operand(Cpu& cpu, const Instruction& insn) {
  if constexpr (S == Source::reg) return cpu.reg<N>(insn.operands[1].reg);
  if constexpr (S == Source::imm) return insn.imm & size_mask<N>();
  if constexpr (S == Source::mem16) return cpu.read<N>(insn.segment, cpu.effective_address<2>(insn));
  if constexpr (S == Source::mem32) return cpu.read<N>(insn.segment, cpu.effective_address<4>(insn));
}

// One instance per destination form and source kind, so that no operand kind is tested at run
// time (the register-register and register-immediate forms are the most common ones), and per
// W: whether it sets the flags.
template <Op O, unsigned N, Form F, Source S, bool W>
void alu(Cpu& cpu, const Instruction& insn) {
  Location<N, F> destination(cpu, insn, insn.operands[0]);
  std::uint32_t r = compute<O, N, W>(cpu.flags, destination.read(), source_operand<N, S>(cpu, insn));
  if constexpr (O != Op::cmp && O != Op::test) destination.write(r);
}

// The fast form of alu for a register destination and a memory source (operands.h,
// handler_with_try).
template <Op O, unsigned N, Source S, bool W>
[[gnu::always_inline]] inline bool try_alu_load(Cpu& cpu, const Instruction& insn) {
  std::uint32_t b;
  if (!cpu.try_read<N>(insn.segment, cpu.effective_address<S == Source::mem32 ? 4 : 2>(insn), b)) return false;
  const unsigned r = insn.operands[0].reg;
  const std::uint32_t result = compute<O, N, W>(cpu.flags, cpu.reg<N>(r), b);
  if constexpr (O != Op::cmp && O != Op::test) cpu.set_reg<N>(r, result);
  return true;
}

template <Op O, unsigned N, Form F, Source S, bool W>
constexpr Handler alu_handler() {
  if constexpr (F == Form::reg && (S == Source::mem16 || S == Source::mem32)) {
    return handler_with_try<&alu<O, N, F, S, W>, &try_alu_load<O, N, S, W>>;
  } else {
    return handler_of<&alu<O, N, F, S, W>>;
  }
}

template <Op O, unsigned N, Form F, bool W>
struct PickAlu {
  static Handler pick(const Instruction& insn) {
    switch (insn.operands[1].kind) {
      case OperandKind::reg: return alu_handler<O, N, F, Source::reg, W>();
      case OperandKind::imm: return alu_handler<O, N, F, Source::imm, W>();
      default:  // G,E forms: the r/m operand is the source
        if constexpr (is_memory_form(F)) {
          return {};  // no ALU form has two memory operands: not instantiated (216 handlers fewer)
        } else {
          return insn.address32() ? alu_handler<O, N, F, Source::mem32, W>() : alu_handler<O, N, F, Source::mem16, W>();
        }
    }
  }
};

// --- INC DEC NEG ---------------------------------------------------------------------------

template <Op O, unsigned N, Form F, bool W>
void unary(Cpu& cpu, const Instruction& insn) {
  Location<N, F> target(cpu, insn, insn.operands[0]);
  const std::uint32_t a = target.read();
  const std::uint64_t a64 = a;
  if constexpr (!W) {
    target.write((O == Op::inc ? a + 1 : O == Op::dec ? a - 1 : 0 - a) & size_mask<N>());
  } else if constexpr (O == Op::inc) {
    target.write(cpu.flags.set_inc_dec<N>(a, a64 + 1));
  } else if constexpr (O == Op::dec) {
    target.write(cpu.flags.set_inc_dec<N>(a, a64 - 1));
  } else {
    static_assert(O == Op::neg);
    target.write(cpu.flags.set_add_sub<N>(0, a, std::uint64_t{0} - a64));
  }
}

template <Op O, unsigned N, Form F, bool W>
struct PickUnary {
  static Handler pick(const Instruction&) { return handler_of<&unary<O, N, F, W>>; }
};

// --- NOT -----------------------------------------------------------------------------------

template <unsigned N, Form F>
void not_(Cpu& cpu, const Instruction& insn) {
  Location<N, F> target(cpu, insn, insn.operands[0]);
  target.write(~target.read() & size_mask<N>());
}

// --- MUL IMUL DIV IDIV ------------------------------------------------------------------------

// CF = OF = `overflow`; SF, ZF, AF and PF as the profile chooses (undefined in the manual).
template <unsigned N, class P>
void set_multiply_flags(Cpu& cpu, std::uint32_t low, bool overflow) {
  const std::uint32_t cf_of = overflow ? flag::cf | flag::of : 0;
  if constexpr (P::multiply_keeps_szap) {
    cpu.flags.set_arithmetic((cpu.flags.value() & (flag::sf | flag::zf | flag::af | flag::pf)) | cf_of);
  } else {
    cpu.flags.set_arithmetic(zf_sf_pf<N>(low) | cf_of);
  }
}

// The flags after a DIV or IDIV that did not fault (all six undefined in the manual).
template <class P>
void set_divide_flags(Cpu& cpu) {
  if constexpr (P::divide_sets_szap) cpu.flags.set_arithmetic((cpu.flags.value() & (flag::cf | flag::of)) | flag::af);
}

// The accumulator pair for one-operand MUL/IMUL/DIV/IDIV: AX for bytes, DX:AX, EDX:EAX.
template <unsigned N>
std::uint64_t read_accumulator_pair(const Cpu& cpu) {
  if constexpr (N == 1) return cpu.reg<2>(0);
  return (std::uint64_t{cpu.reg<N>(2)} << (8 * N)) | cpu.reg<N>(0);
}

template <unsigned N>
void write_accumulator_pair(Cpu& cpu, std::uint32_t low, std::uint32_t high) {
  if constexpr (N == 1) {
    cpu.set_reg<2>(0, (low & 0xFF) | ((high & 0xFF) << 8));
  } else {
    cpu.set_reg<N>(0, low);
    cpu.set_reg<N>(2, high);
  }
}

template <unsigned N, class P>
void mul(Cpu& cpu, const Instruction& insn) {
  std::uint64_t product = std::uint64_t{cpu.reg<N>(0)} * read_operand<N>(cpu, insn, insn.operands[0]);
  auto low = static_cast<std::uint32_t>(product & size_mask<N>());
  auto high = static_cast<std::uint32_t>(product >> (8 * N));
  write_accumulator_pair<N>(cpu, low, high);
  set_multiply_flags<N, P>(cpu, low, high != 0);
}

template <unsigned N, class P>
void imul1(Cpu& cpu, const Instruction& insn) {
  auto a = static_cast<std::int64_t>(to_signed<N>(cpu.reg<N>(0)));
  auto b = static_cast<std::int64_t>(to_signed<N>(read_operand<N>(cpu, insn, insn.operands[0])));
  std::int64_t product = a * b;
  auto low = static_cast<std::uint32_t>(product) & size_mask<N>();
  auto high = static_cast<std::uint32_t>(static_cast<std::uint64_t>(product) >> (8 * N)) & size_mask<N>();
  write_accumulator_pair<N>(cpu, low, high);
  bool overflow = product != to_signed<N>(low);
  set_multiply_flags<N, P>(cpu, low, overflow);
}

// IMUL r, r/m and IMUL r, r/m, imm: a truncated signed product.
template <unsigned N, class P>
void imul_n(Cpu& cpu, const Instruction& insn) {
  const Operand& source = insn.operands[1];
  std::uint32_t multiplier = insn.operands[2].kind == OperandKind::imm ? insn.imm : cpu.reg<N>(insn.operands[0].reg);
  auto a = static_cast<std::int64_t>(to_signed<N>(read_operand<N>(cpu, insn, source)));
  auto b = static_cast<std::int64_t>(to_signed<N>(multiplier & size_mask<N>()));
  std::int64_t product = a * b;
  auto low = static_cast<std::uint32_t>(product) & size_mask<N>();
  cpu.set_reg<N>(insn.operands[0].reg, low);
  set_multiply_flags<N, P>(cpu, low, product != to_signed<N>(low));
}

template <unsigned N, class P>
void div(Cpu& cpu, const Instruction& insn) {
  std::uint64_t divisor = read_operand<N>(cpu, insn, insn.operands[0]);
  if (divisor == 0) throw GuestFault{vector::divide_error};
  std::uint64_t dividend = read_accumulator_pair<N>(cpu);
  std::uint64_t quotient = dividend / divisor;
  if (quotient > size_mask<N>()) throw GuestFault{vector::divide_error};
  write_accumulator_pair<N>(cpu, static_cast<std::uint32_t>(quotient), static_cast<std::uint32_t>(dividend % divisor));
  set_divide_flags<P>(cpu);
}

template <unsigned N, class P>
void idiv(Cpu& cpu, const Instruction& insn) {
  auto divisor = static_cast<std::int64_t>(to_signed<N>(read_operand<N>(cpu, insn, insn.operands[0])));
  if (divisor == 0) throw GuestFault{vector::divide_error};
  std::uint64_t raw = read_accumulator_pair<N>(cpu);
  constexpr unsigned bits = 16 * N;
  auto dividend = static_cast<std::int64_t>(raw << (64 - bits)) >> (64 - bits);
  if (dividend == INT64_MIN && divisor == -1) throw GuestFault{vector::divide_error};
  std::int64_t quotient = dividend / divisor;
  std::int64_t remainder = dividend % divisor;
  constexpr std::int64_t max = (std::int64_t{1} << (8 * N - 1)) - 1;
  if (quotient > max || quotient < -max - 1) throw GuestFault{vector::divide_error};
  write_accumulator_pair<N>(cpu, static_cast<std::uint32_t>(quotient) & size_mask<N>(),
                            static_cast<std::uint32_t>(remainder) & size_mask<N>());
  set_divide_flags<P>(cpu);
}

// --- shifts and rotates ------------------------------------------------------------------------

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

// --- bit operations --------------------------------------------------------------------------

// BT/BTS/BTR/BTC: CF = the selected bit; OF SF AF PF (undefined) and ZF keep their values.
template <Op O, unsigned N>
void bit_test(Cpu& cpu, const Instruction& insn) {
  constexpr unsigned width = 8 * N;
  const Operand& base = insn.operands[0];
  const Operand& offset_operand = insn.operands[1];
  std::uint32_t bit;
  std::uint32_t value;
  std::uint32_t linear = 0;
  bool memory = base.kind == OperandKind::mem;
  if (offset_operand.kind == OperandKind::imm) {
    bit = insn.imm % width;
    if (memory) linear = cpu.linear_address<N>(insn.segment, cpu.effective_address(insn));
  } else {
    std::uint32_t offset = cpu.reg<N>(offset_operand.reg);
    if (memory) {
      // A register bit offset reaches beyond the operand: signed, in operand-size units.
      auto signed_offset = to_signed<N>(offset);
      std::int32_t units = signed_offset >= 0 ? signed_offset / static_cast<std::int32_t>(width)
                                              : -((-signed_offset + static_cast<std::int32_t>(width) - 1) / static_cast<std::int32_t>(width));
      std::uint32_t address = cpu.effective_address(insn) + static_cast<std::uint32_t>(units * static_cast<std::int32_t>(N));
      if (!insn.address32()) address &= 0xFFFF;
      linear = cpu.linear_address<N>(insn.segment, address);
      bit = static_cast<std::uint32_t>(signed_offset - units * static_cast<std::int32_t>(width));
    } else {
      bit = offset % width;
    }
  }
  value = memory ? cpu.read_physical<N>(linear) : cpu.reg<N>(base.reg);
  bool selected = (value >> bit) & 1;
  std::uint32_t flags = cpu.flags.value();
  cpu.flags.set((flags & ~flag::cf) | (selected ? flag::cf : 0));
  if constexpr (O == Op::bt) return;
  std::uint32_t r = O == Op::bts ? value | (1u << bit) : O == Op::btr ? value & ~(1u << bit) : value ^ (1u << bit);
  if (memory) {
    cpu.write_physical<N>(linear, r);
  } else {
    cpu.set_reg<N>(base.reg, r);
  }
}

// BSF/BSR: a zero source sets ZF and leaves the destination; CF OF SF AF PF as the profile
// chooses. TZCNT/LZCNT: CF = source is zero, ZF = result is zero.
template <Op O, unsigned N, class P>
void bit_scan(Cpu& cpu, const Instruction& insn) {
  std::uint32_t source = read_operand<N>(cpu, insn, insn.operands[1]);
  unsigned d = insn.operands[0].reg;
  std::uint32_t flags = cpu.flags.value();
  if constexpr (O == Op::bsf || O == Op::bsr) {
    if (source == 0) {
      cpu.flags.set(P::bit_scan_sets_flags ? (flags & ~Flags::arith_mask) | flag::zf | flag::pf : flags | flag::zf);
      return;
    }
    const auto index = static_cast<std::uint32_t>(O == Op::bsf ? std::countr_zero(source) : 31 - std::countl_zero(source));
    cpu.set_reg<N>(d, index);
    cpu.flags.set(P::bit_scan_sets_flags ? (flags & ~Flags::arith_mask) | (zf_sf_pf<1>(index) & flag::pf)
                                         : flags & ~flag::zf);
  } else {
    std::uint32_t count = O == Op::tzcnt ? (source == 0 ? 8 * N : std::countr_zero(source))
                                         : static_cast<std::uint32_t>(std::countl_zero(source)) - (32 - 8 * N);
    cpu.set_reg<N>(d, count);
    cpu.flags.set((flags & ~(flag::cf | flag::zf)) | (source == 0 ? flag::cf : 0) | (count == 0 ? flag::zf : 0));
  }
}

template <unsigned N>
void xadd(Cpu& cpu, const Instruction& insn) {
  Location<N> destination(cpu, insn, insn.operands[0]);
  unsigned s = insn.operands[1].reg;
  std::uint32_t old = destination.read();
  std::uint32_t sum = compute<Op::add, N>(cpu.flags, old, cpu.reg<N>(s));
  cpu.set_reg<N>(s, old);
  destination.write(sum);
}

template <unsigned N>
void cmpxchg(Cpu& cpu, const Instruction& insn) {
  Location<N> destination(cpu, insn, insn.operands[0]);
  std::uint32_t current = destination.read();
  std::uint32_t accumulator = cpu.reg<N>(0);
  compute<Op::cmp, N>(cpu.flags, accumulator, current);
  if (accumulator == current) {
    destination.write(cpu.reg<N>(insn.operands[1].reg));
  } else {
    destination.write(current);  // the processor always writes the destination (SDM: CMPXCHG)
    cpu.set_reg<N>(0, current);
  }
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

// The handler of flag-setting operation O (Pick: PickAlu, PickUnary or PickShift, which choose
// by the operands) for the instruction's operand size and destination form.
template <Op O, bool W, template <Op, unsigned, Form, bool> class Pick>
Handler pick_sized(const Instruction& insn) {
  auto by_form = [&]<unsigned N>() {
    if (insn.operands[0].kind == OperandKind::reg) return Pick<O, N, Form::reg, W>::pick(insn);
    return insn.address32() ? Pick<O, N, Form::mem32, W>::pick(insn) : Pick<O, N, Form::mem16, W>::pick(insn);
  };
  switch (insn.operand_size) {
    case 1: return by_form.template operator()<1>();
    case 2: return by_form.template operator()<2>();
    default: return by_form.template operator()<4>();
  }
}

// The operations that have a form without flags (W false): the ALU operations, INC, DEC, NEG,
// shifts and rotates. Only the shifts and rotates depend on the profile (P).
template <bool W, class P>
Handler select_flag_setter(const Instruction& insn) {
  using S = ShiftPicker<P>;
  switch (insn.op) {
    case Op::add: return pick_sized<Op::add, W, PickAlu>(insn);
    case Op::or_: return pick_sized<Op::or_, W, PickAlu>(insn);
    case Op::adc: return pick_sized<Op::adc, W, PickAlu>(insn);
    case Op::sbb: return pick_sized<Op::sbb, W, PickAlu>(insn);
    case Op::and_: return pick_sized<Op::and_, W, PickAlu>(insn);
    case Op::sub: return pick_sized<Op::sub, W, PickAlu>(insn);
    case Op::xor_: return pick_sized<Op::xor_, W, PickAlu>(insn);
    case Op::cmp: return pick_sized<Op::cmp, W, PickAlu>(insn);
    case Op::test: return pick_sized<Op::test, W, PickAlu>(insn);
    case Op::inc: return pick_sized<Op::inc, W, PickUnary>(insn);
    case Op::dec: return pick_sized<Op::dec, W, PickUnary>(insn);
    case Op::neg: return pick_sized<Op::neg, W, PickUnary>(insn);
    case Op::rol: return pick_sized<Op::rol, W, S::template Pick>(insn);
    case Op::ror: return pick_sized<Op::ror, W, S::template Pick>(insn);
    case Op::rcl: return pick_sized<Op::rcl, W, S::template Pick>(insn);
    case Op::rcr: return pick_sized<Op::rcr, W, S::template Pick>(insn);
    case Op::shl: return pick_sized<Op::shl, W, S::template Pick>(insn);
    case Op::sal: return pick_sized<Op::sal, W, S::template Pick>(insn);
    case Op::shr: return pick_sized<Op::shr, W, S::template Pick>(insn);
    case Op::sar: return pick_sized<Op::sar, W, S::template Pick>(insn);
    default: return {};
  }
}

template <class P>
Handler select_alu_for(const Instruction& insn) {
  if (Handler handler = select_flag_setter<true, P>(insn)) return handler;
  unsigned size = insn.operand_size;
  switch (insn.op) {
    case Op::not_: return EMU_SIZED_RM(not_, insn);
    case Op::mul: return EMU_SIZED_P(mul, size, P);
    case Op::imul:
      if (insn.operands[1].kind == OperandKind::none) return EMU_SIZED_P(imul1, size, P);
      return EMU_SIZED_P(imul_n, size, P);
    case Op::div: return EMU_SIZED_P(div, size, P);
    case Op::idiv: return EMU_SIZED_P(idiv, size, P);
    case Op::shld: return EMU_WIDE_OP_P(double_shift, Op::shld, size, P);
    case Op::shrd: return EMU_WIDE_OP_P(double_shift, Op::shrd, size, P);
    case Op::bt: return EMU_WIDE_OP(bit_test, Op::bt, size);
    case Op::bts: return EMU_WIDE_OP(bit_test, Op::bts, size);
    case Op::btr: return EMU_WIDE_OP(bit_test, Op::btr, size);
    case Op::btc: return EMU_WIDE_OP(bit_test, Op::btc, size);
    case Op::bsf: return EMU_WIDE_OP_P(bit_scan, Op::bsf, size, P);
    case Op::bsr: return EMU_WIDE_OP_P(bit_scan, Op::bsr, size, P);
    case Op::tzcnt: return EMU_WIDE_OP_P(bit_scan, Op::tzcnt, size, P);
    case Op::lzcnt: return EMU_WIDE_OP_P(bit_scan, Op::lzcnt, size, P);
    case Op::xadd: return EMU_SIZED(xadd, size);
    case Op::cmpxchg: return EMU_SIZED(cmpxchg, size);
    default: return {};
  }
}

}  // namespace

Handler select_alu(const Instruction& insn, CpuProfile profile) {
  return with_choices(profile, [&]<class P>() { return select_alu_for<P>(insn); });
}

// Without flags, every profile computes the same results: one instance serves them all.
Handler select_flagless(const Instruction& insn) { return select_flag_setter<false, IntelChoices>(insn); }

}  // namespace emu::interp
