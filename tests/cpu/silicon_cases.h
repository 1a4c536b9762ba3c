#pragma once

// Cases measured on real silicon where the manuals leave results undefined
// (tests/data/cpu/README.md gives the format), and how to run one on the interpreter.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emu::test {

struct SiliconCase {
  std::string op;  // mnemonic; "imul" is the one-operand form, "imul2" is imul r, r/m
  unsigned size = 0;
  std::uint32_t flags_in = 0;
  std::uint32_t a = 0, b = 0, c = 0;
  std::uint32_t r0 = 0, r1 = 0;
  std::uint32_t flags_out = 0;  // arithmetic flags only (arithmetic_flags)
};

inline constexpr std::uint32_t arithmetic_flags = 0x8D5;  // CF PF AF ZF SF OF

struct SiliconData {
  std::string cpu;  // the metadata's description of the CPU measured
  std::vector<SiliconCase> cases;
};

// Reads a JSON-lines file (already unpacked); throws std::runtime_error on malformed input.
SiliconData read_silicon_data(const std::string& path);

// The machine code of one case's instruction, register operands only: EAX/AX/AL is the
// destination (or the accumulator), EDX the second input (b), EBX or CL the third (c).
std::vector<std::uint8_t> silicon_case_code(const SiliconCase& test);

// Whether `b` is an input in EDX (false for AAM/AAD, whose `b` is the immediate in the code).
inline bool silicon_case_uses_edx(const SiliconCase& test) { return test.op != "aam" && test.op != "aad"; }

}  // namespace emu::test
