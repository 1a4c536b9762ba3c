#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace emu {

// Register numbers in the order the x86 encoding uses them (ModRM reg field, sreg field).
enum class Gpr : std::uint8_t { eax, ecx, edx, ebx, esp, ebp, esi, edi };
enum class Sreg : std::uint8_t { es, cs, ss, ds, fs, gs };

inline constexpr std::array<std::string_view, 8> gpr_names = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
inline constexpr std::array<std::string_view, 6> sreg_names = {"es", "cs", "ss", "ds", "fs", "gs"};

struct SegmentRegister {
  std::uint16_t selector = 0;
  std::uint32_t base = 0;
  std::uint32_t limit = 0xFFFF;
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

  bool operator==(const CpuState&) const = default;
};

// The state at the start of a run (see docs/cpu-model.md): general registers 0, FLAGS 0x0002,
// CS:IP = entry, every data segment = the entry segment, bases = selector * 16, limits 0xFFFF,
// IVT at 0 with limit 0x3FF.
CpuState reset_state(std::uint16_t entry_segment, std::uint16_t entry_offset);

// Sets a segment register the way real mode does: base = selector * 16.
void load_real_mode_segment(SegmentRegister& segment, std::uint16_t selector);

}  // namespace emu
