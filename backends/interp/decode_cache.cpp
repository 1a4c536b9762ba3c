#include "backends/interp/decode_cache.h"

#include <algorithm>

namespace emu::interp {

DecodeCache::DecodeCache(std::uint32_t ram_size)
    : ram_size_(ram_size),
      pages_((ram_size + page_size - 1) / page_size),
      code_map_(HostMapping::anonymous(ram_size + x86::max_instruction_length)) {}

CachedInstruction& DecodeCache::insert(std::uint32_t linear, const x86::Instruction& insn, Handler handler) {
  std::unique_ptr<Page>& page = pages_[linear >> page_bits];
  if (!page) page = std::make_unique<Page>();
  CachedInstruction& entry = page->entries[linear & (page_size - 1)];
  entry.insn = insn;
  entry.handler = handler;
  entry.block = nullptr;
  std::uint32_t end = std::min<std::uint32_t>(linear + std::max<std::uint32_t>(insn.length, 1), ram_size_);
  std::fill(code_map_.data() + linear, code_map_.data() + end, std::uint8_t{1});
  ++decoded_;
  return entry;
}

bool DecodeCache::invalidate(std::uint32_t linear, std::uint32_t count) {
  // An instruction is at most 15 bytes long, so only entries starting up to 14 bytes before the
  // written range can overlap it.
  std::uint32_t first = linear >= x86::max_instruction_length - 1 ? linear - (x86::max_instruction_length - 1) : 0;
  std::uint32_t last = std::min(linear + count, ram_size_);
  const std::uint64_t before = invalidated_;
  for (std::uint32_t start = first; start < last; ++start) {
    Page* page = pages_[start >> page_bits].get();
    if (page == nullptr) {
      start |= page_size - 1;  // skip to the next page
      continue;
    }
    CachedInstruction& entry = page->entries[start & (page_size - 1)];
    if (entry.handler && start + entry.insn.length > linear) {
      entry.handler = {};
      ++invalidated_;
    }
  }
  // The bytes stay marked: a later write to them only takes this slower path again.
  if (invalidated_ == before) return false;
  ++generation_;
  return true;
}

}  // namespace emu::interp
