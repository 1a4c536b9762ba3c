#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "backends/interp/decode_cache.h"
#include "decoder/instruction.h"

namespace emu::interp {

// A run of straight-line instructions (none reads or writes IP, so none can branch), copied out of
// the decode cache so that the run loop executes them back to back: one indirect call and one
// test of Cpu::events per instruction, with IP and the instruction count brought up to date once
// at the end of the block (or at the instruction that reports an event or faults).
struct BlockEntry {
  Handler handler;
  x86::Instruction insn;
};

struct Block {
  std::uint64_t generation = 0;  // DecodeCache::generation() when built; stale once it moves on
  std::uint32_t bytes = 0;       // guest bytes the entries span
  std::uint32_t count = 0;       // entries.size()
  std::vector<BlockEntry> entries;
  // The cached instruction right after the block (usually the branch that ended it), found when
  // the block was built; null if there was none. Valid as long as the block is.
  CachedInstruction* after = nullptr;
  // Where the branch after the block went last time (linear address and its cache slot): a loop's
  // back edge finds its target without a lookup. Slots never move, so only the slot's handler
  // needs checking.
  std::uint32_t branch_linear = 0xFFFFFFFF;
  CachedInstruction* branch_entry = nullptr;
};

// Owns the blocks. A block is found through the CachedInstruction it starts at (its `block`) and
// is valid while the decode cache's generation is the one it was built in: any invalidation of
// cached code (self-modifying code) makes every block stale at once, which keeps invalidation
// simple and costs only rebuilding. Stale blocks stay allocated (a running block may be stale)
// until the arena grows past a bound and is emptied at a point where no block runs.
class BlockCache {
 public:
  static constexpr unsigned max_entries = 64;

  // A new block of `entries` (at most max_entries, each continues_straight() in handlers.h),
  // spanning `bytes`, followed by the cached instruction `after` (or null).
  Block& add(std::uint64_t generation, std::vector<BlockEntry> entries, std::uint32_t bytes, CachedInstruction* after);

  // True when the arena has grown past its bound: the caller then forgets every block
  // (DecodeCache::forget_blocks) and calls clear().
  bool full() const { return entries_ > max_arena_entries; }
  void clear();

  std::uint64_t built() const { return built_; }

 private:
  static constexpr std::size_t max_arena_entries = 1u << 18;  // 10 MiB of entries at most

  std::vector<std::unique_ptr<Block>> arena_;
  std::size_t entries_ = 0;
  std::uint64_t built_ = 0;
};

}  // namespace emu::interp
