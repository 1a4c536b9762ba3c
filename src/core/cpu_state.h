#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace emu {

// Register numbers in the order the x86 encoding uses them (ModRM reg field, sreg field).
enum class Gpr : std::uint8_t { eax, ecx, edx, ebx, esp, ebp, esi, edi };
enum class Sreg : std::uint8_t { es, cs, ss, ds, fs, gs };

inline constexpr std::array<std::string_view, 8> gpr_names = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
inline constexpr std::array<std::string_view, 6> sreg_names = {"es", "cs", "ss", "ds", "fs", "gs"};

// Segment attributes in the layout of VMX's access-rights field (Intel SDM vol. 3, 25.4.1),
// which KVM's kvm_segment spells out bit by bit: type (0-3), S (4), DPL (5-6), P (7), AVL (12),
// L (13), D/B (14), G (15). Real mode keeps them when it loads a selector.
namespace segment_attributes {
inline constexpr std::uint16_t data = 0x93;  // present, read/write, accessed: data segments after reset
inline constexpr std::uint16_t code = 0x9B;  // present, execute/read, accessed: CS after reset
inline constexpr std::uint16_t defined_bits = 0xF0FF;  // bits 8-11 are reserved
}  // namespace segment_attributes

struct SegmentRegister {
  std::uint16_t selector = 0;
  std::uint32_t base = 0;
  std::uint32_t limit = 0xFFFF;
  std::uint16_t attributes = segment_attributes::data;
  bool operator==(const SegmentRegister&) const = default;
};

struct DescriptorTable {
  std::uint32_t base = 0;
  std::uint16_t limit = 0;
  bool operator==(const DescriptorTable&) const = default;
};

namespace flag {
inline constexpr std::uint32_t cf = 1u << 0;
inline constexpr std::uint32_t reserved1 = 1u << 1;  // always 1
inline constexpr std::uint32_t pf = 1u << 2;
inline constexpr std::uint32_t af = 1u << 4;
inline constexpr std::uint32_t zf = 1u << 6;
inline constexpr std::uint32_t sf = 1u << 7;
inline constexpr std::uint32_t tf = 1u << 8;
inline constexpr std::uint32_t if_ = 1u << 9;
inline constexpr std::uint32_t df = 1u << 10;
inline constexpr std::uint32_t of = 1u << 11;
}  // namespace flag

// The status and control flags set in `flags`, by name, lowest bit first ("CF ZF"); empty for none.
std::string flag_names(std::uint32_t flags);

// The architectural state both backends can get and set: the one description of a real-mode
// vCPU that state dumps, backend-to-backend transfer and comparisons share.
struct CpuState {
  std::array<std::uint32_t, 8> gpr{};
  std::uint32_t eip = 0;
  std::uint32_t eflags = flag::reserved1;
  std::array<SegmentRegister, 6> seg{};
  DescriptorTable idtr{0, 0x3FF};
  DescriptorTable gdtr{0, 0xFFFF};
  std::uint32_t cr0 = 0x60000010;  // CD, NW, ET: the value after reset (Intel SDM vol. 3, 9.1.1)
  // One-instruction interrupt shadow after MOV SS / POP SS / STI.
  bool interrupt_shadow = false;

  std::uint32_t& reg(Gpr r) { return gpr[static_cast<unsigned>(r)]; }
  std::uint32_t reg(Gpr r) const { return gpr[static_cast<unsigned>(r)]; }
  SegmentRegister& sreg(Sreg s) { return seg[static_cast<unsigned>(s)]; }
  const SegmentRegister& sreg(Sreg s) const { return seg[static_cast<unsigned>(s)]; }
  // CS's base + EIP: the address the next instruction is fetched from (the debugger's PC).
  std::uint32_t linear_pc() const { return sreg(Sreg::cs).base + eip; }

  bool operator==(const CpuState&) const = default;
};

// Where a field of CpuState sits in its one listing (for_each_field): `section` ("regs", "segs",
// "system"), `group` a register or table ("eax", "cs", "idtr", "cr0"), `member` a part of a
// group ("base"), empty for a plain register.
struct StateField {
  std::string_view section;
  std::string_view group;
  std::string_view member;
};

// Calls visit(field, value) with a reference to every field of `state`, each named once: the
// JSON dump, the lockstep's comparison, the tests' round trips through each backend and the
// snapshot format walk this, so a new field is one line here (and its backends' get and set).
template <class State, class Visit>
void for_each_field(State& state, Visit&& visit) {
  for (unsigned i = 0; i < state.gpr.size(); ++i) visit(StateField{"regs", gpr_names[i], {}}, state.gpr[i]);
  visit(StateField{"regs", "eip", {}}, state.eip);
  visit(StateField{"regs", "eflags", {}}, state.eflags);
  for (unsigned i = 0; i < state.seg.size(); ++i) {
    auto& segment = state.seg[i];
    visit(StateField{"segs", sreg_names[i], "selector"}, segment.selector);
    visit(StateField{"segs", sreg_names[i], "base"}, segment.base);
    visit(StateField{"segs", sreg_names[i], "limit"}, segment.limit);
    visit(StateField{"segs", sreg_names[i], "attributes"}, segment.attributes);
  }
  visit(StateField{"system", "idtr", "base"}, state.idtr.base);
  visit(StateField{"system", "idtr", "limit"}, state.idtr.limit);
  visit(StateField{"system", "gdtr", "base"}, state.gdtr.base);
  visit(StateField{"system", "gdtr", "limit"}, state.gdtr.limit);
  visit(StateField{"system", "cr0", {}}, state.cr0);
  visit(StateField{"system", "interrupt_shadow", {}}, state.interrupt_shadow);
}

// A field's name as people read it: "eax", "cs.base", "idtr.limit".
std::string field_label(const StateField& field);

// Every field of `state` with its value, in the listing's order (for diffs and reports).
struct FieldValue {
  StateField field;
  std::uint32_t value;
};
std::vector<FieldValue> field_values(const CpuState& state);

// The state at the start of a run (see docs/cpu-model.md): general registers 0, FLAGS 0x0002,
// CS:IP = entry, every data segment = the entry segment, bases = selector * 16, limits 0xFFFF,
// present read/write data (CS execute/read code), IVT at 0 with limit 0x3FF, GDTR limit 0xFFFF,
// CR0 60000010h, no interrupt shadow.
CpuState reset_state(std::uint16_t entry_segment, std::uint16_t entry_offset);

// Sets a segment register the way real mode does: base = selector * 16.
void load_real_mode_segment(SegmentRegister& segment, std::uint16_t selector);

}  // namespace emu
