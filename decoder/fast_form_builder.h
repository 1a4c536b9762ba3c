#pragma once

// Compile-time derivation of the fast-path tables (fast_forms.h) from the opcode maps. Only
// opcode_table.cpp instantiates it, next to the maps it reads.

#include <algorithm>
#include <bit>
#include <cstddef>

#include "decoder/fast_forms.h"
#include "decoder/opcode_table.h"

namespace emu::x86::fast_form_builder {

using enum Arg;

constexpr std::uint32_t bytes_mask(unsigned size) { return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1; }

// Where an operand's register number comes from.
enum class RegisterSource { fixed, modrm_reg, modrm_rm_in_register_form, opcode };

struct ArgShape {
  bool supported = true;
  bool memory_only = false;
  bool immediate = false;
  RegisterSource source = RegisterSource::fixed;
  Operand register_form{};
  Operand memory_form{};
};

constexpr Operand make(OperandKind kind, unsigned reg, unsigned size) {
  return {kind, static_cast<std::uint8_t>(reg), static_cast<std::uint8_t>(size)};
}

// The operand that code A denotes at operand size v, in register (mod = 3) and memory form;
// mirrors decode_operand<A> in decode_state.h, which tests hold this to.
constexpr ArgShape shape(Arg a, unsigned v) {
  using K = OperandKind;
  ArgShape s;
  auto both = [&](Operand operand) { s.register_form = s.memory_form = operand; };
  auto rm = [&](unsigned register_size, unsigned memory_size) {
    s.source = RegisterSource::modrm_rm_in_register_form;
    s.register_form = make(K::reg, 0, register_size);
    s.memory_form = make(K::mem, 0, memory_size);
  };
  auto memory_only = [&](unsigned size) {
    s.memory_only = true;
    s.memory_form = make(K::mem, 0, size);
  };
  auto immediate = [&](OperandKind kind, unsigned size) {
    s.immediate = true;
    both(make(kind, 0, size));
  };
  switch (a) {
    case none: break;
    case Eb: rm(1, 1); break;
    case Ev: rm(v, v); break;
    case Ew: rm(2, 2); break;
    case Mw_Rv: rm(v, 2); break;
    case Gb: s.source = RegisterSource::modrm_reg; both(make(K::reg, 0, 1)); break;
    case Gv: s.source = RegisterSource::modrm_reg; both(make(K::reg, 0, v)); break;
    case Gw: s.source = RegisterSource::modrm_reg; both(make(K::reg, 0, 2)); break;
    case Sw: s.source = RegisterSource::modrm_reg; both(make(K::sreg, 0, 2)); break;
    case M: memory_only(0); break;
    case Mb: memory_only(1); break;
    case Mp: memory_only(v + 2); break;
    case Ma: memory_only(2 * v); break;
    case Ms: memory_only(6); break;
    case Ib: immediate(K::imm, 1); break;
    case Iw: immediate(K::imm, 2); break;
    case Iz: case Ibs: immediate(K::imm, v); break;
    case Jb: case Jz: immediate(K::rel, v); break;
    case Ob: both(make(K::mem, 0, 1)); break;
    case Ov: both(make(K::mem, 0, v)); break;
    case AL: both(make(K::reg, 0, 1)); break;
    case CL: both(make(K::reg, 1, 1)); break;
    case DX: both(make(K::reg, 2, 2)); break;
    case eAX: both(make(K::reg, 0, v)); break;
    case One: both(make(K::one, 0, 1)); break;
    case Zb: s.source = RegisterSource::opcode; both(make(K::reg, 0, 1)); break;
    case Zv: s.source = RegisterSource::opcode; both(make(K::reg, 0, v)); break;
    case ES: both(make(K::sreg, sreg_es, 2)); break;
    case CS: both(make(K::sreg, sreg_cs, 2)); break;
    case SS: both(make(K::sreg, sreg_ss, 2)); break;
    case DS: both(make(K::sreg, sreg_ds, 2)); break;
    case FS: both(make(K::sreg, sreg_fs, 2)); break;
    case GS: both(make(K::sreg, sreg_gs, 2)); break;
    case Rd: case Cd: case Dd: case Ap: s.supported = false; break;
  }
  return s;
}

// The word that, multiplied by a register number (0-7), puts it in operand i's reg byte of the
// 8 bytes at Instruction::operands, whatever the host's byte order.
constexpr std::uint64_t reg_lane(unsigned i) {
  std::array<std::uint8_t, 8> bytes{};
  bytes[i * sizeof(Operand) + offsetof(Operand, reg)] = 1;
  return std::bit_cast<std::uint64_t>(bytes);
}
static_assert(sizeof(Operand) == 3 && 2 * sizeof(Operand) + offsetof(Operand, reg) < 8,
              "every operand's reg byte lies in the first 8 bytes of Instruction::operands");

// Where a form puts ModRM.reg and ModRM.rm (register form only): operand numbers, or 3 for
// nowhere. Each layout is a row of fast_modrm_operands.
struct ModrmLayout {
  unsigned reg_operand = 3;
  unsigned rm_operand = 3;

