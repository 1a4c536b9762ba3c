#include "backends/interp/block_cache.h"

namespace emu::interp {

void return_from_block(Cpu&, const BlockEntry&) {}

Block& BlockCache::add(Block block) {
  entries_ += block.entries.size();
  ++built_;
  arena_.push_back(std::make_unique<Block>(std::move(block)));
  Block& kept = *arena_.back();
  kept.head->block = &kept;
  return kept;
}

void BlockCache::clear(std::uint64_t generation, std::uint32_t limit) {
  // Heads live in the decode cache, which never frees a page: each is still there to reset (or
  // already reused for a newer decode, whose block pointer is then not this block).
  for (const std::unique_ptr<Block>& block : arena_) {
    if (block->head->block == block.get()) block->head->block = nullptr;
  }
  arena_.clear();
  entries_ = 0;
  ++epoch_;
  generation_ = generation;
  limit_ = limit;
}

}  // namespace emu::interp
