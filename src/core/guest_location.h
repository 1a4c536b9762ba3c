#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/cpu_state.h"
#include "core/guest_memory.h"
#include "decoder/decode.h"

namespace emu {

// "CS:IP" as four hex digits each, as error messages and traces print it.
std::string format_cs_ip(const CpuState& state);

// Up to `max_bytes` instruction bytes at CS:IP that lie in RAM (fewer near the end of RAM,
// none when CS:IP is outside it).
std::vector<std::uint8_t> code_bytes_at(const GuestMemory& memory, const CpuState& state, std::size_t max_bytes = 15);

// "CS:IP: daa (bytes 27)" for messages about the instruction at CS:IP, decoded as `set`.
std::string describe_instruction_at(const GuestMemory& memory, const CpuState& state,
                                    x86::InstructionSet set = x86::InstructionSet::i386_and_later);

}  // namespace emu
