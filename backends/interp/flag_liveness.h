#pragma once

#include <span>

#include "backends/interp/handler.h"

namespace emu::interp {

// Dead flag elimination over a block (block_cache.h), as compilers and binary translators do
// it: walking back from the block's end, where every arithmetic flag is live, an instruction
// whose flag results are all overwritten before any instruction reads them gets its flagless
// handler (handlers.h, select_flagless). Nothing can observe them in between: an instruction
// that may fault (pushing FLAGS) or stop the run makes every flag live before it, and an
// instruction whose flags are dropped must not write memory (a write can stop the block with an
// event, and the state at a stop is exact). `ends_in_exit`: the last entry is an exit form,
// which cannot fault.
void drop_dead_flags(std::span<BlockEntry> entries, bool ends_in_exit);

}  // namespace emu::interp
