#pragma once

#include <cstdint>
#include <optional>

#include "backends/interp/decode_cache.h"
#include "core/cpu_profile.h"
#include "decoder/instruction.h"

namespace emu::interp {

// The selector of each family's file (decoder/ops.def): the handler for an instruction of that
// family; select_handler asks the one the family names. An empty Handler means a case missing
// in the file (OperationFacts.EveryDecodedInstructionHasAHandlerInTheFileOfItsFamily).
Handler select_alu(const x86::Instruction& insn, CpuProfile profile);
Handler select_shift(const x86::Instruction& insn, CpuProfile profile);
Handler select_move(const x86::Instruction& insn);
Handler select_control(const x86::Instruction& insn);
Handler select_string(const x86::Instruction& insn, CpuProfile profile);
Handler select_bcd(const x86::Instruction& insn, CpuProfile profile);
Handler select_system(const x86::Instruction& insn, CpuProfile profile);

// The handler that executes `insn` as the CPU `profile` does: every decoder result has one
// (invalid encodings raise #UD, unmodelled instructions stop the run), so nullptr means a missing
// case in emu.
Handler select_handler(const x86::Instruction& insn, CpuProfile profile);

// True when `insn`'s handler neither reads nor writes IP (nor the IP of the instruction being
// executed): it cannot branch, so it may run inside a block (block_cache.h). False for every
// control transfer (family control), for REP string instructions, which step IP back to
// themselves between iterations, and for the operations with trait ENDS: RDTSC, which reads the
// instruction count, and HLT, after which the bytes are often data.
bool continues_straight(const x86::Instruction& insn);

// A relative branch (Jcc, JMP rel, LOOP/LOOPE/LOOPNE, JCXZ) in the form that ends a block: its
// handler sets IP to ExitIps::taken (the absolute target) when the branch is taken and to
// ExitIps::not_taken (the IP after it) when not, without reading IP, so the run loop need not
// set IP before it. The same semantics as the ordinary handler from a fixed IP.
// Where an exit form keeps its two IPs: in fields of its own copy of the Instruction that a
// relative branch no longer needs once its target is known (the displacement, made absolute).
struct ExitIps {
  static void store(x86::Instruction& insn, std::uint32_t taken, std::uint32_t not_taken) {
    insn.imm = taken;
    insn.displacement = static_cast<std::int32_t>(not_taken);
  }
  static std::uint32_t taken(const x86::Instruction& insn) { return insn.imm; }
  static std::uint32_t not_taken(const x86::Instruction& insn) { return static_cast<std::uint32_t>(insn.displacement); }
};

struct BlockExit {
  ChainFunction chain;
  x86::Instruction insn;
  std::uint32_t target;
};
// The exit form of `insn` when it is such a branch and, placed so that the next instruction is at
// `next_ip`, its target is within `limit`; nothing otherwise.
std::optional<BlockExit> select_block_exit(const x86::Instruction& insn, std::uint32_t next_ip, std::uint32_t limit);

// The handler of `insn` that computes its result but leaves the flags alone, for a block in
// which no flag it writes can be read or observed before being written again
// (flag_liveness.h); null if it has none. Such forms exist for the ALU operations, INC, DEC, NEG,
// shifts and rotates (not SHLD/SHRD): each family file's flagless selector.
Handler select_flagless(const x86::Instruction& insn);
Handler select_alu_flagless(const x86::Instruction& insn);
Handler select_shift_flagless(const x86::Instruction& insn);

// True when `insn` cannot report an event (Cpu::Event): it writes no memory, touches no port,
// loads no segment register or FLAGS, does not repeat and does not stop the run. It may fault.
bool reports_no_events(const x86::Instruction& insn);

}  // namespace emu::interp
