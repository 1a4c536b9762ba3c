// Arithmetic, logic, multiply and divide, bit operations (SDM Vol. 2).
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

// The operations that have a form without flags (W false): the ALU operations, INC, DEC and NEG
// (and, in shift.cpp, the shifts and rotates).
template <bool W>
Handler select_flag_setter(const Instruction& insn) {
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
    default: return {};
  }
}

template <class P>
Handler select_alu_for(const Instruction& insn) {
  if (Handler handler = select_flag_setter<true>(insn)) return handler;
  unsigned size = insn.operand_size;
  switch (insn.op) {
    case Op::not_: return EMU_SIZED_RM(not_, insn);
    case Op::mul: return EMU_SIZED_P(mul, size, P);
    case Op::imul:
      if (insn.operands[1].kind == OperandKind::none) return EMU_SIZED_P(imul1, size, P);
      return EMU_SIZED_P(imul_n, size, P);
    case Op::div: return EMU_SIZED_P(div, size, P);
    case Op::idiv: return EMU_SIZED_P(idiv, size, P);
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

Handler select_alu_flagless(const Instruction& insn) { return select_flag_setter<false>(insn); }

}  // namespace emu::interp
