#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "core/cpu_state.h"

namespace emu::test {

// A random real-mode program and the state to start it in. Layout (64 KiB of RAM, everything in
// segment 0): the IVT sends every vector to a HLT at 0x500 except INT3 and INT 40h-4Fh, which
// go to an IRET at 0x501; code starts at 0x600, memory
// operands address a data area at 0x2000-0x2FFF through BX (which the program never changes),
// the stack sits below 0xF000.
struct RandomProgram {
  std::vector<std::uint8_t> image;
  CpuState initial_state;
  std::size_t instructions = 0;
  // The code as independent blocks (a forward branch travels with the block it jumps over), so
  // that a reducer can drop any of them: image = layout() + blocks + HLT.
  std::vector<std::vector<std::uint8_t>> blocks;
};

// The image for `blocks`: the IVT and halt handler, the blocks from program_start, then HLT.
std::vector<std::uint8_t> assemble_program(const std::vector<std::vector<std::uint8_t>>& blocks);

inline constexpr std::uint32_t program_memory = 64 * 1024;
inline constexpr std::uint16_t program_start = 0x600;
inline constexpr std::uint16_t data_area = 0x2000;

// `length` instructions drawn from the decoder's instruction set (ALU in every form, shifts and
// rotates, multiply/divide, BCD, moves, bit operations, conditional moves/sets, stack, flags,
// string operations with small counts, console output, forward branches), ending with HLT. No
// instruction reads a flag that an earlier one left undefined (a CMP defines them first).
RandomProgram generate_program(std::mt19937& random, std::size_t length);

}  // namespace emu::test
