#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "decoder/instruction.h"

namespace emu::x86 {

// Intel syntax, close to `objdump -M intel` (lowercase, ", " between operands, short string
// forms such as `rep movsb`): see docs/decoder.md. `address` is the instruction's offset in its
// code segment (IP), used to print branch targets.
std::string disassemble(const Instruction& instruction, std::uint32_t address);

// The operand-free parts that x87 disassembly shares with the rest: a memory operand as
// "<size> ptr <seg:>[...]" (size 0: no "ptr" part).
std::string memory_operand_text(const Instruction& instruction, unsigned size);

// The name of general register `reg` (0-7, in encoding order) at operand size `size` (1, 2, 4):
// "al".."bh", "ax".."di", "eax".."edi".
std::string_view register_name(std::uint8_t reg, unsigned size);

// x87 escape (D8-DF) disassembly, or "(bad)" for register forms no CPU defines.
std::string disassemble_x87(const Instruction& instruction);

}  // namespace emu::x86
