// Bytes -> Instruction for 16-bit real-mode code (operand and address size 16 unless 0x66 /
// 0x67 say otherwise). Follows the Intel SDM Vol. 2, chapter 2 (instruction format) and
// appendix A (opcode maps, in opcode_table.cpp).
#include <array>

#include "decoder/instruction.h"
#include "decoder/opcode_table.h"

namespace emu::x86 {

namespace {

constexpr std::uint8_t reg_sp = 4, reg_bp = 5;
constexpr std::uint8_t sreg_es = 0, sreg_cs = 1, sreg_ss = 2, sreg_ds = 3, sreg_fs = 4, sreg_gs = 5;

// Reads bytes, remembering whether it ran past the end instead of reading past it.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::size_t position() const { return position_; }
  bool overran() const { return overran_; }
  // The next byte without consuming it; nothing past the end.
  bool peek(std::uint8_t& byte) const {
    if (position_ >= bytes_.size()) return false;
    byte = bytes_[position_];
    return true;
  }
  void skip() { ++position_; }
  std::uint8_t u8() {
    if (position_ >= bytes_.size()) {
      overran_ = true;
      return 0;
    }
    return bytes_[position_++];
  }
  std::uint16_t u16() {
    std::uint16_t low = u8();
    return static_cast<std::uint16_t>(low | (u8() << 8));
  }
  std::uint32_t u32() {
    std::uint32_t low = u16();
    return low | (std::uint32_t{u16()} << 16);
  }
  // Little-endian value of `size` bytes (1, 2 or 4).
  std::uint32_t value(unsigned size) { return size == 1 ? u8() : size == 2 ? u16() : u32(); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t position_ = 0;
  bool overran_ = false;
};

std::uint32_t sign_extend(std::uint32_t value, unsigned from_size) {
  if (from_size == 1) return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(value)));
  if (from_size == 2) return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int16_t>(value)));
  return value;
}

std::uint32_t truncate(std::uint32_t value, unsigned size) {
  return size >= 4 ? value : value & ((1u << (8 * size)) - 1);
}

bool lockable(Op op) {
  switch (op) {
    case Op::add: case Op::or_: case Op::adc: case Op::sbb: case Op::and_: case Op::sub: case Op::xor_:
    case Op::inc: case Op::dec: case Op::not_: case Op::neg: case Op::xchg: case Op::xadd: case Op::cmpxchg:
    case Op::bts: case Op::btr: case Op::btc:
      return true;
    default:
      return false;
  }
}

class Decoder {
 public:
  explicit Decoder(std::span<const std::uint8_t> bytes) : reader_(bytes), available_(bytes.size()) {}

  Instruction run() {
    if (!read_prefixes()) return too_long();
    std::uint8_t opcode = reader_.u8();
    const OpcodeEntry* entry = &one_byte_map()[opcode];
    if (opcode == 0x0F) {
      insn_.prefixes |= prefix::two_byte;
      opcode = reader_.u8();
      entry = &two_byte_map()[opcode];
    }
    insn_.opcode = opcode;
    if (reader_.overran()) return finish();

    if (entry->attributes & attr::modrm) {
      insn_.modrm = reader_.u8();
      if (reader_.overran()) return finish();
      if (entry->attributes & attr::group) {
        const Group& g = group(static_cast<GroupId>(entry->group));
        entry = &(mod() == 3 ? g.register_forms : g.memory_forms)[reg_field()];
      }
    }
    insn_.op = entry->op;
    insn_.operand_size = (entry->attributes & attr::byte_op) ? 1 : insn_.has(prefix::operand_size) ? 4 : 2;
    if (entry->attributes & attr::x87) {
      if (mod() != 3) decode_memory(0);
      invalid_ = insn_.has(prefix::lock);
      return finish();
    }
    if (insn_.op == Op::invalid) return finish();

    for (unsigned i = 0; i < entry->args.size() && entry->args[i] != Arg::none; ++i) {
      insn_.operands[i] = decode_operand(entry->args[i]);
      if (invalid_) break;
    }
    apply_special_cases();
    return finish();
  }

