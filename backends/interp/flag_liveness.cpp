#include "backends/interp/flag_liveness.h"

#include <cstdint>
#include <optional>

#include "backends/interp/handlers.h"
#include "decoder/flags.h"
#include "decoder/operation.h"

namespace emu::interp {

namespace {

using x86::Instruction;
using x86::OperandKind;
using x86::flags::ARITH;

// Neither faults nor reports an event, so that nothing but what it reads observes the flags
// before it: an operation that faults only through memory, with no memory access.
bool transparent(const Instruction& insn) {
  if (!x86::has_trait(insn.op, x86::traits::NOFAULT)) return false;
  for (const x86::Operand& operand : insn.operands) {
    if (operand.kind == OperandKind::sreg || x86::accesses_memory(operand)) return false;
  }
  return true;
}

// The arithmetic flags `insn` writes whatever its operands and CPU profile: none for a shift or
// rotate whose count may be 0 (CL). Every profile writes a value into the flags an operation
// leaves undefined, but for the one case where it defines no flag at all: RCL/RCR by a whole
// turn, whose OF Intel keeps (profile_choices.h).
std::uint16_t certainly_written(const Instruction& insn) {
  if (!x86::has_trait(insn.op, x86::traits::SHIFT)) return x86::flag_info(insn).written & ARITH;
  const std::optional<std::uint32_t> count = x86::shift_count(insn);
  if (!count) return 0;
  const x86::FlagInfo info = x86::flag_info(insn, *count);
  const bool defines_some = (info.written & ~info.undefined) != 0;
  return defines_some ? info.written & ARITH : 0;
}

}  // namespace

void drop_dead_flags(std::span<BlockEntry> entries, bool ends_in_exit) {
  std::uint16_t live = ARITH;  // whatever follows the block may read any of them
  for (std::size_t i = entries.size(); i-- > 0;) {
    BlockEntry& entry = entries[i];
    const Instruction& insn = entry.insn;
    const x86::FlagInfo info = x86::flag_info(insn);
    if ((info.written & ARITH) != 0 && (info.written & live) == 0 && !x86::stores_to_operand(insn)) {
      if (Handler flagless = select_flagless(insn)) {
        entry.chain = reports_no_events(insn) ? flagless.silent_chain : flagless.chain;
      }
    }
    const bool exit_form = ends_in_exit && i + 1 == entries.size();
    if (exit_form || transparent(insn)) {
      live = static_cast<std::uint16_t>((live & ~certainly_written(insn)) | info.read);
    } else {
      live = ARITH;  // a fault or a stop shows every flag
    }
  }
}

}  // namespace emu::interp
