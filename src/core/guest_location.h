#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/cpu_state.h"
#include "core/guest_memory.h"

namespace emu {

// "CS:IP" as four hex digits each, as error messages and traces print it.
std::string format_cs_ip(const CpuState& state);

// Up to `max_bytes` instruction bytes at CS:IP that lie in RAM (fewer near the end of RAM,
// none when CS:IP is outside it).
std::vector<std::uint8_t> code_bytes_at(const GuestMemory& memory, const CpuState& state, std::size_t max_bytes = 15);

// "CS:IP (bytes 27 f4)" for messages about the instruction at CS:IP.
std::string describe_instruction_at(const GuestMemory& memory, const CpuState& state);

}  // namespace emu
