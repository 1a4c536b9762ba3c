#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "backends/interp/decode_cache.h"
#include "decoder/instruction.h"

namespace emu::interp {

// A block: a run of instructions copied out of the decode cache, straight-line instructions (none
// reads or writes IP, so none can branch), then usually one final instruction that may branch,
// then an end entry. The run loop calls the first entry's chain form; each entry tail-calls the
// next (threaded code, operands.h: chain), testing Cpu::events only where the instruction can
// report one. IP is set once, before the first, as the single-instruction path would set it for
// the last (stop_in_block puts it right for an earlier one that reports an event or faults), and
// the instruction count is brought up to date by the end entry. A relative branch at the end
// takes its exit form (handlers.h, select_block_exit), which sets IP without reading it. A block
// is built for the IP it starts at (the exit forms hold absolute IPs).

// The entry after a block's last one. Its chain form counts the block's instructions and then,
// where the block's successor is fixed and linked (Block::fixed_successors) and fits before
// Cpu::chain_end, goes straight on into it (Cpu::current_block follows); otherwise it returns to
// the run loop.
void end_block(Cpu& cpu, const BlockEntry& entry);
inline const BlockEntry end_of_block{&end_block, {}};

struct Block {
  CachedInstruction* head = nullptr;  // the cached instruction it starts at, which points back to it
  std::uint32_t ip = 0;               // where it starts: it runs only from there
  std::uint32_t count = 0;            // instructions: entries.size() less the end entry
  std::uint32_t last_ip = 0;          // where its last entry starts
  std::uint32_t fallthrough = 0;      // the IP after its last entry
  // Its last entry is an exit form (handlers.h, select_block_exit), which sets IP itself.
  bool ends_in_exit = false;
  // It can go only to its fallthrough or one fixed target, in the same CS (it ends in an exit
  // form or in an instruction that continues straight): its links, once made, need no check.
  bool fixed_successors = false;
  std::vector<BlockEntry> entries;
  // The entries' handlers before flag_liveness.h dropped dead flags: for running only part of the
  // block, after which every flag must be right.
  std::vector<ChainFunction> exact;

  // Where the run went after this block, the last time it fell through ([0]) and the last time it
  // branched ([1]): a loop's back edge and exit find the next block without a lookup. The linear
  // address and IP identify it (the same linear address under another CS base is another IP).
  struct Link {
    std::uint32_t linear = 0xFFFFFFFF;
    std::uint32_t ip = 0;
    Block* block = nullptr;
  };
  std::array<Link, 2> next;
};

// Owns the blocks. A block is found through the CachedInstruction it starts at (its `block`).
// Blocks are built for one state of the decode cache and one CS limit (they leave out limit checks
// the limit makes unnecessary): when either changes (self-modifying code, a new CPU state) the
// owner calls clear_unless_built_for, which drops them all at once, at a point where none runs.
// That keeps invalidation simple (every block, whatever the write touched) and costs rebuilding
// what runs again. The arena is bounded too: when full, add() is preceded by a clear().
class BlockCache {
 public:
  static constexpr unsigned max_straight = 64;

  // Keeps `block` (at most max_straight straight-line entries and one more) and makes its head
  // point to it.
  Block& add(Block block);

  // Drops every block unless they were built for this decode-cache generation and CS limit.
  void clear_unless_built_for(std::uint64_t generation, std::uint32_t limit) {
    if (generation != generation_ || limit != limit_) [[unlikely]] clear(generation, limit);
  }
  // True when the arena has grown past its bound: the caller then calls clear().
  bool full() const { return entries_ > max_arena_entries; }
  void clear() { clear(generation_, limit_); }
  // Counts clears: a Block& taken before the epoch changed has been freed.
  std::uint64_t epoch() const { return epoch_; }

  std::uint64_t built() const { return built_; }

 private:
  static constexpr std::size_t max_arena_entries = 1u << 18;  // 10 MiB of entries at most

  void clear(std::uint64_t generation, std::uint32_t limit);

  std::vector<std::unique_ptr<Block>> arena_;
  std::size_t entries_ = 0;
  std::uint64_t built_ = 0;
  std::uint64_t epoch_ = 0;
  std::uint64_t generation_ = 0;
  std::uint32_t limit_ = 0xFFFF;
};

}  // namespace emu::interp
