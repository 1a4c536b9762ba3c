#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/cpu_state.h"

namespace emu {

// One --reg NAME=VALUE: a register of the initial state. NAME is a general register in any of
// its widths (eax, ax, al, ah, ...), a segment register (its base follows, as in real mode),
// eip/ip, or eflags/flags (bit 1 always set).
struct RegisterSetting {
  std::string name;
  std::uint32_t value = 0;
};

// Checks `setting` (a known name; a value that fits the register) and returns "" or why not.
std::string check_register_setting(const RegisterSetting& setting);

// Applies a setting that passed the check.
void apply_register_setting(CpuState& state, const RegisterSetting& setting);

// The names --reg accepts, for messages.
std::string_view register_setting_names();

}  // namespace emu
