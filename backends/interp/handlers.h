#pragma once

#include "backends/interp/decode_cache.h"
#include "decoder/instruction.h"

namespace emu::interp {

// The handler that executes `insn`: every decoder result has one (invalid encodings raise #UD,
// unmodelled instructions stop the run), so nullptr means a missing case in emu.
Handler select_handler(const x86::Instruction& insn);

}  // namespace emu::interp
