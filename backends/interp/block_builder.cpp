// Decoding ahead and building blocks (block_cache.h): the straight-line code from a branch
// target, with its exit form, flag liveness and the links the run loop follows.
#include "backends/interp/flag_liveness.h"
#include "backends/interp/handlers.h"
#include "backends/interp/interpreter.h"
#include "decoder/decode.h"

namespace emu::interp {

// The decode window at `linear` for IP `ip`: up to the end of RAM or of the code segment,
// whichever comes first.
std::uint32_t Interpreter::decode_window(std::uint32_t linear, std::uint32_t ip) const {
  std::uint32_t to_ram_end = cpu_.ram_size - linear;
  std::uint32_t to_limit = cpu_.seg[cs_index].limit - ip + 1;
  return std::min(to_ram_end, to_limit);
}

CachedInstruction& Interpreter::decode_at(std::uint32_t linear) {
  std::uint32_t window = decode_window(linear, cpu_.eip);
  x86::Instruction insn = x86::decode({cpu_.ram + linear, window}, instruction_set_);
  if (insn.op == x86::Op::truncated) {
    if (window < cpu_.ram_size - linear) throw GuestFault{vector::general_protection};  // runs past CS's limit
    cpu_.request_stop(Stop::unassigned_fetch);
  }
  return cache_.insert(linear, insn, select_handler(insn, profile_));
}

// The cached instruction at CS:`ip` for a block being built, decoded now if need be; nothing
// where fetching it would fault or stop the run (that is left to the instruction's turn).
CachedInstruction* Interpreter::decoded_ahead(std::uint32_t base, std::uint32_t ip) {
  std::uint32_t linear = base + ip;
  if (ip > cpu_.seg[cs_index].limit || linear >= cpu_.ram_size) return nullptr;
  if (CachedInstruction* entry = cache_.lookup(linear)) return entry;
  x86::Instruction insn = x86::decode({cpu_.ram + linear, decode_window(linear, ip)}, instruction_set_);
  if (!insn.valid()) return nullptr;
  return &cache_.insert(linear, insn, select_handler(insn, profile_));
}

bool Interpreter::reads_instruction_count(const x86::Instruction& insn) const {
  using x86::Op;
  if (insn.op == Op::rdtsc) return true;
  if (clock_ == nullptr) return false;
  if (insn.op == Op::ins || insn.op == Op::outs) return true;
  if (insn.op != Op::in && insn.op != Op::out) return false;
  // IN/OUT with an immediate port name it: one that reads no time (port 0x80's I/O delays) may
  // stay inside a block. Through DX the port is known only when it runs.
  const x86::Operand& port = insn.operands[insn.op == Op::in ? 1 : 0];
  return port.kind != x86::OperandKind::imm || platform_.port_reads_time(static_cast<std::uint16_t>(insn.imm & 0xFF));
}

// The block that starts at `head` (CS:`ip`), built on first arrival (block_at): the straight-line
// instructions from there, up to the first that may branch (which ends the block as its last
// entry), one that is not a valid instruction, the end of the segment or
// BlockCache::max_straight. A head that does not continue straight is a block's only entry.
Block& Interpreter::build_block(CachedInstruction& head, std::uint32_t base, std::uint32_t ip) {
  if (blocks_.full()) blocks_.clear();
  Block block;
  block.head = &head;
  block.ip = ip;
  const std::uint32_t limit = cpu_.seg[cs_index].limit;
  std::uint32_t next_ip = ip;
  CachedInstruction* entry = &head;
  while (entry != nullptr) {
    const x86::Instruction& insn = entry->insn;
    const bool straight = insn.valid() && continues_straight(insn);
    // RDTSC reads the instruction count, which is up to date only before a block's first entry;
    // so, on a machine with timers (whose device time may be the count), do the port accesses.
    if (reads_instruction_count(insn) && !block.entries.empty()) break;
    block.last_ip = next_ip;
    next_ip += insn.length;
    if (std::optional<BlockExit> exit = select_block_exit(insn, next_ip & 0xFFFF, limit)) {
      block.entries.push_back({exit->chain, exit->insn});
      block.ends_in_exit = true;
      break;
    }
    block.entries.push_back({reports_no_events(insn) ? entry->handler.silent_chain : entry->handler.chain, insn});
    // The next instruction would start past the segment (IP wraps there): the block ends.
    if (!straight || block.entries.size() > BlockCache::max_straight || next_ip > limit) break;
    entry = decoded_ahead(base, next_ip);
  }
  block.count = static_cast<std::uint32_t>(block.entries.size());
  const x86::Instruction& last = block.entries.back().insn;
  block.fixed_successors = block.ends_in_exit || (last.valid() && continues_straight(last));
  for (const BlockEntry& kept : block.entries) block.exact.push_back(kept.chain);
  drop_dead_flags(block.entries, block.ends_in_exit);
  block.entries.push_back(end_of_block);
  block.fallthrough = next_ip & 0xFFFF;
  return blocks_.add(std::move(block));
}

}  // namespace emu::interp
