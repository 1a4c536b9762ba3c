#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "backends/interp/handler.h"
#include "core/host_mapping.h"
#include "decoder/instruction.h"

namespace emu::interp {

struct Block;

// A decoded instruction and the handler that executes it.
struct CachedInstruction {
  Handler handler;  // null: not decoded (or invalidated)
  x86::Instruction insn;
  Block* block = nullptr;  // the block starting here (block_cache.h), if one was built
};

// Decoded instructions per guest-physical start address, so each instruction is decoded once.
// Pages of entries are allocated on first execution in a 4 KiB page of RAM. A byte map marks
// RAM bytes that belong to cached instructions; a guest write to such a byte invalidates the
// entries that overlap it, so self-modifying code takes effect at once (also for writes by
// string instructions and port input), while writes to data beside code stay on the fast path.
class DecodeCache {
 public:
  static constexpr unsigned page_bits = 12;
  static constexpr std::uint32_t page_size = 1u << page_bits;

  explicit DecodeCache(std::uint32_t ram_size);

  // The cached instruction at `linear`, or nothing (not decoded, or not in RAM at all).
  CachedInstruction* lookup(std::uint32_t linear) {
    if (linear >= ram_size_) return nullptr;
    Page* page = pages_[linear >> page_bits].get();
    if (page == nullptr) return nullptr;
    CachedInstruction& entry = page->entries[linear & (page_size - 1)];
    return entry.handler ? &entry : nullptr;
  }

  CachedInstruction& insert(std::uint32_t linear, const x86::Instruction& insn, Handler handler);

  // True when any of the `count` bytes at `linear` (all in RAM) belongs to a cached instruction.
  bool holds_code(std::uint32_t linear, std::uint32_t count) const {
    const std::uint8_t* marks = code_map_.data() + linear;
    for (std::uint32_t i = 0; i < count; ++i) {
      if (marks[i] != 0) return true;
    }
    return false;
  }
  // The code marks themselves, one byte per RAM byte: for a caller that tests them inline.
  const std::uint8_t* code_marks() const { return code_map_.data(); }

  // Drops every cached instruction that overlaps [linear, linear + count). Returns true when
  // there was one; the generation then moves on (every block is stale).
  bool invalidate(std::uint32_t linear, std::uint32_t count);

  // Counts invalidations of cached code: blocks built in an older generation are stale.
  std::uint64_t generation() const { return generation_; }

  std::uint64_t decoded() const { return decoded_; }
  std::uint64_t invalidated() const { return invalidated_; }

 private:
  struct Page {
    std::array<CachedInstruction, page_size> entries;
  };

  std::uint32_t ram_size_;
  std::vector<std::unique_ptr<Page>> pages_;
  HostMapping code_map_;  // one byte per RAM byte (+ padding); zero pages cost no memory until used
  std::uint64_t decoded_ = 0;
  std::uint64_t invalidated_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace emu::interp
