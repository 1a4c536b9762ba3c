#include "backends/interp/block_cache.h"

namespace emu::interp {

Block& BlockCache::add(std::uint64_t generation, std::vector<BlockEntry> entries, std::uint32_t bytes,
                       CachedInstruction* after) {
  auto block = std::make_unique<Block>();
  block->generation = generation;
  block->bytes = bytes;
  block->count = static_cast<std::uint32_t>(entries.size());
  block->entries = std::move(entries);
  block->after = after;
  entries_ += block->entries.size();
  ++built_;
  arena_.push_back(std::move(block));
  return *arena_.back();
}

void BlockCache::clear() {
  arena_.clear();
  entries_ = 0;
}

}  // namespace emu::interp
