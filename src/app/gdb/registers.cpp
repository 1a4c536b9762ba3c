#include "gdb/registers.h"

#include <fmt/format.h>

#include <array>

#include "core/little_endian.h"
#include "gdb/packet.h"

namespace emu::gdb {

namespace {

enum class Source : std::uint8_t { gpr, pc, flags, segment, ip, none };

struct Register {
  std::string_view name;
  unsigned bits;
  std::string_view type;
  std::string_view feature_group;  // "" for the architecture's own
  Source source;
  unsigned index;  // gpr number or Sreg
};

constexpr unsigned sreg(Sreg s) { return static_cast<unsigned>(s); }

// gdb's i386 numbering (gdb/features/i386/32bit-core.xml's order), then emu's own.
constexpr std::array<Register, 33> table{{
    {"eax", 32, "int32", "", Source::gpr, 0},
    {"ecx", 32, "int32", "", Source::gpr, 1},
    {"edx", 32, "int32", "", Source::gpr, 2},
    {"ebx", 32, "int32", "", Source::gpr, 3},
    {"esp", 32, "data_ptr", "", Source::gpr, 4},
    {"ebp", 32, "data_ptr", "", Source::gpr, 5},
    {"esi", 32, "int32", "", Source::gpr, 6},
    {"edi", 32, "int32", "", Source::gpr, 7},
    {"eip", 32, "code_ptr", "", Source::pc, 0},
    {"eflags", 32, "i386_eflags", "", Source::flags, 0},
    {"cs", 32, "int32", "", Source::segment, sreg(Sreg::cs)},
    {"ss", 32, "int32", "", Source::segment, sreg(Sreg::ss)},
    {"ds", 32, "int32", "", Source::segment, sreg(Sreg::ds)},
    {"es", 32, "int32", "", Source::segment, sreg(Sreg::es)},
    {"fs", 32, "int32", "", Source::segment, sreg(Sreg::fs)},
    {"gs", 32, "int32", "", Source::segment, sreg(Sreg::gs)},
    {"st0", 80, "i387_ext", "", Source::none, 0},
    {"st1", 80, "i387_ext", "", Source::none, 0},
    {"st2", 80, "i387_ext", "", Source::none, 0},
    {"st3", 80, "i387_ext", "", Source::none, 0},
    {"st4", 80, "i387_ext", "", Source::none, 0},
    {"st5", 80, "i387_ext", "", Source::none, 0},
    {"st6", 80, "i387_ext", "", Source::none, 0},
    {"st7", 80, "i387_ext", "", Source::none, 0},
    {"fctrl", 32, "int", "float", Source::none, 0},
    {"fstat", 32, "int", "float", Source::none, 0},
    {"ftag", 32, "int", "float", Source::none, 0},
    {"fiseg", 32, "int", "float", Source::none, 0},
    {"fioff", 32, "int", "float", Source::none, 0},
    {"foseg", 32, "int", "float", Source::none, 0},
    {"fooff", 32, "int", "float", Source::none, 0},
    {"fop", 32, "int", "float", Source::none, 0},
    {"ip", 16, "uint16", "general", Source::ip, 0},
}};
constexpr unsigned first_own_register = 32;  // `ip`: emu's feature

// EFLAGS' named bits (Intel SDM Vol. 1, 3.4.3).
constexpr std::array<std::pair<std::string_view, unsigned>, 15> flag_fields{{
    {"CF", 0}, {"PF", 2}, {"AF", 4}, {"ZF", 6}, {"SF", 7}, {"TF", 8}, {"IF", 9}, {"DF", 10},
    {"OF", 11}, {"NT", 14}, {"RF", 16}, {"VM", 17}, {"AC", 18}, {"VIF", 19}, {"ID", 21},
}};

std::uint64_t value_of(const CpuState& state, const Register& reg) {
  switch (reg.source) {
    case Source::gpr: return state.gpr[reg.index];
    case Source::pc: return state.linear_pc();
    case Source::flags: return state.eflags;
    case Source::segment: return state.seg[reg.index].selector;
    case Source::ip: return state.eip & 0xFFFF;
    case Source::none: return 0;
  }
  return 0;
}

// Sets one register from its little-endian bytes; a refusal names why.
std::optional<std::string> set_value(CpuState& state, const Register& reg, std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes.size() && i < 8; ++i) value |= std::uint64_t{static_cast<std::uint8_t>(bytes[i])} << (8 * i);
  const auto value32 = static_cast<std::uint32_t>(value);
  switch (reg.source) {
    case Source::gpr: state.gpr[reg.index] = value32; return std::nullopt;
    case Source::flags: state.eflags = value32 | 0x2; return std::nullopt;  // bit 1 always reads 1
    case Source::ip: state.eip = value32 & 0xFFFF; return std::nullopt;
    case Source::none: return std::nullopt;
    case Source::segment:
      if (value32 > 0xFFFF) return fmt::format("{} takes a 16-bit selector, not {:#x}", reg.name, value32);
      if (state.cr0 & 1) return fmt::format("{} cannot be written in protected mode", reg.name);
      load_real_mode_segment(state.seg[reg.index], static_cast<std::uint16_t>(value32));
      return std::nullopt;
    case Source::pc: {
      // The linear PC: IP moves within the current CS, which must reach the address.
      const SegmentRegister& cs = state.sreg(Sreg::cs);
      const std::uint32_t ip = value32 - cs.base;
      if (value32 < cs.base || ip > cs.limit || ip > 0xFFFF) {
        return fmt::format("the PC {:#x} is outside CS {:04x} (linear {:#x}-{:#x}): set $cs first, or $ip", value32,
                           cs.selector, cs.base, cs.base + std::min<std::uint32_t>(cs.limit, 0xFFFF));
      }
      state.eip = ip;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string target_description() {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
      "<architecture>i8086</architecture>\n<osabi>none</osabi>\n<feature name=\"org.gnu.gdb.i386.core\">\n"
      "<flags id=\"i386_eflags\" size=\"4\">\n";
  for (const auto& [name, bit] : flag_fields) xml += fmt::format("<field name=\"{}\" start=\"{}\" end=\"{}\"/>\n", name, bit, bit);
  xml += "</flags>\n";
  for (unsigned i = 0; i < table.size(); ++i) {
    const Register& reg = table[i];
    if (i == first_own_register) xml += "</feature>\n<feature name=\"org.emu.i8086.realmode\">\n";
    xml += fmt::format("<reg name=\"{}\" bitsize=\"{}\" type=\"{}\" regnum=\"{}\"{}/>\n", reg.name, reg.bits, reg.type, i,
                       reg.feature_group.empty() ? "" : fmt::format(" group=\"{}\"", reg.feature_group));
  }
  xml += "</feature>\n</target>\n";
  return xml;
}

std::size_t register_count() { return table.size(); }

std::optional<std::string> read_register(const CpuState& state, unsigned number) {
  if (number >= table.size()) return std::nullopt;
  const Register& reg = table[number];
  std::string bytes(reg.bits / 8, '\0');
  const std::uint64_t value = value_of(state, reg);
  for (std::size_t i = 0; i < bytes.size() && i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  return to_hex(bytes);
}

std::string read_registers(const CpuState& state) {
  std::string hex;
  for (unsigned i = 0; i < table.size(); ++i) hex += *read_register(state, i);
  return hex;
}

std::optional<std::string> write_register(CpuState& state, unsigned number, std::string_view hex) {
  if (number >= table.size()) return fmt::format("no register {}", number);
  std::string bytes;
  if (!from_hex(hex, bytes) || bytes.size() != table[number].bits / 8) {
    return fmt::format("register {} takes {} hex digits", table[number].name, table[number].bits / 4);
  }
  CpuState changed = state;
  if (auto refused = set_value(changed, table[number], bytes)) return refused;
  state = changed;
  return std::nullopt;
}

std::optional<std::string> write_registers(CpuState& state, std::string_view hex) {
  std::string bytes;
  if (!from_hex(hex, bytes)) return "the registers are not hex";
  std::size_t total = 0;
  for (const Register& reg : table) total += reg.bits / 8;
  // gdb may send fewer (the registers it has not fetched are left alone), never more.
  if (bytes.size() > total) return fmt::format("{} bytes of registers, more than the {} there are", bytes.size(), total);
  // Every register but the two views of IP first; then IP from whichever view gdb changed (the
  // PC relative to the CS just written); neither changed: IP stays.
  CpuState changed = state;
  std::optional<std::string_view> pc, ip;
  std::size_t offset = 0;
  for (const Register& reg : table) {
    const std::size_t size = reg.bits / 8;
    if (offset + size > bytes.size()) break;
    const std::string_view value(bytes.data() + offset, size);
    offset += size;
    if (reg.source == Source::pc) {
      pc = value;
    } else if (reg.source == Source::ip) {
      ip = value;
    } else if (auto refused = set_value(changed, reg, value)) {
      return refused;
    }
  }
  const auto unchanged = [&](std::string_view value, unsigned number) { return to_hex(value) == *read_register(state, number); };
  if (pc && !unchanged(*pc, 8)) {
    if (auto refused = set_value(changed, table[8], *pc)) return refused;
  } else if (ip && !unchanged(*ip, first_own_register)) {
    if (auto refused = set_value(changed, table[first_own_register], *ip)) return refused;
  }
  state = changed;
  return std::nullopt;
}

}  // namespace emu::gdb