 private:
  std::uint8_t mod() const { return insn_.modrm >> 6; }
  std::uint8_t reg_field() const { return (insn_.modrm >> 3) & 7; }
  std::uint8_t rm_field() const { return insn_.modrm & 7; }
  unsigned address_size() const { return insn_.address32() ? 4 : 2; }

  // Consumes prefixes up to the opcode. Returns false when 15 bytes held nothing else.
  bool read_prefixes() {
    for (;;) {
      if (reader_.position() >= max_instruction_length) return false;
      std::uint8_t byte = 0;
      if (!reader_.peek(byte)) return true;  // the opcode read will report the overrun
      switch (byte) {
        case 0x26: override_segment(sreg_es); break;
        case 0x2E: override_segment(sreg_cs); break;
        case 0x36: override_segment(sreg_ss); break;
        case 0x3E: override_segment(sreg_ds); break;
        case 0x64: override_segment(sreg_fs); break;
        case 0x65: override_segment(sreg_gs); break;
        case 0x66: insn_.prefixes |= prefix::operand_size; break;
        case 0x67: insn_.prefixes |= prefix::address_size; break;
        case 0xF0: insn_.prefixes |= prefix::lock; break;
        // Of F2 and F3 the last one counts.
        case 0xF2: insn_.prefixes = static_cast<std::uint8_t>((insn_.prefixes & ~prefix::rep) | prefix::repne); break;
        case 0xF3: insn_.prefixes = static_cast<std::uint8_t>((insn_.prefixes & ~prefix::repne) | prefix::rep); break;
        default:
          return true;
      }
      reader_.skip();
    }
  }

  void override_segment(std::uint8_t sreg) {
    insn_.prefixes |= prefix::segment;
    segment_override_ = sreg;
  }

  // ModRM (and SIB) memory operand; the register form was handled by the caller.
  void decode_memory(std::uint8_t size) {
    if (insn_.address32()) {
      decode_memory32();
    } else {
      decode_memory16();
    }
    memory_size_ = size;
    has_memory_ = true;
  }

  void decode_memory16() {
    static constexpr std::array<std::uint8_t, 8> bases = {3, 3, reg_bp, reg_bp, no_register, no_register, reg_bp, 3};
    static constexpr std::array<std::uint8_t, 8> indexes = {6, 7, 6, 7, 6, 7, no_register, no_register};
    if (mod() == 0 && rm_field() == 6) {
      insn_.displacement = static_cast<std::int16_t>(reader_.u16());
      insn_.prefixes |= prefix::has_displacement;
      return;
    }
    insn_.base = bases[rm_field()];
    insn_.index = indexes[rm_field()];
    if (rm_field() == 4 || rm_field() == 5) {  // [si], [di]: the index register is the only one
      insn_.base = insn_.index;
      insn_.index = no_register;
    }
    read_displacement(mod() == 1 ? 1 : mod() == 2 ? 2 : 0);
  }

  void decode_memory32() {
    std::uint8_t rm = rm_field();
    if (rm == 4) {
      std::uint8_t sib = reader_.u8();
      insn_.scale = sib >> 6;
      std::uint8_t index = (sib >> 3) & 7;
      insn_.index = index == reg_sp ? no_register : index;
      std::uint8_t base = sib & 7;
      if (base == reg_bp && mod() == 0) {
        read_displacement(4);
        return;
      }
      insn_.base = base;
    } else if (rm == 5 && mod() == 0) {
      read_displacement(4);
      return;
    } else {
      insn_.base = rm;
    }
    read_displacement(mod() == 1 ? 1 : mod() == 2 ? 4 : 0);
  }

