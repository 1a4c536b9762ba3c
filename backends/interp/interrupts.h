#pragma once

#include <cstdint>

#include "backends/interp/cpu.h"

namespace emu::interp {

// Delivers interrupt `vector` through the IVT, pushing FLAGS, CS and `return_eip`
// (interrupts.cpp). Throws GuestFault when the IVT entry or the stack is out of reach.
void enter_interrupt(Cpu& cpu, std::uint8_t vector, std::uint32_t return_eip);

}  // namespace emu::interp
