#pragma once

// The decoder's working state and its operand decoders, one template instance per operand code
// (opcode_table.cpp stores a pointer to the instance for each opcode's operand list), so
// decoding an instruction's operands costs one indirect call and no per-operand dispatch.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "decoder/instruction.h"
#include "decoder/operand_codes.h"

namespace emu::x86 {

inline constexpr std::uint8_t reg_sp = 4, reg_bp = 5;
inline constexpr std::uint8_t sreg_es = 0, sreg_cs = 1, sreg_ss = 2, sreg_ds = 3, sreg_fs = 4, sreg_gs = 5;

class DecodeState {
 public:
  // Reads without per-byte bounds checks: an instruction consumes at most 15 prefixes + 14 more
  // bytes < 32, so a window of 32 bytes or more is read in place and a shorter one through a
  // zero-padded copy. Running past the window shows up afterwards as a length beyond it.
  static constexpr std::size_t safe_window = 32;

  DecodeState(std::span<const std::uint8_t> bytes, Instruction& insn) : insn(insn), bytes_(bytes.data()) {
    if (bytes.size() < safe_window) {
      padded_.fill(0);
      if (!bytes.empty()) std::memcpy(padded_.data(), bytes.data(), std::min<std::size_t>(bytes.size(), max_instruction_length));
      bytes_ = padded_.data();
    }
  }

  std::size_t position() const { return position_; }
  // The bytes being decoded; at least safe_window of them may be read.
  const std::uint8_t* window() const { return bytes_; }
  std::uint8_t peek() const { return bytes_[position_]; }
  void skip(std::size_t count = 1) { position_ += count; }
  std::uint8_t u8() { return bytes_[position_++]; }
  // Little-endian whatever the host's byte order (compilers turn these into single loads).
  std::uint16_t u16() {
    const std::uint8_t* p = bytes_ + position_;
    position_ += 2;
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
  }
  std::uint32_t u32() {
    const std::uint8_t* p = bytes_ + position_;
    position_ += 4;
    return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
  }
  // Little-endian value of `size` bytes (1, 2 or 4).
  std::uint32_t value(unsigned size) { return size == 1 ? u8() : size == 2 ? u16() : u32(); }

  std::uint8_t mod() const { return insn.modrm >> 6; }
  std::uint8_t reg_field() const { return (insn.modrm >> 3) & 7; }
  std::uint8_t rm_field() const { return insn.modrm & 7; }
  unsigned address_size() const { return insn.address32() ? 4 : 2; }

  // The ModRM (and SIB) memory operand; defined in decode.cpp.
  void decode_memory();
  void read_displacement(unsigned size);

  Operand memory_operand(std::uint8_t size) {
    decode_memory();
    return {OperandKind::mem, 0, size};
  }
  // The r/m operand: a register of `register_size`, or memory of `memory_size`.
  Operand rm_operand(std::uint8_t register_size, std::uint8_t memory_size) {
    if (mod() == 3) return {OperandKind::reg, rm_field(), register_size};
    return memory_operand(memory_size);
  }
  Operand memory_only(std::uint8_t size) {
    if (mod() == 3) {
      invalid = true;
      return {};
    }
    return memory_operand(size);
  }
  // The first immediate goes to imm, a second (ENTER's level) to imm2.
  Operand immediate(std::uint32_t value, std::uint8_t size) {
    if (immediate_count_++ == 0) {
      insn.imm = value;
    } else {
      insn.imm2 = static_cast<std::uint16_t>(value);
    }
    return {OperandKind::imm, 0, size};
  }

  Instruction& insn;
  std::uint8_t segment_override = sreg_ds;
  bool has_memory = false;
  bool invalid = false;

 private:
  const std::uint8_t* bytes_;
  std::size_t position_ = 0;
  unsigned immediate_count_ = 0;
  std::array<std::uint8_t, safe_window> padded_;
};

inline std::uint32_t sign_extend(std::uint32_t value, unsigned from_size) {
  if (from_size == 1) return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(value)));
  if (from_size == 2) return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int16_t>(value)));
  return value;
}

inline std::uint32_t truncate_to(std::uint32_t value, unsigned size) {
  return size >= 4 ? value : value & ((1u << (8 * size)) - 1);
}

