#include "core/register_setting.h"

#include <fmt/format.h>

#include <optional>

#include "core/quoted.h"
#include "decoder/disassemble.h"

namespace emu {

namespace {

// Where a name points: a general register's bytes, a segment, IP or FLAGS.
struct Target {
  enum class Kind { gpr, sreg, ip, flags } kind;
  unsigned index = 0;  // Gpr or Sreg
  unsigned width = 32;
  unsigned shift = 0;  // 8 for AH, CH, DH, BH
};

std::optional<Target> target_of(std::string_view name) {
  for (std::uint8_t i = 0; i < 8; ++i) {
    if (name == x86::register_name(i, 4)) return Target{Target::Kind::gpr, i, 32, 0};
    if (name == x86::register_name(i, 2)) return Target{Target::Kind::gpr, i, 16, 0};
    // Byte registers 4-7 are the high bytes of 0-3 (AH..BH).
    if (name == x86::register_name(i, 1)) return Target{Target::Kind::gpr, i % 4u, 8, i >= 4 ? 8u : 0u};
  }
  for (unsigned i = 0; i < sreg_names.size(); ++i) {
    if (name == sreg_names[i]) return Target{Target::Kind::sreg, i, 16, 0};
  }
  if (name == "eip") return Target{Target::Kind::ip, 0, 32, 0};
  if (name == "ip") return Target{Target::Kind::ip, 0, 16, 0};
  if (name == "eflags") return Target{Target::Kind::flags, 0, 32, 0};
  if (name == "flags") return Target{Target::Kind::flags, 0, 16, 0};
  return std::nullopt;
}

}  // namespace

std::string_view register_setting_names() {
  return "eax..edi, ax..di, al..bh, cs ds es ss fs gs, eip, ip, eflags, flags";
}

std::string check_register_setting(const RegisterSetting& setting) {
  std::optional<Target> target = target_of(setting.name);
  if (!target) return fmt::format("unknown register {} (expected one of {})", quoted(setting.name), register_setting_names());
  if (target->width < 32 && setting.value >> target->width != 0) {
    return fmt::format("{:#x} does not fit the {}-bit register {}", setting.value, target->width, setting.name);
  }
  return "";
}

void apply_register_setting(CpuState& state, const RegisterSetting& setting) {
  const Target target = *target_of(setting.name);
  const std::uint32_t mask = target.width == 32 ? 0xFFFFFFFFu : ((1u << target.width) - 1) << target.shift;
  auto merge = [&](std::uint32_t old) { return (old & ~mask) | (setting.value << target.shift); };
  switch (target.kind) {
    case Target::Kind::gpr: state.gpr[target.index] = merge(state.gpr[target.index]); break;
    case Target::Kind::sreg:
      load_real_mode_segment(state.seg[target.index], static_cast<std::uint16_t>(setting.value));
      break;
    case Target::Kind::ip: state.eip = merge(state.eip); break;
    case Target::Kind::flags: state.eflags = merge(state.eflags) | flag::reserved1; break;
  }
}

}  // namespace emu
