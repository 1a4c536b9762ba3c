#pragma once

// The guest interp_fuzz makes of one input, shared with the test that measures how much code the
// target reaches (tests/interp/fuzz_reach_test.cpp).
//
// The first byte picks the RAM size (so accesses past the end of RAM are exercised) and the CPU
// profile; the rest is the code at 0000:1000, clear of the IVT at 0-3FF and of the handler at
// 0FF0, and also the initial register values; the rest of the first 64 KiB holds copies of it.
// The stack starts at the top of the first 64 KiB. Every vector's handler resumes one byte past the
// pushed IP, so that a fault or an INT does not end the run but moves it on through the code.

#include <algorithm>
#include <memory>
#include <span>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "platform/machine.h"

namespace emu::fuzz {

// push bp; mov bp, sp; inc word [bp+2]; pop bp; iret: 5 instructions.
inline constexpr std::uint8_t resume_handler[] = {0x55, 0x89, 0xE5, 0xFF, 0x46, 0x02, 0x5D, 0xCF};
inline constexpr unsigned resume_handler_instructions = 5;
inline constexpr std::uint16_t resume_handler_offset = 0x0FF0;

// Not movable: the machine holds a reference to the console.
struct FuzzGuest {
  FuzzGuest(const std::uint8_t* data, std::size_t size) {
    const std::uint32_t mem_size = data[0] & 1 ? GuestMemory::max_size : 64 * 1024;
    profile = all_profiles()[(data[0] >> 1) % all_profiles().size()];
    machine = std::make_unique<Machine>(
        MachineConfig{.mem_size = mem_size, .load_address = 0x1000, .entry_offset = 0x1000, .cpu = profile}, console);
    std::span<const std::uint8_t> code(data + 1, std::min<std::size_t>(size - 1, 0x6000));
    machine->load_image(code);
    std::uint8_t* ram = machine->memory().data();
    // The rest of the first 64 KiB holds copies of the code, so that running off its end or
    // jumping out of it goes on through the input's own bytes rather than through zeros.
    if (!code.empty()) {
      for (std::uint32_t address = 0x400; address < 0x10000; ++address) {
        if (address < 0x1000 || address >= 0x1000 + code.size()) {
          const auto n = static_cast<std::int64_t>(code.size());
          const std::int64_t offset = std::int64_t{address} - 0x1000;
          ram[address] = code[static_cast<std::size_t>(((offset % n) + n) % n)];
        }
      }
    }
    for (unsigned vector = 0; vector < 256; ++vector) {
      ram[vector * 4] = resume_handler_offset & 0xFF;
      ram[vector * 4 + 1] = resume_handler_offset >> 8;
    }
    std::copy(std::begin(resume_handler), std::end(resume_handler), ram + resume_handler_offset);
    interpreter = std::make_unique<interp::Interpreter>(*machine);
    CpuState state = interpreter->state();
    for (unsigned i = 0; i < 8 && i * 2 + 1 < code.size(); ++i) state.gpr[i] = code[i * 2] | (code[i * 2 + 1] << 8);
    state.reg(Gpr::esp) = 0xFFFE;
    interpreter->set_state(state);
  }
  FuzzGuest(const FuzzGuest&) = delete;
  FuzzGuest& operator=(const FuzzGuest&) = delete;

  // Instructions of the input's own code among `executed` (the handler's taken out).
  std::uint64_t own_instructions(std::uint64_t executed) const {
    std::uint64_t delivered = 0;
    for (const StatCounter& counter : interpreter->stats()) {
      if (counter.name == "exceptions and interrupts delivered") delivered = counter.value;
    }
    const std::uint64_t handler = delivered * resume_handler_instructions;
    return executed > handler ? executed - handler : 0;
  }

  CpuProfile profile;
  StringSink console;
  std::unique_ptr<Machine> machine;
  std::unique_ptr<interp::Interpreter> interpreter;
};

}  // namespace emu::fuzz
