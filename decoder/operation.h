#pragma once

// What an operation is, from its row of ops.def: its mnemonic, family, traits and flags. Every
// question about an operation (may LOCK prefix it? does it branch? which flags does it leave
// undefined?) is asked here, never answered by a list of operations elsewhere.

#include <array>
#include <cstdint>
#include <string_view>

#include "decoder/flags.h"
#include "decoder/instruction.h"

namespace emu::x86 {

// The interpreter file that executes an operation (backends/interp/<family>.cpp).
enum class Family : std::uint8_t { alu, shift, bcd, move, control, string, system, not_decoded };

using Traits = std::uint16_t;
namespace traits {
inline constexpr Traits LOCK = 1 << 0;     // LOCK may prefix it (#UD unless the destination is memory)
inline constexpr Traits SHIFT = 1 << 1;    // shift or rotate: the flags it writes depend on the count
inline constexpr Traits DS_SI = 1 << 2;    // string operation with its source at DS:SI
inline constexpr Traits REPCMP = 1 << 3;   // string comparison: REPE/REPNE end on ZF too
inline constexpr Traits KEEPS = 1 << 4;    // reads its first operand, never writes it
inline constexpr Traits NOFAULT = 1 << 5;  // no exception but through an explicit memory operand
inline constexpr Traits QUIET = 1 << 6;    // no run-loop event but by a store or a segment load
inline constexpr Traits ENDS = 1 << 7;     // ends a block without branching
}  // namespace traits

struct OperationFacts {
  std::string_view mnemonic;
  Family family;
  Traits traits;
  FlagInfo flags;  // for every operand; flag_info(insn) and flag_info(insn, count) refine it
};

namespace detail {
using namespace flags;
using namespace traits;
using enum Family;
inline constexpr std::array<OperationFacts, op_count> operation_table = {{
#define EMU_OP(name, mnemonic, family, traits, read, written, undefined)                            \
  {mnemonic, family, static_cast<Traits>(traits),                                                  \
   {static_cast<std::uint16_t>(read), static_cast<std::uint16_t>(written), static_cast<std::uint16_t>(undefined)}},
#include "decoder/ops.def"
#undef EMU_OP
}};
}  // namespace detail

constexpr const OperationFacts& facts(Op op) { return detail::operation_table[static_cast<unsigned>(op)]; }
constexpr Family family(Op op) { return facts(op).family; }
constexpr bool has_trait(Op op, Traits trait) { return (facts(op).traits & trait) != 0; }

// Control transfers: they set IP (the control family).
constexpr bool branches(Op op) { return family(op) == Family::control; }
constexpr bool is_string(Op op) { return family(op) == Family::string; }
// A string operation with REP, REPE or REPNE: it repeats, stepping IP back to itself in between.
constexpr bool repeats(const Instruction& insn) {
  return is_string(insn.op) && insn.has(prefix::rep | prefix::repne);
}

// An operand that the instruction reads or writes in memory (LEA's names an address only).
constexpr bool accesses_memory(const Operand& operand) { return operand.kind == OperandKind::mem && operand.size != 0; }

// True when `insn` may store to memory through an explicit operand (its first; XCHG's memory
// operand is its first too).
constexpr bool stores_to_operand(const Instruction& insn) {
  return accesses_memory(insn.operands[0]) && !has_trait(insn.op, traits::KEEPS);
}

}  // namespace emu::x86
