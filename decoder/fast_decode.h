#pragma once

// The decoder's fast path over the tables of fast_forms.h, inline so that callers decoding in a
// loop keep their state in registers; decode.h falls back to the general decoder.

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "decoder/fast_forms.h"
#include "decoder/instruction.h"
#include "decoder/prefixes.h"

namespace emu::x86::fast_path {

constexpr std::uint32_t load_u32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
}

// Reads a field of `mask` bytes at p and sign-extends it when shift says so (shift = 32 - bits).
constexpr std::uint32_t field(const std::uint8_t* p, std::uint32_t mask, unsigned shift) {
  return static_cast<std::uint32_t>(static_cast<std::int32_t>((load_u32(p) & mask) << shift) >> shift);
}

// The fast path reads up to 4 bytes past the last field it looks at (one 32-bit load per field).
inline constexpr std::size_t fast_window = 32;

// Multipliers that put a byte value into the first or second byte of a 32-bit word in memory.
inline constexpr std::uint32_t prefixes_lane = std::bit_cast<std::uint32_t>(std::array<std::uint8_t, 4>{1, 0, 0, 0});
inline constexpr std::uint32_t segment_lane = std::bit_cast<std::uint32_t>(std::array<std::uint8_t, 4>{0, 1, 0, 0});

// What the fast path has found out about an instruction before building it.
struct FastDecoding {
  const std::uint8_t* displacement;  // where the displacement bytes start
  const std::uint8_t* immediate;     // where the immediate bytes start
  const FastForm* form;
  const FastMemory* memory;
  unsigned index;   // FastOpcode index: the opcode, + fast_two_byte_base in the 0F map
  unsigned length;
  unsigned op32;    // 1 with a 32-bit operand size
  std::uint8_t bits;     // Instruction::prefixes bits from the prefixes and the 0F escape
  std::uint8_t segment;  // the segment override, if bits say there is one
  std::uint8_t modrm;    // 0 without a ModRM byte
};

// The instruction: the form's template with the fields that depend on the bytes filled in.
// Returned by value and so built in the caller's object.
[[gnu::always_inline]] inline Instruction build(const FastDecoding& d) {
  const FastForm& form = *d.form;
  const FastMemory& memory = *d.memory;
  Instruction insn = form.templates[std::size_t{memory.memory} * 2 + d.op32];
  insn.length = static_cast<std::uint8_t>(d.length);
  // Instruction::prefixes, segment, base and index as one word, copied from the memory form and
  // patched with the prefixes; the lanes make it independent of the host's byte order.
  std::uint32_t fields;
  std::memcpy(&fields, &memory, sizeof fields);
  const std::uint32_t override_mask = 0u - ((d.bits / prefix::segment) & 1);  // all ones with a segment prefix
  fields = (fields & ~(override_mask & segment_lane * 0xFF)) | (d.segment * segment_lane & override_mask) |
           d.bits * prefixes_lane;
  std::memcpy(&insn.prefixes, &fields, sizeof fields);
  insn.opcode = static_cast<std::uint8_t>(d.index);
  insn.modrm = d.modrm;
  insn.displacement =
      static_cast<std::int32_t>(field(d.displacement, memory.displacement_mask, memory.displacement_shift));
  const FastImmediate& imm = form.imm;
  insn.imm = field(d.immediate, imm.read_mask[d.op32], imm.shift[d.op32]) & imm.result_mask[d.op32];
  std::uint64_t operands;
  std::memcpy(&operands, insn.operands.data(), sizeof operands);
  operands |= fast_modrm_operands[std::size_t{form.modrm_operands_row} + d.modrm];
  std::memcpy(static_cast<void*>(insn.operands.data()), &operands, sizeof operands);
  return insn;
}

