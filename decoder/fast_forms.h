#pragma once

// The decoder's fast path: the opcode maps restated as data, so that the common instruction forms
// decode without a call or a branch that depends on the opcode. Two tables, derived at compile
// time (fast_form_builder.h) from the maps in opcode_table.cpp, the one place that says what an
// opcode is:
//  - FastOpcode, per opcode of both maps: what follows the opcode (ModRM, immediate bytes), so the
//    instruction's length is known after one table read, and where its form is.
//  - FastForm, per instruction form (an opcode, or one member of a ModRM-reg group): the decoded
//    Instruction as a template, complete but for the fields that depend on the bytes.
// Forms the data cannot express (x87, 32-bit addressing, LOCK, two immediates, far pointers,
// control registers, encodings with special checks) are marked unusable and left to the general
// decoder.

#include <array>
#include <cstddef>
#include <cstdint>

#include "decoder/instruction.h"
#include "decoder/opcode_table.h"

namespace emu::x86 {

// Sizes are padded to powers of two (or 3 x 64) so that indexing is a shift, not a multiply.
struct alignas(16) FastOpcode {
  std::uint16_t form = 0;          // FastForm index of the form, or of a group's first member
  std::uint8_t group_mask = 0;     // 0x0F for a group: FastMemory::group_member is added to form
  std::uint8_t modrm_length = 0;   // 1 when a ModRM byte follows the opcode
  std::uint8_t modrm_mask = 0;     // 0xFF with a ModRM byte, 0 without
  bool length_from_form = false;   // a group whose members differ in immediate size (F6, F7)
  std::uint16_t memory_form = 0;   // FastMemory index without a ModRM byte: none, or moffs
  std::array<std::uint8_t, 2> tail_size{};  // bytes after ModRM and displacement, by [32-bit operand size]
};

// The immediate (Ib, Iw, Iz, Ibs, Jb, Jz), each field by [32-bit operand size]: arrays of fields
// rather than an array of structs, so that indexing by operand size needs no multiply.
struct FastImmediate {
  std::array<std::uint32_t, 2> read_mask{};                  // of the bytes read
  std::array<std::uint32_t, 2> result_mask{0xFFFFFFFF, 0xFFFFFFFF};
  std::array<std::uint8_t, 2> size{};                        // bytes
  std::array<std::uint8_t, 2> shift{};                       // sign extension: 32 - 8 * size, or 0

  bool operator==(const FastImmediate&) const = default;
};

struct alignas(64) FastForm {
  // The Instruction by [memory form][32-bit operand size], with length, prefixes, memory fields,
  // opcode, ModRM, displacement, immediate and the register numbers ModRM gives still to fill in.
  // A register number taken from the opcode's low bits (PUSH r, MOV r, imm) is already in place:
  // each such opcode has a form of its own.
  std::array<Instruction, 4> templates{};
  // Which operands take ModRM.reg and ModRM.rm: the row of fast_modrm_operands (times 256) whose
  // words, or-ed into Instruction::operands read as 8 bytes, put the register numbers there.
  std::uint16_t modrm_operands_row = 0;
  // The fast path may decode this form, by [memory form]: a form the tables cannot express is
  // usable in neither, a memory-only operand (#UD with mod = 3) only in the memory form.
  std::array<bool, 2> usable{};
  FastImmediate imm{};
};

// What a ModRM byte (or its absence) means for the memory operand with 16-bit addressing.
struct alignas(16) FastMemory {
  // The first four bytes are laid out as Instruction::prefixes, segment, base and index, so the
  // fast path sets those four with one copy.
  std::uint8_t has_displacement = 0;    // prefix::has_displacement or 0
  std::uint8_t segment = 3;             // default segment: SS for BP-based forms, DS otherwise
  std::uint8_t base = no_register;
  std::uint8_t index = no_register;
  std::uint8_t memory = 0;              // 1 when there is a memory operand (selects the template)
  std::uint8_t displacement_size = 0;
  std::uint8_t displacement_shift = 0;  // sign extension: 32 - 8 * size, or 0 (moffs is unsigned)
  std::uint8_t group_member = 0;        // (mod == 3) << 3 | reg: a group member's form, after the group's
  std::uint32_t displacement_mask = 0;
};

static_assert(offsetof(FastMemory, segment) - offsetof(FastMemory, has_displacement) ==
                  offsetof(Instruction, segment) - offsetof(Instruction, prefixes) &&
              offsetof(FastMemory, base) - offsetof(FastMemory, has_displacement) ==
                  offsetof(Instruction, base) - offsetof(Instruction, prefixes) &&
              offsetof(FastMemory, index) - offsetof(FastMemory, has_displacement) ==
                  offsetof(Instruction, index) - offsetof(Instruction, prefixes),
              "FastMemory starts like Instruction::prefixes..index");

static_assert(sizeof(FastOpcode) == 16 && sizeof(FastMemory) == 16 && sizeof(FastForm) == 192,
              "table entries keep the sizes docs/decoder.md gives");

// FastOpcode: [0, 256) one-byte map, [256, 512) 0F map. FastForm: the same, then 16 per group
// (memory forms, then register forms).
inline constexpr unsigned fast_two_byte_base = 256;
inline constexpr unsigned fast_group_base = 512;
inline constexpr unsigned fast_form_count = fast_group_base + 16 * group_count;
// FastMemory: [0, 256) by ModRM byte, then the moffs form (Ob/Ov: disp16, no base, unsigned).
inline constexpr unsigned fast_no_memory = 0xC0;
inline constexpr unsigned fast_moffs = 256;
// Rows of fast_modrm_operands: one per way the forms place ModRM.reg and ModRM.rm among their
// operands (none; reg first, rm second; rm first, reg second; ...), 256 words per row by ModRM.
inline constexpr unsigned fast_modrm_layouts = 5;

extern const std::array<FastOpcode, fast_group_base> fast_opcodes;
extern const std::array<FastForm, fast_form_count> fast_forms;
extern const std::array<FastMemory, fast_moffs + 1> fast_memory_forms;
extern const std::array<std::uint64_t, 256 * fast_modrm_layouts> fast_modrm_operands;
// By [the byte after the opcode << 8 | opcode]: the length of an instruction of the one-byte map
// without prefixes that the fast path takes, 0 for any other. One read, for the common case, in
// place of the length computed from the opcode and ModRM tables and the usability test.
extern const std::array<std::uint8_t, 256 * 256> fast_plain_lengths;

}  // namespace emu::x86
