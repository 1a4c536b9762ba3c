#pragma once

#include <cstdint>
#include <optional>

#include "decoder/instruction.h"

namespace emu::x86 {

// EFLAGS bits an instruction reads, writes, and leaves undefined (a subset of written), as the
// Intel SDM describes each instruction. Comparisons mask `undefined`.
struct FlagInfo {
  std::uint16_t read = 0;
  std::uint16_t written = 0;
  std::uint16_t undefined = 0;
};

namespace flags {
inline constexpr std::uint16_t C = 1 << 0, P = 1 << 2, A = 1 << 4, Z = 1 << 6, S = 1 << 7, T = 1 << 8, I = 1 << 9,
                               D = 1 << 10, O = 1 << 11;
inline constexpr std::uint16_t ARITH = C | P | A | Z | S | O;
}  // namespace flags

// The flags Jcc/SETcc/CMOVcc condition `condition` (0-15) tests.
std::uint16_t condition_flags(std::uint8_t condition);

// The flags `instruction` reads, writes and leaves undefined for any operands it may have.
FlagInfo flag_info(const Instruction& instruction);

// The same for a shift or rotate whose count operand (CL, an immediate or 1) holds `count`,
// before the CPU masks it: the one place of the rules that a masked count of 0 touches no flag,
// that a count of 1 defines OF, and that RCL/RCR by a whole turn of a byte or word keep CF.
// Other operations: flag_info(instruction).
FlagInfo flag_info(const Instruction& instruction, std::uint32_t count);

// The count of a shift or rotate when the instruction itself fixes it (1 or an immediate);
// nothing for a count in CL and for other operations.
std::optional<std::uint32_t> shift_count(const Instruction& instruction);

}  // namespace emu::x86
