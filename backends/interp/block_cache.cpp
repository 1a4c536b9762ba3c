#include "backends/interp/block_cache.h"

namespace emu::interp {

Block& BlockCache::add(Block block) {
  entries_ += block.entries.size();
  ++built_;
  arena_.push_back(std::make_unique<Block>(std::move(block)));
  return *arena_.back();
}

void BlockCache::clear() {
  arena_.clear();
  entries_ = 0;
  ++epoch_;
}

}  // namespace emu::interp
