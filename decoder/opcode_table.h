#pragma once

#include <array>
#include <cstdint>

#include "decoder/decode_state.h"
#include "decoder/instruction.h"
#include "decoder/operand_codes.h"

namespace emu::x86 {

namespace attr {
inline constexpr std::uint8_t modrm = 1 << 0;   // a ModRM byte follows the opcode
inline constexpr std::uint8_t group = 1 << 1;   // the ModRM reg field selects the entry (OpcodeEntry::group)
inline constexpr std::uint8_t byte_op = 1 << 2; // the operation's size is a byte
inline constexpr std::uint8_t x87 = 1 << 3;     // D8-DF escape
inline constexpr std::uint8_t special = 1 << 4; // the decoder checks the encoding further (apply_special_cases)
}  // namespace attr

struct OpcodeEntry {
  Op op = Op::invalid;
  std::array<Arg, 3> args{};  // the manual's operand codes, for reference and tests
  std::uint8_t attributes = 0;
  std::uint8_t group = 0;
  OperandDecoder decode_operands = nullptr;  // decode_operands<args...>
};

// Groups selected by the ModRM reg field. A group with a separate table for register operands
// (mod = 3) lists it in register_forms.
enum GroupId : std::uint8_t {
  group1_Eb_Ib, group1_Ev_Iz, group1_Ev_Ibs, group1a, group2_Eb_Ib, group2_Ev_Ib, group2_Eb_1, group2_Ev_1,
  group2_Eb_CL, group2_Ev_CL, group3_Eb, group3_Ev, group4, group5, group6, group7, group8, group11_Eb,
  group11_Ev, group_count
};

struct Group {
  std::array<OpcodeEntry, 8> memory_forms;
  std::array<OpcodeEntry, 8> register_forms;
};

// The tables themselves (defined in opcode_table.cpp), read directly on the decoder's hot path.
extern const std::array<OpcodeEntry, 256> one_byte_table;
extern const std::array<OpcodeEntry, 256> two_byte_table;
extern const std::array<Group, group_count> group_table;

inline const std::array<OpcodeEntry, 256>& one_byte_map() { return one_byte_table; }
inline const std::array<OpcodeEntry, 256>& two_byte_map() { return two_byte_table; }
inline const Group& group(GroupId id) { return group_table[id]; }

}  // namespace emu::x86
