#pragma once

// Bytes -> Instruction for 16-bit real-mode code: the fast path (fast_decode.h) for the common
// forms, the general decoder (decode.cpp) for everything else, with the same results (held to
// each other by tests/decoder/fast_path_test.cpp).

#include <cstdint>
#include <span>

#include "decoder/fast_decode.h"
#include "decoder/instruction.h"

namespace emu::x86 {

// The general decoder alone; decode() uses it where the fast path does not apply.
Instruction decode_general(std::span<const std::uint8_t> bytes);

// Decodes the instruction at the start of `bytes` (16-bit real-mode defaults). Reads only
// `bytes`; when they end before the instruction does, the result is Op::truncated.
inline Instruction decode(std::span<const std::uint8_t> bytes) {
  // Both results are built in the caller's object: no copy of an Instruction just written field
  // by field (which would stall on store forwarding) and no default initialisation first.
  fast_path::FastDecoding decoding;
  if (bytes.size() >= fast_path::fast_window) {
    // Two calls of build: one result built from constants where there are no prefixes.
    if (fast_path::analyse_plain(bytes.data(), decoding)) return fast_path::build(decoding);
    if (fast_path::analyse_escaped(bytes.data(), decoding)) return fast_path::build(decoding);
  }
  return decode_general(bytes);
}

// The instruction sets a CPU profile decodes: the 386's and its successors' (everything decode()
// knows), or the 80286's (decode_286.cpp).
enum class InstructionSet : std::uint8_t { i386_and_later, i80286 };

// Decodes as the 80286 does: 386 instructions are undefined opcodes (Op::invalid: 64-67, MOV
// with segment register 4 or 5, 0F forms other than its system instructions), LOCK is accepted
// before every instruction, F1 is a prefix that does nothing, 0F 05 is LOADALL, and an
// instruction over 10 bytes is Op::too_long.
Instruction decode_286(std::span<const std::uint8_t> bytes);

inline Instruction decode(std::span<const std::uint8_t> bytes, InstructionSet set) {
  return set == InstructionSet::i80286 ? decode_286(bytes) : decode(bytes);
}

}  // namespace emu::x86