  bool operator==(const ModrmLayout&) const = default;
};

constexpr std::array<ModrmLayout, fast_modrm_layouts> modrm_layouts = {{
    {3, 3},  // no ModRM register operand, or none from ModRM
    {0, 1},  // Gv, Ev
    {1, 0},  // Ev, Gv
    {3, 0},  // a group member: Ev
    {0, 3},  // Gv, M
}};

constexpr std::uint16_t modrm_operands_row(ModrmLayout layout) {
  for (unsigned row = 0; row < modrm_layouts.size(); ++row) {
    if (modrm_layouts[row] == layout) return static_cast<std::uint16_t>(256 * row);
  }
  throw "a form places ModRM's registers in a way modrm_layouts does not list";
}

constexpr std::array<std::uint64_t, 256 * fast_modrm_layouts> build_modrm_operands() {
  std::array<std::uint64_t, 256 * fast_modrm_layouts> words{};
  for (unsigned row = 0; row < modrm_layouts.size(); ++row) {
    for (unsigned modrm = 0; modrm < 256; ++modrm) {
      std::uint64_t& word = words[256 * row + modrm];
      const ModrmLayout& layout = modrm_layouts[row];
      if (layout.reg_operand < 3) word |= ((modrm >> 3) & 7) * reg_lane(layout.reg_operand);
      if (layout.rm_operand < 3 && modrm >= 0xC0) word |= (modrm & 7) * reg_lane(layout.rm_operand);
    }
  }
  return words;
}

// The immediate of code A at operand size v: bytes read, mask, sign-extension shift, result mask.
struct ImmediateShape {
  unsigned size = 0;
  unsigned shift = 0;
  std::uint32_t result_mask = 0xFFFFFFFF;
};

constexpr ImmediateShape immediate_shape(Arg a, unsigned v) {
  switch (a) {
    case Ib: return {1, 0};
    case Iw: return {2, 0};
    case Iz: return {v, 0};
    case Ibs: return {1, 24, bytes_mask(v)};
    case Jb: return {1, 24};
    case Jz: return {v, 32 - 8 * v};
    default: return {};
  }
}

// The fast form of `entry`: its Instruction templates, ModRM layout and immediate.
// `opcode_register` is the opcode's low three bits, for the operands that take them.
constexpr FastForm fast_form(const OpcodeEntry& entry, unsigned opcode_register = 0) {
  FastForm form;
  bool usable = entry.op != Op::invalid && !(entry.attributes & (attr::x87 | attr::special | attr::group));
  bool byte = entry.attributes & attr::byte_op;
  for (unsigned variant = 0; variant < 4; ++variant) {
    Instruction& t = form.templates[variant];
    t.op = entry.op;
    t.operand_size = static_cast<std::uint8_t>(byte ? 1 : variant % 2 ? 4 : 2);
  }
  unsigned immediates = 0;
  bool has_rm = false, memory_only = false;
  ModrmLayout layout;
  for (unsigned i = 0; i < 3; ++i) {
    Arg a = entry.args[i];
    for (unsigned op32 = 0; op32 < 2; ++op32) {
      ArgShape s = shape(a, op32 ? 4 : 2);
      form.templates[op32].operands[i] = s.register_form;
      form.templates[2 + op32].operands[i] = s.memory_form;
    }
    ArgShape s = shape(a, 2);
    usable = usable && s.supported;
    memory_only = memory_only || s.memory_only;
    has_rm = has_rm || s.memory_only || s.source == RegisterSource::modrm_rm_in_register_form;
    switch (s.source) {
      case RegisterSource::fixed: break;
      case RegisterSource::modrm_reg: layout.reg_operand = i; break;
      case RegisterSource::modrm_rm_in_register_form: layout.rm_operand = i; break;
      case RegisterSource::opcode:
        for (Instruction& t : form.templates) t.operands[i].reg = static_cast<std::uint8_t>(opcode_register);
        break;
    }
    if (s.immediate) {
      ++immediates;
      for (unsigned op32 = 0; op32 < 2; ++op32) {
        ImmediateShape imm = immediate_shape(a, op32 ? 4 : 2);
        form.imm.read_mask[op32] = bytes_mask(imm.size);
        form.imm.result_mask[op32] = imm.result_mask;
        form.imm.size[op32] = static_cast<std::uint8_t>(imm.size);
        form.imm.shift[op32] = static_cast<std::uint8_t>(imm.shift);
      }
    }
  }
  // A ModRM byte without an r/m operand (MOV CRn) would have its displacement misread.
  bool modrm_consistent = has_rm == ((entry.attributes & attr::modrm) != 0);
  usable = usable && immediates <= 1 && modrm_consistent;
  form.usable = {usable && !memory_only, usable};
  form.modrm_operands_row = modrm_operands_row(layout);
  return form;
}

constexpr bool is_moffs(const OpcodeEntry& entry) {
  for (Arg a : entry.args) {
    if (a == Ob || a == Ov) return true;
  }
  return false;
}

// The FastOpcode of `entry`; `forms` are the fast forms, `index` the entry's own form index.
constexpr FastOpcode fast_opcode(const OpcodeEntry& entry, unsigned index,
                                 const std::array<FastForm, fast_form_count>& forms) {
  FastOpcode opcode;
  opcode.form = static_cast<std::uint16_t>(index);
  opcode.memory_form = is_moffs(entry) ? fast_moffs : fast_no_memory;
  if (entry.attributes & attr::modrm) {
    opcode.modrm_length = 1;
    opcode.modrm_mask = 0xFF;
    opcode.memory_form = 0;
  }
  for (unsigned op32 = 0; op32 < 2; ++op32) {
    opcode.tail_size[op32] = static_cast<std::uint8_t>(forms[index].imm.size[op32] + (is_moffs(entry) ? 2 : 0));
  }
  if (entry.attributes & attr::group) {
    opcode.group_mask = 0x0F;
    opcode.form = static_cast<std::uint16_t>(fast_group_base + 16 * entry.group);
    // The immediate size when all usable members agree on it (so far every group but F6/F7).
    bool first = true;
    for (unsigned member = 0; member < 16; ++member) {
      const FastForm& form = forms[opcode.form + member];
      if (!form.usable[1]) continue;
      const std::array<std::uint8_t, 2>& sizes = form.imm.size;
      if (first) opcode.tail_size = sizes;
      opcode.length_from_form = opcode.length_from_form || sizes != opcode.tail_size;
      first = false;
    }
  }
  return opcode;
}

constexpr std::array<FastForm, fast_form_count> build_fast_forms(const std::array<OpcodeEntry, 256>& one_byte,
                                                                const std::array<OpcodeEntry, 256>& two_byte,
                                                                const std::array<Group, group_count>& groups) {
  std::array<FastForm, fast_form_count> forms{};
  for (unsigned i = 0; i < 256; ++i) {
    forms[i] = fast_form(one_byte[i], i & 7);
    forms[fast_two_byte_base + i] = fast_form(two_byte[i], i & 7);
  }
  for (unsigned g = 0; g < group_count; ++g) {
    for (unsigned reg = 0; reg < 8; ++reg) {
      unsigned base = fast_group_base + 16 * g;
      forms[base + reg] = fast_form(groups[g].memory_forms[reg]);
      forms[base + 8 + reg] = fast_form(groups[g].register_forms[reg]);
    }
  }
  return forms;
}

constexpr std::array<FastOpcode, fast_group_base> build_fast_opcodes(const std::array<OpcodeEntry, 256>& one_byte,
                                                                    const std::array<OpcodeEntry, 256>& two_byte,
                                                                    const std::array<FastForm, fast_form_count>& forms) {
  std::array<FastOpcode, fast_group_base> opcodes{};
  for (unsigned i = 0; i < 256; ++i) {
    opcodes[i] = fast_opcode(one_byte[i], i, forms);
    opcodes[fast_two_byte_base + i] = fast_opcode(two_byte[i], fast_two_byte_base + i, forms);
  }
  return opcodes;
}

// The longest instruction the fast path can take without prefixes: the 0F escape, the opcode,
// ModRM, a 16-bit displacement and the longest immediate.
constexpr unsigned longest_unprefixed(const std::array<FastOpcode, fast_group_base>& opcodes,
                                      const std::array<FastForm, fast_form_count>& forms) {
  unsigned longest_tail = 0;
  for (const FastOpcode& opcode : opcodes) longest_tail = std::max<unsigned>(longest_tail, opcode.tail_size[0]);
  for (const FastForm& form : forms) longest_tail = std::max<unsigned>(longest_tail, form.imm.size[0]);
  return 2 + 1 + 2 + longest_tail;
}

// The 16-bit addressing forms (Intel SDM Vol. 2, table 2-1) and the moffs form.
constexpr std::array<FastMemory, fast_moffs + 1> build_memory_forms() {
  constexpr std::array<std::uint8_t, 8> bases = {3, 3, reg_bp, reg_bp, 6, 7, reg_bp, 3};
  constexpr std::array<std::uint8_t, 8> indexes = {6, 7, 6, 7, no_register, no_register, no_register, no_register};
  std::array<FastMemory, fast_moffs + 1> forms{};
  auto displacement = [](FastMemory& form, unsigned size, bool sign) {
    form.displacement_size = static_cast<std::uint8_t>(size);
    form.displacement_mask = bytes_mask(size);
    form.displacement_shift = static_cast<std::uint8_t>(sign && size ? 32 - 8 * size : 0);
    form.has_displacement = size ? prefix::has_displacement : 0;
  };
  for (unsigned modrm = 0; modrm < 0x100; ++modrm) {
    forms[modrm].group_member = static_cast<std::uint8_t>((modrm >= 0xC0 ? 8 : 0) | ((modrm >> 3) & 7));
  }
  for (unsigned modrm = 0; modrm < 0xC0; ++modrm) {
    unsigned mod = modrm >> 6, rm = modrm & 7;
    FastMemory& form = forms[modrm];
    form.memory = 1;
    if (mod == 0 && rm == 6) {  // [disp16]
      displacement(form, 2, true);
      continue;
    }
    form.base = bases[rm];
    form.index = indexes[rm];
    form.segment = form.base == reg_bp ? sreg_ss : sreg_ds;
    displacement(form, mod, true);
  }
  forms[fast_moffs].memory = 1;
  displacement(forms[fast_moffs], 2, false);
  return forms;
}

}  // namespace emu::x86::fast_form_builder