// One operand of code A (Intel SDM Vol. 2, Appendix A.2).
template <Arg A>
Operand decode_operand(DecodeState& s) {
  const std::uint8_t v = s.insn.operand_size;
  using enum Arg;
  if constexpr (A == Eb) return s.rm_operand(1, 1);
  if constexpr (A == Ev) return s.rm_operand(v, v);
  if constexpr (A == Ew) return s.rm_operand(2, 2);
  if constexpr (A == Mw_Rv) return s.rm_operand(v, 2);
  if constexpr (A == Gb) return {OperandKind::reg, s.reg_field(), 1};
  if constexpr (A == Gv) return {OperandKind::reg, s.reg_field(), v};
  if constexpr (A == Gw) return {OperandKind::reg, s.reg_field(), 2};
  if constexpr (A == Rd) return {OperandKind::reg, s.rm_field(), 4};
  if constexpr (A == M) return s.memory_only(0);
  if constexpr (A == Mb) return s.memory_only(1);
  if constexpr (A == Mp) return s.memory_only(static_cast<std::uint8_t>(v + 2));
  if constexpr (A == Ma) return s.memory_only(static_cast<std::uint8_t>(2 * v));
  if constexpr (A == Ms) return s.memory_only(6);
  if constexpr (A == Sw) return {OperandKind::sreg, s.reg_field(), 2};
  if constexpr (A == Cd) return {OperandKind::cr, s.reg_field(), 4};
  if constexpr (A == Dd) return {OperandKind::dr, s.reg_field(), 4};
  if constexpr (A == Ib) return s.immediate(s.u8(), 1);
  if constexpr (A == Iw) return s.immediate(s.u16(), 2);
  if constexpr (A == Iz) return s.immediate(s.value(v), v);
  if constexpr (A == Ibs) return s.immediate(truncate_to(sign_extend(s.u8(), 1), v), v);
  if constexpr (A == Jb) {
    s.insn.imm = sign_extend(s.u8(), 1);
    return {OperandKind::rel, 0, v};
  }
  if constexpr (A == Jz) {
    s.insn.imm = sign_extend(s.value(v), v);
    return {OperandKind::rel, 0, v};
  }
  if constexpr (A == Ap) {
    s.insn.imm = s.value(v);
    s.insn.imm2 = s.u16();
    return {OperandKind::far_ptr, 0, static_cast<std::uint8_t>(v + 2)};
  }
  if constexpr (A == Ob || A == Ov) {
    std::uint8_t size = A == Ob ? 1 : v;
    s.insn.displacement = static_cast<std::int32_t>(s.value(s.address_size()));
    s.insn.prefixes |= prefix::has_displacement;
    s.has_memory = true;
    return {OperandKind::mem, 0, size};
  }
  if constexpr (A == AL) return {OperandKind::reg, 0, 1};
  if constexpr (A == CL) return {OperandKind::reg, 1, 1};
  if constexpr (A == DX) return {OperandKind::reg, 2, 2};
  if constexpr (A == eAX) return {OperandKind::reg, 0, v};
  if constexpr (A == One) return {OperandKind::one, 0, 1};
  if constexpr (A == Zb) return {OperandKind::reg, static_cast<std::uint8_t>(s.insn.opcode & 7), 1};
  if constexpr (A == Zv) return {OperandKind::reg, static_cast<std::uint8_t>(s.insn.opcode & 7), v};
  if constexpr (A == ES) return {OperandKind::sreg, sreg_es, 2};
  if constexpr (A == CS) return {OperandKind::sreg, sreg_cs, 2};
  if constexpr (A == SS) return {OperandKind::sreg, sreg_ss, 2};
  if constexpr (A == DS) return {OperandKind::sreg, sreg_ds, 2};
  if constexpr (A == FS) return {OperandKind::sreg, sreg_fs, 2};
  if constexpr (A == GS) return {OperandKind::sreg, sreg_gs, 2};
  if constexpr (A == none) return {};
}

// All operands of one operand list, in order (operands are read in encoding order: the ModRM
// memory operand's displacement always precedes any immediate).
template <Arg A, Arg B, Arg C>
void decode_operands(DecodeState& s) {
  if constexpr (A != Arg::none) s.insn.operands[0] = decode_operand<A>(s);
  if constexpr (B != Arg::none) s.insn.operands[1] = decode_operand<B>(s);
  if constexpr (C != Arg::none) s.insn.operands[2] = decode_operand<C>(s);
}

using OperandDecoder = void (*)(DecodeState&);

}  // namespace emu::x86
