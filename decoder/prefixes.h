#pragma once

// Instruction prefixes (Intel SDM Vol. 2, section 2.1.1): which bytes are prefixes and what the
// prefixes before an opcode add up to. Shared by the decoder's fast and general paths.

#include <array>
#include <cstdint>

#include "decoder/decode_state.h"
#include "decoder/instruction.h"

namespace emu::x86 {

// Prefix bytes and what each sets; not_prefix for every other byte.
enum class PrefixKind : std::uint8_t {
  not_prefix, segment_es, segment_cs, segment_ss, segment_ds, segment_fs, segment_gs,
  operand_size_prefix, address_size_prefix, lock_prefix, repne_prefix, rep_prefix
};

inline constexpr std::array<PrefixKind, 256> prefix_kinds = [] {
  using enum PrefixKind;
  std::array<PrefixKind, 256> kinds{};
  kinds[0x26] = segment_es;
  kinds[0x2E] = segment_cs;
  kinds[0x36] = segment_ss;
  kinds[0x3E] = segment_ds;
  kinds[0x64] = segment_fs;
  kinds[0x65] = segment_gs;
  kinds[0x66] = operand_size_prefix;
  kinds[0x67] = address_size_prefix;
  kinds[0xF0] = lock_prefix;
  kinds[0xF2] = repne_prefix;
  kinds[0xF3] = rep_prefix;
  return kinds;
}();

// The prefixes before an opcode: their bytes, the prefix bits they set and the segment override.
struct Prefixes {
  unsigned length = 0;
  std::uint8_t bits = 0;
  std::uint8_t segment = sreg_ds;
  bool complete = true;  // false when 15 bytes held nothing but prefixes
};

// Reads the prefixes at p (at least max_instruction_length readable bytes).
Prefixes scan_prefixes(const std::uint8_t* p);

}  // namespace emu::x86