  void read_displacement(unsigned size) {
    if (size == 0) return;
    insn_.displacement = static_cast<std::int32_t>(sign_extend(reader_.value(size), size));
    insn_.prefixes |= prefix::has_displacement;
  }

  Operand memory_operand(std::uint8_t size) {
    decode_memory(size);
    return {OperandKind::mem, 0, size};
  }

  // The r/m operand: a register of `register_size`, or memory of `memory_size`.
  Operand rm_operand(std::uint8_t register_size, std::uint8_t memory_size) {
    if (mod() == 3) return {OperandKind::reg, rm_field(), register_size};
    return memory_operand(memory_size);
  }

  Operand memory_only(std::uint8_t size) {
    if (mod() == 3) {
      invalid_ = true;
      return {};
    }
    return memory_operand(size);
  }

  Operand immediate(std::uint32_t value, std::uint8_t size) {
    if (immediate_count_++ == 0) {
      insn_.imm = value;
    } else {
      insn_.imm2 = static_cast<std::uint16_t>(value);
    }
    return {OperandKind::imm, 0, size};
  }

  Operand decode_operand(Arg arg) {
    std::uint8_t v = insn_.operand_size;
    switch (arg) {
      case Arg::none: return {};
      case Arg::Eb: return rm_operand(1, 1);
      case Arg::Ev: return rm_operand(v, v);
      case Arg::Ew: return rm_operand(2, 2);
      case Arg::Mw_Rv: return rm_operand(v, 2);
      case Arg::Gb: return {OperandKind::reg, reg_field(), 1};
      case Arg::Gv: return {OperandKind::reg, reg_field(), v};
      case Arg::Gw: return {OperandKind::reg, reg_field(), 2};
      case Arg::Rd: return {OperandKind::reg, rm_field(), 4};
      case Arg::M: return memory_only(0);
      case Arg::Mb: return memory_only(1);
      case Arg::Mp: return memory_only(static_cast<std::uint8_t>(v + 2));
      case Arg::Ma: return memory_only(static_cast<std::uint8_t>(2 * v));
      case Arg::Ms: return memory_only(6);
      case Arg::Sw: return {OperandKind::sreg, reg_field(), 2};
      case Arg::Cd: return {OperandKind::cr, reg_field(), 4};
      case Arg::Dd: return {OperandKind::dr, reg_field(), 4};
      case Arg::Ib: return immediate(reader_.u8(), 1);
      case Arg::Iw: return immediate(reader_.u16(), 2);
      case Arg::Iz: return immediate(reader_.value(v), v);
      case Arg::Ibs: return immediate(truncate(sign_extend(reader_.u8(), 1), v), v);
      case Arg::Jb: insn_.imm = sign_extend(reader_.u8(), 1); return {OperandKind::rel, 0, v};
      case Arg::Jz: insn_.imm = sign_extend(reader_.value(v), v); return {OperandKind::rel, 0, v};
      case Arg::Ap:
        insn_.imm = reader_.value(v);
        insn_.imm2 = reader_.u16();
        return {OperandKind::far_ptr, 0, static_cast<std::uint8_t>(v + 2)};
      case Arg::Ob:
      case Arg::Ov: {
        std::uint8_t size = arg == Arg::Ob ? 1 : v;
        insn_.displacement = static_cast<std::int32_t>(reader_.value(address_size()));
        insn_.prefixes |= prefix::has_displacement;
        has_memory_ = true;
        memory_size_ = size;
        return {OperandKind::mem, 0, size};
      }
      case Arg::AL: return {OperandKind::reg, 0, 1};
      case Arg::CL: return {OperandKind::reg, 1, 1};
      case Arg::DX: return {OperandKind::reg, 2, 2};
      case Arg::eAX: return {OperandKind::reg, 0, v};
      case Arg::One: return {OperandKind::one, 0, 1};
      case Arg::Zb: return {OperandKind::reg, static_cast<std::uint8_t>(insn_.opcode & 7), 1};
      case Arg::Zv: return {OperandKind::reg, static_cast<std::uint8_t>(insn_.opcode & 7), v};
      case Arg::Zd: return {OperandKind::reg, static_cast<std::uint8_t>(insn_.opcode & 7), 4};
      case Arg::ES: return {OperandKind::sreg, sreg_es, 2};
      case Arg::CS: return {OperandKind::sreg, sreg_cs, 2};
      case Arg::SS: return {OperandKind::sreg, sreg_ss, 2};
      case Arg::DS: return {OperandKind::sreg, sreg_ds, 2};
      case Arg::FS: return {OperandKind::sreg, sreg_fs, 2};
      case Arg::GS: return {OperandKind::sreg, sreg_gs, 2};
    }
    return {};
  }

