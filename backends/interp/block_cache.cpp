#include "backends/interp/block_cache.h"

#include "backends/interp/cpu.h"

namespace emu::interp {

void end_block(Cpu& cpu, const BlockEntry&) {
  const Block& block = *cpu.current_block;
  cpu.instructions += block.count;
  if (!block.fixed_successors) return;
  Block* next = block.next[cpu.eip != block.fallthrough].block;
  if (next == nullptr || next->count > cpu.chain_end - cpu.instructions) return;
  cpu.current_block = next;
  if (!next->ends_in_exit) {
    cpu.instruction_eip = next->last_ip;
    cpu.eip = next->fallthrough;
  }
  const BlockEntry& first = next->entries.front();
  return first.chain(cpu, first);
}

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