// The fast path (fast_forms.h) after the opcode: table reads and arithmetic, no branch on what
// the opcode is. Returns false for a form the tables leave to the general decoder. Inlined once
// per combination of prefixes present or not and one-byte or 0F map (see analyse_escaped), so
// that the common case runs with those as constants. With KnownLength, the instruction has no
// prefixes, its opcode is in the one-byte map and `known_length` is its fast_plain_lengths entry
// (not 0), which this function computed once for every opcode and ModRM byte when the table was
// built: the usability and length tests have been made.
template <bool TwoByte, bool KnownLength = false>
[[gnu::always_inline]] constexpr bool analyse_operands(const std::uint8_t* p, const Prefixes& prefixes,
                                                       unsigned position, unsigned index, FastDecoding& d,
                                                       unsigned known_length = 0) {
  const std::uint8_t bits = static_cast<std::uint8_t>(prefixes.bits | (TwoByte ? prefix::two_byte : 0));
  const FastOpcode& opcode = fast_opcodes[index];
  // The length depends on the opcode entry and the ModRM byte only, two reads that can start
  // together; the form and memory tables below are off that path.
  const std::uint8_t raw_modrm = p[position];
  const unsigned op32 = (bits & prefix::operand_size) ? 1 : 0;
  const unsigned operands_start = position + opcode.modrm_length;
  unsigned length = known_length;
  if (!KnownLength) {
    length = operands_start + (fast_memory_forms[raw_modrm].displacement_size & opcode.modrm_mask) +
             opcode.tail_size[op32];
  }

  const std::uint8_t modrm = raw_modrm & opcode.modrm_mask;
  // Indexes as std::size_t: sums of narrow fields would be int, and sign-extended.
  const FastForm& form =
      fast_forms[std::size_t{opcode.form} + (fast_memory_forms[raw_modrm].group_member & opcode.group_mask)];
  const FastMemory& memory = fast_memory_forms[std::size_t{modrm} | opcode.memory_form];
  if (!KnownLength) {
    if (!form.usable[memory.memory]) return false;
    if (opcode.length_from_form) length += form.imm.size[op32] - opcode.tail_size[op32];
    // Without prefixes no form the tables take can reach the limit (opcode_table.cpp checks).
    if (prefixes.length != 0 && length > max_instruction_length) return false;
  }
  d.displacement = p + operands_start;
  d.immediate = d.displacement + memory.displacement_size;
  d.form = &form;
  d.memory = &memory;
  d.index = index;
  d.length = length;
  d.op32 = op32;
  d.bits = bits;
  d.segment = prefixes.segment;
  d.modrm = modrm;
  return true;
}

[[gnu::always_inline]] inline bool analyse_after_prefixes(const std::uint8_t* p, const Prefixes& prefixes,
                                                          FastDecoding& d) {
  const unsigned position = prefixes.length;
  if (p[position] != 0x0F) return analyse_operands<false>(p, prefixes, position + 1, p[position], d);
  // F2/F3 select other instructions in the 0F map (TZCNT, LZCNT): the general path knows which.
  if (prefixes.bits & (prefix::rep | prefix::repne)) return false;
  return analyse_operands<true>(p, prefixes, position + 2, fast_two_byte_base + p[position + 1], d);
}

// Analyses a window of at least fast_window bytes when it starts with an opcode of the one-byte
// map that the fast path takes, with that ModRM byte (or whatever byte follows an opcode without
// one) and no prefixes. Whether it does, and the length, take one table read indexed by the
// first two bytes: the length, which the next instruction's address waits for, is ready after
// two dependent loads (a 16-bit read of the bytes where the host is little-endian, then the table).
[[gnu::always_inline]] inline bool analyse_plain(const std::uint8_t* p, FastDecoding& d) {
  const unsigned length = fast_plain_lengths[std::size_t{p[1]} << 8 | p[0]];
  if (length == 0) return false;
  return analyse_operands<false, true>(p, Prefixes{}, 1, p[0], d, length);
}

// Analyses a window of at least fast_window bytes that analyse_plain does not take.
[[gnu::always_inline]] inline bool analyse_escaped(const std::uint8_t* p, FastDecoding& d) {
  Prefixes prefixes = scan_prefixes(p);
  if (!prefixes.complete || (prefixes.bits & (prefix::lock | prefix::address_size))) return false;
  return analyse_after_prefixes(p, prefixes, d);
}

}  // namespace emu::x86::fast_path
