#pragma once

#include "backends/interp/decode_cache.h"
#include "decoder/instruction.h"

namespace emu::interp {

// The handler that executes `insn`: every decoder result has one (invalid encodings raise #UD,
// unmodelled instructions stop the run), so nullptr means a missing case in emu.
Handler select_handler(const x86::Instruction& insn);

// True when `insn`'s handler neither reads nor writes IP (nor the IP of the instruction being
// executed): it cannot branch, so it may run inside a block (block_cache.h). False for every
// control transfer (control.cpp), for REP string instructions, which step IP back to
// themselves between iterations, for RDTSC, which reads the instruction count, and for HLT, after
// which the bytes are often data.
bool continues_straight(const x86::Instruction& insn);

}  // namespace emu::interp
