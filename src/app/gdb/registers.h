#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/cpu_state.h"

namespace emu::gdb {

// The registers gdb sees, in one table (registers.cpp) from which both the target description
// and the 'g'/'p' layouts are made. gdb's i386 architecture validates the core feature by these
// names and numbers (eax..gs, st0-st7, the x87 control registers) and takes register 8 (eip) as
// its PC, so that register carries the linear PC, CS*16+IP: stop addresses, breakpoints and
// `x/i $pc` then agree with the linear addresses of memory. The raw IP is the extra register
// `ip`; `cs` is the raw selector. emu has no FPU: the x87 registers read 0 and ignore writes.
std::string target_description();

std::size_t register_count();
// The register's bytes as gdb lays them out (little-endian), in hex; nothing for a number past
// the table.
std::optional<std::string> read_register(const CpuState& state, unsigned number);
std::string read_registers(const CpuState& state);  // 'g'

// Why a write was refused, or nothing: the state is changed only when every value is accepted.
std::optional<std::string> write_register(CpuState& state, unsigned number, std::string_view hex);
std::optional<std::string> write_registers(CpuState& state, std::string_view hex);  // 'G'

}  // namespace emu::gdb
