#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "backends/interp/decode_cache.h"
#include "decoder/instruction.h"

namespace emu::interp {

// A run of instructions copied out of the decode cache so that the run loop executes them back
// to back, one indirect call and one test of Cpu::events each: straight-line instructions (none
// reads or writes IP, so none can branch), with IP and the instruction count brought up to date
// once at the end (or at the instruction that reports an event or faults), then usually one final
// instruction that may branch. A relative branch there takes its exit form (handlers.h,
// select_block_exit), which needs no IP set before it; any other final instruction runs with IP
// set as the single-instruction path sets it. A block is built for the IP it starts at (the
// exit forms hold absolute IPs).
struct BlockEntry {
  Handler handler;
  x86::Instruction insn;
};

struct Block {
  std::uint64_t generation = 0;   // DecodeCache::generation() when built; stale once it moves on
  std::uint32_t ip = 0;           // where it starts: it runs only from there
  std::uint32_t count = 0;        // entries.size()
  std::uint32_t last_ip = 0;      // where its last entry starts
  std::uint32_t fallthrough = 0;  // the IP after its last entry
  // The highest IP it may reach or branch to: runs only while that is within CS's limit, so that
  // no instruction in it, nor an exit form's target, needs a limit check.
  std::uint32_t reach = 0;
  bool ends_in_exit = false;  // the last entry is an exit form; else IP is set before it
  std::vector<BlockEntry> entries;

  // Where the run went after this block, the last time it fell through ([0]) and the last time it
  // branched ([1]): a loop's back edge and exit find the next block without a lookup. The linear
  // address identifies it; the block it names may have gone stale (check its generation) or have
  // been built for another CS (check its ip).
  struct Link {
    std::uint32_t linear = 0xFFFFFFFF;
    Block* block = nullptr;
  };
  std::array<Link, 2> next;
};

// Owns the blocks. A block is found through the CachedInstruction it starts at (its `block`) and
// is valid while the decode cache's generation is the one it was built in: any invalidation of
// cached code (self-modifying code) makes every block stale at once, which keeps invalidation
// simple and costs only rebuilding. Stale blocks stay allocated (a running block may be stale)
// until the arena grows past a bound and is emptied at a point where no block runs.
class BlockCache {
 public:
  static constexpr unsigned max_straight = 64;

  // Keeps `block` (its entries at most max_straight straight-line ones and one more).
  Block& add(Block block);

  // True when the arena has grown past its bound: the caller then forgets every block
  // (DecodeCache::forget_blocks) and calls clear().
  bool full() const { return entries_ > max_arena_entries; }
  void clear();
  // Counts clear()s: a Block& taken before a change of epoch has been freed.
  std::uint64_t epoch() const { return epoch_; }

  std::uint64_t built() const { return built_; }

 private:
  static constexpr std::size_t max_arena_entries = 1u << 18;  // 10 MiB of entries at most

  std::vector<std::unique_ptr<Block>> arena_;
  std::size_t entries_ = 0;
  std::uint64_t built_ = 0;
  std::uint64_t epoch_ = 0;
};

}  // namespace emu::interp
