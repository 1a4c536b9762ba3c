#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/cpu_state.h"
#include "decoder/instruction.h"

namespace emu {

enum class TraceMode { off, instructions, registers };

// One --trace line, the same on every backend so that two traces can be diffed:
//   "CS:IP  bytes (padded)  disassembly", and with registers the state before the instruction:
//   "  ax=.... bx=.... cx=.... dx=.... si=.... di=.... bp=.... sp=.... ds=.... es=.... ss=.... fl=...."
// (32-bit registers are shown in full when any upper half is non-zero).
std::string format_trace_line(const CpuState& state, std::span<const std::uint8_t> bytes,
                              const x86::Instruction& instruction, TraceMode mode);

}  // namespace emu
