// String instructions with and without REP/REPE/REPNE (SDM Vol. 2: MOVS, CMPS, STOS, LODS,
// SCAS, INS, OUTS, REP).
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "backends/interp/handler_forms.h"
#include "backends/interp/handlers.h"
#include "backends/interp/operands.h"
#include "backends/interp/profile_choices.h"
#include "decoder/operation.h"

namespace emu::interp {

namespace {

using x86::Op;

// Iterations one execution of a REP instruction performs at most before it yields (leaving IP
// on itself, as an interrupted REP does), so limits and timeouts stay responsive even with ECX
// counts in the billions. It is not counted as an instruction until it finishes.
constexpr std::uint32_t max_iterations_per_step = 1u << 16;

// SI/DI/CX or ESI/EDI/ECX, by the address size.
struct StringRegisters {
  Cpu& cpu;
  bool wide;
  std::uint32_t get(unsigned r) const { return wide ? cpu.reg<4>(r) : cpu.reg<2>(r); }
  void set(unsigned r, std::uint32_t value) const {
    if (wide) {
      cpu.set_reg<4>(r, value);
    } else {
      cpu.set_reg<2>(r, value);
    }
  }
  std::uint32_t mask() const { return wide ? 0xFFFFFFFFu : 0xFFFFu; }
};

constexpr unsigned cx = 1, si = 6, di = 7;

// One iteration. Early is the profile's string_advances_before_access (profile_choices.h): each
// index register advanced before its own access, so that a fault leaves it advanced; otherwise
// the registers change only once the iteration has completed.
template <Op O, unsigned N, bool Early>
void iterate_once(Cpu& cpu, const Instruction& insn, const StringRegisters& regs, std::uint32_t step) {
  // The offset in index register r for this iteration's access.
  auto offset = [&](unsigned r) {
    std::uint32_t value = regs.get(r);
    if constexpr (Early) regs.set(r, value + step);
    return value;
  };
  // The iteration completed: the index registers it used advance, unless they already have.
  auto advance = [&](auto... r) {
    if constexpr (!Early) (regs.set(r, regs.get(r) + step), ...);
  };
  if constexpr (O == Op::movs) {
    std::uint32_t value = cpu.read<N>(insn.segment, offset(si));
    cpu.write<N>(es_index, offset(di), value);
    advance(si, di);
  } else if constexpr (O == Op::cmps) {
    // The 286 reads ES:DI first: a fault there leaves SI as it was (tests/data/conformance).
    std::uint32_t b = Early ? cpu.read<N>(es_index, offset(di)) : 0;
    std::uint32_t a = cpu.read<N>(insn.segment, offset(si));
    if constexpr (!Early) b = cpu.read<N>(es_index, offset(di));
    cpu.flags.set_add_sub<N>(a, b, std::uint64_t{a} - b);
    advance(si, di);
  } else if constexpr (O == Op::stos) {
    cpu.write<N>(es_index, offset(di), cpu.reg<N>(0));
    advance(di);
  } else if constexpr (O == Op::lods) {
    cpu.set_reg<N>(0, cpu.read<N>(insn.segment, offset(si)));
    advance(si);
  } else if constexpr (O == Op::scas) {
    std::uint32_t a = cpu.reg<N>(0);
    std::uint32_t b = cpu.read<N>(es_index, offset(di));
    cpu.flags.set_add_sub<N>(a, b, std::uint64_t{a} - b);
    advance(di);
  } else if constexpr (O == Op::ins) {
    // The destination is checked before the port is read (a fault must not lose input).
    std::uint32_t linear = cpu.linear_address<N>(es_index, offset(di));
    std::uint32_t value = static_cast<std::uint32_t>(cpu.io->read(cpu.reg<2>(2), N));
    cpu.write_physical<N>(linear, value);
    advance(di);
  } else {
    static_assert(O == Op::outs);
    std::uint32_t value = cpu.read<N>(insn.segment, offset(si));
    cpu.io->write(cpu.reg<2>(2), N, value);
    advance(si);
    if (cpu.exit_request.attention()) [[unlikely]] cpu.on_port_attention();
  }
}

// Bulk forms of REP MOVS and REP STOS going up through RAM: one memmove/fill instead of a loop,
// when nothing can differ from the element-by-element definition (no fault, no device, no wrap,
// no overlap that a forward copy would replicate). Returns the iterations done (0: not taken).
template <Op O, unsigned N>
std::uint32_t bulk(Cpu& cpu, const Instruction& insn, const StringRegisters& regs, std::uint32_t count) {
  if (cpu.flags.df() || regs.wide) return 0;
  std::uint32_t bytes = count * N;
  std::uint32_t di_offset = regs.get(di);
  if (di_offset + bytes - 1 > cpu.seg[es_index].limit) return 0;
  std::uint32_t destination = cpu.seg[es_index].base + di_offset;
  if (destination + bytes > cpu.ram_size) return 0;
  if constexpr (O == Op::movs) {
    std::uint32_t si_offset = regs.get(si);
    if (si_offset + bytes - 1 > cpu.seg[insn.segment].limit) return 0;
    std::uint32_t source = cpu.seg[insn.segment].base + si_offset;
    if (source + bytes > cpu.ram_size) return 0;
    if (destination > source && destination < source + bytes) return 0;  // a forward copy would replicate
    if (cpu.cache.holds_code(destination, bytes)) cpu.code_written(destination, bytes);
    if (cpu.access_log != nullptr) [[unlikely]] cpu.log_bulk(destination, bytes, source);
    std::memmove(cpu.ram + destination, cpu.ram + source, bytes);
    regs.set(si, si_offset + bytes);
  } else {
    static_assert(O == Op::stos);
    if (cpu.cache.holds_code(destination, bytes)) cpu.code_written(destination, bytes);
    if (cpu.access_log != nullptr) [[unlikely]] cpu.log_bulk(destination, bytes, std::nullopt);
    std::uint32_t value = cpu.reg<N>(0);
    std::uint8_t* out = cpu.ram + destination;
    if constexpr (N == 1) {
      std::memset(out, static_cast<int>(value), bytes);
    } else {
      for (std::uint32_t i = 0; i < count; ++i) store_le<N>(out + i * N, value);
    }
  }
  regs.set(di, di_offset + bytes);
  return count;
}

template <Op O, unsigned N, bool Early>
void string_op(Cpu& cpu, const Instruction& insn) {
  StringRegisters regs{cpu, insn.address32()};
  std::uint32_t step = cpu.flags.df() ? (0u - N) : N;
  bool repeated = insn.has(x86::prefix::rep) || insn.has(x86::prefix::repne);
  if (!repeated) {
    iterate_once<O, N, Early>(cpu, insn, regs, step);
    return;
  }
  std::uint32_t count = regs.get(cx);
  if (count == 0) return;
  // With TF set, each iteration ends in a single-step trap, with IP still on the instruction
  // until the last one.
  bool single_step = cpu.flags.tf() || cpu.one_iteration_per_step;
  std::uint32_t budget = single_step ? 1 : std::min(count, max_iterations_per_step);
  if constexpr (O == Op::movs || O == Op::stos) {
    if (!single_step) {
      std::uint32_t done = bulk<O, N>(cpu, insn, regs, budget);
      if (done != 0) {
        count -= done;
        regs.set(cx, count);
        if (count != 0) {
          cpu.eip = cpu.instruction_eip;
          cpu.events |= Cpu::repeat_pending;
        }
        return;
      }
    }
  }
  constexpr bool compares = x86::has_trait(O, x86::traits::REPCMP);
  bool repeat_while_equal = insn.has(x86::prefix::rep);
  for (std::uint32_t i = 0; i < budget; ++i) {
    count = (count - 1) & regs.mask();
    if constexpr (Early) regs.set(cx, count);  // CX too counts down before the accesses
    iterate_once<O, N, Early>(cpu, insn, regs, step);
    if constexpr (!Early) regs.set(cx, count);
    if (count == 0) return;
    if constexpr (compares) {
      if ((cpu.flags.zf() != 0) != repeat_while_equal) return;
    }
    if (cpu.stop != Stop::none) break;
  }
  cpu.eip = cpu.instruction_eip;  // not finished: execute it again
  cpu.events |= Cpu::repeat_pending;
}

// Without REP: one iteration, the address size fixed at decode time.
template <Op O, unsigned N, bool Wide, bool Early>
void string_once(Cpu& cpu, const Instruction& insn) {
  StringRegisters regs{cpu, Wide};
  iterate_once<O, N, Early>(cpu, insn, regs, cpu.flags.df() ? (0u - N) : N);
}

// The fast form of string_once for LODS, STOS and MOVS (operands.h, handler_with_try): the
// accesses first, then the index registers.
template <Op O, unsigned N, bool Wide>
[[gnu::always_inline]] inline bool try_string_once(Cpu& cpu, const Instruction& insn) {
  StringRegisters regs{cpu, Wide};
  const std::uint32_t step = cpu.flags.df() ? (0u - N) : N;
  if constexpr (O == Op::lods) {
    std::uint32_t value;
    if (!cpu.try_read<N>(insn.segment, regs.get(si), value)) return false;
    cpu.set_reg<N>(0, value);
  } else if constexpr (O == Op::stos) {
    if (!cpu.try_write<N>(es_index, regs.get(di), cpu.reg<N>(0))) return false;
  } else {
    static_assert(O == Op::movs);
    std::uint32_t value;
    if (!cpu.try_read<N>(insn.segment, regs.get(si), value)) return false;
    if (!cpu.try_write<N>(es_index, regs.get(di), value)) return false;
  }
  if constexpr (O != Op::stos) regs.set(si, regs.get(si) + step);
  if constexpr (O != Op::lods) regs.set(di, regs.get(di) + step);
  return true;
}

template <Op O, unsigned N, bool Early>
Handler select_once(const Instruction& insn) {
  if constexpr (O == Op::lods || O == Op::stos || O == Op::movs) {
    // The fast forms do nothing where an access would fault: they serve both orders.
    return insn.address32()
               ? handler_with_try<&string_once<O, N, true, Early>, &try_string_once<O, N, true>>
               : handler_with_try<&string_once<O, N, false, Early>, &try_string_once<O, N, false>>;
  }
  return insn.address32() ? handler_of<&string_once<O, N, true, Early>> : handler_of<&string_once<O, N, false, Early>>;
}

template <Op O, bool Early>
Handler select_sized(const Instruction& insn) {
  unsigned size = insn.operand_size;
  if (!insn.has(x86::prefix::rep) && !insn.has(x86::prefix::repne)) {
    return size == 1 ? select_once<O, 1, Early>(insn) : size == 2 ? select_once<O, 2, Early>(insn)
                                                                  : select_once<O, 4, Early>(insn);
  }
  return size == 1 ? handler_of<&string_op<O, 1, Early>> : size == 2 ? handler_of<&string_op<O, 2, Early>>
                                                                     : handler_of<&string_op<O, 4, Early>>;
}

template <bool Early>
Handler select_string_for(const Instruction& insn) {
  switch (insn.op) {
    case Op::movs: return select_sized<Op::movs, Early>(insn);
    case Op::cmps: return select_sized<Op::cmps, Early>(insn);
    case Op::stos: return select_sized<Op::stos, Early>(insn);
    case Op::lods: return select_sized<Op::lods, Early>(insn);
    case Op::scas: return select_sized<Op::scas, Early>(insn);
    case Op::ins: return select_sized<Op::ins, Early>(insn);
    case Op::outs: return select_sized<Op::outs, Early>(insn);
    default: return {};
  }
}

}  // namespace

Handler select_string(const Instruction& insn, CpuProfile profile) {
  return with_choices(profile, [&]<class P>() { return select_string_for<P::string_advances_before_access>(insn); });
}

}  // namespace emu::interp
