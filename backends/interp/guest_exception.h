#pragma once

#include <cstdint>

namespace emu::interp {

// Real-mode exception vectors (Intel SDM Vol. 3, 6.3.1).
namespace vector {
inline constexpr std::uint8_t divide_error = 0;
inline constexpr std::uint8_t debug = 1;
inline constexpr std::uint8_t breakpoint = 3;
inline constexpr std::uint8_t overflow = 4;
inline constexpr std::uint8_t bound_range = 5;
inline constexpr std::uint8_t invalid_opcode = 6;
inline constexpr std::uint8_t double_fault = 8;
inline constexpr std::uint8_t stack_fault = 12;
inline constexpr std::uint8_t general_protection = 13;
}  // namespace vector

// Thrown by an instruction that faults; the interpreter delivers it through the IVT with
// CS:IP of the faulting instruction. Faults are rare, so an exception keeps every memory access
// on the fast path free of error plumbing.
struct GuestFault {
  std::uint8_t vector;
};

}  // namespace emu::interp