  void apply_special_cases() {
    bool two_byte = insn_.has(prefix::two_byte);
    if (!two_byte && insn_.opcode == 0x90 && (insn_.has(prefix::rep) || !insn_.has(prefix::operand_size))) {
      // XCHG AX, AX is NOP; with F3 it is PAUSE. (XCHG EAX, EAX under 0x66 stays an XCHG that
      // changes nothing.)
      insn_.op = insn_.has(prefix::rep) ? Op::pause : Op::nop;
      insn_.operands = {};
    }
    // The mandatory-prefix forms a modern CPU has (BMI1 TZCNT, LZCNT).
    if (two_byte && insn_.has(prefix::rep) && insn_.opcode == 0xBC) insn_.op = Op::tzcnt;
    if (two_byte && insn_.has(prefix::rep) && insn_.opcode == 0xBD) insn_.op = Op::lzcnt;
    if (!two_byte && insn_.opcode == 0x8E && (reg_field() == sreg_cs || reg_field() > sreg_gs)) invalid_ = true;
    if (!two_byte && insn_.opcode == 0x8C && reg_field() > sreg_gs) invalid_ = true;
    // CR1 and CR5-CR7 do not exist (#UD); DR4/DR5 alias DR6/DR7 while CR4.DE is clear.
    if (insn_.op == Op::mov_cr && (reg_field() == 1 || reg_field() > 4)) invalid_ = true;
    if (insn_.has(prefix::lock) && (!lockable(insn_.op) || insn_.operands[0].kind != OperandKind::mem)) invalid_ = true;
  }

  Instruction too_long() {
    insn_ = Instruction{};
    insn_.op = Op::too_long;
    insn_.length = max_instruction_length;
    return insn_;
  }

  Instruction finish() {
    std::size_t length = reader_.position();
    // Running out of a full 15-byte window means the instruction is longer than 15 bytes.
    if (length > max_instruction_length || (reader_.overran() && available_ >= max_instruction_length)) {
      return too_long();
    }
    if (reader_.overran()) {
      insn_ = Instruction{};
      insn_.op = Op::truncated;
      insn_.length = static_cast<std::uint8_t>(available_);
      return insn_;
    }
    insn_.length = static_cast<std::uint8_t>(length);
    if (invalid_) insn_.op = Op::invalid;
    insn_.segment = segment_of_memory();
    return insn_;
  }

  std::uint8_t segment_of_memory() const {
    if (insn_.has(prefix::segment)) return segment_override_;
    bool stack_based = insn_.base == reg_bp || (insn_.address32() && insn_.base == reg_sp);
    return has_memory_ && stack_based ? sreg_ss : sreg_ds;
  }

  Reader reader_;
  std::size_t available_;
  Instruction insn_;
  std::uint8_t segment_override_ = sreg_ds;
  unsigned immediate_count_ = 0;
  std::uint8_t memory_size_ = 0;
  bool has_memory_ = false;
  bool invalid_ = false;
};

}  // namespace

Instruction decode(std::span<const std::uint8_t> bytes) { return Decoder(bytes).run(); }

}  // namespace emu::x86
