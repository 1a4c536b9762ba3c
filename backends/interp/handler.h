#pragma once

#include "decoder/instruction.h"

namespace emu::interp {

struct Cpu;
struct BlockEntry;

// Executes one instruction: the single-instruction path.
using StepFunction = void (*)(Cpu& cpu, const x86::Instruction& insn);
// Executes a block's entry and then, unless it reported an event or faulted, the entries after
// it: each ends in a tail call of the next one's (operands.h, chain), the last in an empty one.
using ChainFunction = void (*)(Cpu& cpu, const BlockEntry& entry);

// The forms of an instruction's handler, made from one function (operands.h, handler_of): alone,
// and in a block, where `silent_chain` leaves out the test for an event that an instruction
// which cannot report one (handlers.h, reports_no_events) does not need.
struct Handler {
  StepFunction step = nullptr;
  ChainFunction chain = nullptr;
  ChainFunction silent_chain = nullptr;
  // The compiler's name of the step function's instance (step_function_name), for --log-interp.
  const char* name = nullptr;

  explicit operator bool() const { return step != nullptr; }
};

// An instruction in a block (block_cache.h): the entries of a block lie back to back, so an
// entry's chain form finds the next entry right after its own.
struct BlockEntry {
  ChainFunction chain;
  x86::Instruction insn;
};

}  // namespace emu::interp
