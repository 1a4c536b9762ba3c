// The general decoder: bytes -> Instruction for every form of 16-bit real-mode code (operand
// and address size 16 unless 0x66 / 0x67 say otherwise), behind the fast path of decode.h.
// Follows the Intel SDM Vol. 2, chapter 2 (instruction format) and appendix A (opcode maps, in
// opcode_table.cpp).

#include "decoder/decode.h"
#include "decoder/decode_state.h"
#include "decoder/instruction.h"
#include "decoder/opcode_table.h"
#include "decoder/operation.h"
#include "decoder/prefixes.h"

namespace emu::x86 {

namespace {

void decode_memory16(DecodeState& s) {
  const FastMemory& form = fast_memory_forms[s.insn.modrm];
  s.insn.base = form.base;
  s.insn.index = form.index;
  s.read_displacement(form.displacement_size);
}

void decode_memory32(DecodeState& s) {
  Instruction& insn = s.insn;
  std::uint8_t rm = s.rm_field();
  if (rm == 4) {
    std::uint8_t sib = s.u8();
    insn.scale = sib >> 6;
    std::uint8_t index = (sib >> 3) & 7;
    insn.index = index == reg_sp ? no_register : index;
    std::uint8_t base = sib & 7;
    if (base == reg_bp && s.mod() == 0) {  // [index*scale + disp32]
      s.read_displacement(4);
      return;
    }
    insn.base = base;
  } else if (rm == 5 && s.mod() == 0) {  // [disp32]
    s.read_displacement(4);
    return;
  } else {
    insn.base = rm;
  }
  s.read_displacement(s.mod() == 1 ? 1 : s.mod() == 2 ? 4 : 0);
}

// Encodings that the operand codes alone cannot express.
void apply_special_cases(DecodeState& s) {
  Instruction& insn = s.insn;
  bool two_byte = insn.has(prefix::two_byte);
  if (!two_byte && insn.opcode == 0x90 && (insn.has(prefix::rep) || !insn.has(prefix::operand_size))) {
    // XCHG AX, AX is NOP; with F3 it is PAUSE. (XCHG EAX, EAX under 0x66 stays an XCHG that
    // changes nothing.)
    insn.op = insn.has(prefix::rep) ? Op::pause : Op::nop;
    insn.operands = {};
  }
  // The mandatory-prefix forms a modern CPU has (BMI1 TZCNT, LZCNT).
  if (two_byte && insn.has(prefix::rep) && insn.opcode == 0xBC) insn.op = Op::tzcnt;
  if (two_byte && insn.has(prefix::rep) && insn.opcode == 0xBD) insn.op = Op::lzcnt;
  if (!two_byte && insn.opcode == 0x8E && (s.reg_field() == sreg_cs || s.reg_field() > sreg_gs)) s.invalid = true;
  if (!two_byte && insn.opcode == 0x8C && s.reg_field() > sreg_gs) s.invalid = true;
  // CR1 and CR5-CR7 do not exist (#UD); DR4/DR5 alias DR6/DR7 while CR4.DE is clear.
  if (insn.op == Op::mov_cr && (s.reg_field() == 1 || s.reg_field() > 4)) s.invalid = true;
  if (insn.has(prefix::lock) && (!has_trait(insn.op, traits::LOCK) || insn.operands[0].kind != OperandKind::mem)) {
    s.invalid = true;
  }
}

void too_long(Instruction& insn) {
  insn = Instruction{};
  insn.op = Op::too_long;
  insn.length = max_instruction_length;
}

void finish(DecodeState& s, std::size_t available) {
  Instruction& insn = s.insn;
  std::size_t length = s.position();
  if (length > max_instruction_length) return too_long(insn);
  if (length > available) {
    insn = Instruction{};
    insn.op = Op::truncated;
    insn.length = static_cast<std::uint8_t>(available);
    return;
  }
  insn.length = static_cast<std::uint8_t>(length);
  if (s.invalid) insn.op = Op::invalid;
  if (insn.has(prefix::segment)) {
    insn.segment = s.segment_override;
  } else {
    bool stack_based = insn.base == reg_bp || (insn.address32() && insn.base == reg_sp);
    insn.segment = s.has_memory && stack_based ? sreg_ss : sreg_ds;
  }
}

// The general decoder: every form, one operand list decoder call per instruction.
void decode_general_after_prefixes(DecodeState& s, std::size_t available) {
  Instruction& insn = s.insn;
  std::uint8_t opcode = s.u8();
  const OpcodeEntry* entry = &one_byte_map()[opcode];
  if (opcode == 0x0F) {
    insn.prefixes |= prefix::two_byte;
    opcode = s.u8();
    entry = &two_byte_map()[opcode];
  }
  insn.opcode = opcode;
  if (entry->attributes & attr::modrm) {
    insn.modrm = s.u8();
    if (entry->attributes & attr::group) {
      const Group& g = group(static_cast<GroupId>(entry->group));
      entry = &(s.mod() == 3 ? g.register_forms : g.memory_forms)[s.reg_field()];
    }
  }
  insn.op = entry->op;
  insn.operand_size = (entry->attributes & attr::byte_op) ? 1 : insn.has(prefix::operand_size) ? 4 : 2;
  if (entry->attributes & attr::x87) {
    if (s.mod() != 3) s.decode_memory();
    s.invalid = insn.has(prefix::lock);  // no x87 instruction can be locked
  } else if (insn.op != Op::invalid) {
    entry->decode_operands(s);
    if ((entry->attributes & attr::special) || insn.has(prefix::lock | prefix::rep)) apply_special_cases(s);
  }
  finish(s, available);
}

void decode_general_into(std::span<const std::uint8_t> bytes, Instruction& insn) {
  DecodeState s(bytes, insn);
  Prefixes prefixes = scan_prefixes(s.window());
  if (!prefixes.complete) return too_long(insn);
  insn.prefixes = prefixes.bits;
  s.segment_override = prefixes.segment;
  s.skip(prefixes.length);
  decode_general_after_prefixes(s, bytes.size());
}

}  // namespace

// Reads the prefixes at p (at least max_instruction_length readable bytes).
Prefixes scan_prefixes(const std::uint8_t* p) {
  Prefixes prefixes;
  for (;; ++prefixes.length) {
    if (prefixes.length >= max_instruction_length) {
      prefixes.complete = false;
      return prefixes;
    }
    PrefixKind kind = prefix_kinds[p[prefixes.length]];
    std::uint8_t& bits = prefixes.bits;
    using enum PrefixKind;
    switch (kind) {
      case not_prefix: return prefixes;
      case segment_es: case segment_cs: case segment_ss: case segment_ds: case segment_fs: case segment_gs:
        bits |= prefix::segment;
        prefixes.segment = static_cast<std::uint8_t>(static_cast<unsigned>(kind) - static_cast<unsigned>(segment_es));
        break;
      case operand_size_prefix: bits |= prefix::operand_size; break;
      case address_size_prefix: bits |= prefix::address_size; break;
      case lock_prefix: bits |= prefix::lock; break;
      // Of F2 and F3 the last one counts.
      case repne_prefix: bits = static_cast<std::uint8_t>((bits & ~prefix::rep) | prefix::repne); break;
      case rep_prefix: bits = static_cast<std::uint8_t>((bits & ~prefix::repne) | prefix::rep); break;
    }
  }
}

void DecodeState::decode_memory() {
  if (insn.address32()) {
    decode_memory32(*this);
  } else {
    decode_memory16(*this);
  }
  has_memory = true;
}

void DecodeState::read_displacement(unsigned size) {
  if (size == 0) return;
  insn.displacement = static_cast<std::int32_t>(sign_extend(value(size), size));
  insn.prefixes |= prefix::has_displacement;
}

Instruction decode_general(std::span<const std::uint8_t> bytes) {
  Instruction instruction;
  decode_general_into(bytes, instruction);
  return instruction;
}

}  // namespace emu::x86
