#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "platform/machine.h"

namespace emu::test {

// Code is loaded at 0000:7C00 (CS = DS = ES = SS = 0, SP = 0: the stack grows down from
// 0000:FFFE), IVT at 0.
inline constexpr std::uint32_t code_base = 0x7C00;

struct InterpRun {
  InterpRun(const std::vector<std::uint8_t>& code, std::uint32_t mem_size = 0x110000, CpuProfile cpu = CpuProfile::intel)
      : machine(std::make_unique<Machine>(
            MachineConfig{.mem_size = mem_size, .load_address = code_base, .entry_offset = 0x7C00, .cpu = cpu}, console)) {
    machine->load_image(code);
    interpreter = std::make_unique<interp::Interpreter>(*machine);
  }

  CpuState state() { return interpreter->state(); }
  void set(const std::function<void(CpuState&)>& change) {
    CpuState s = interpreter->state();
    change(s);
    interpreter->set_state(s);
  }
  RunResult run(std::uint64_t max_insns = 100000) { return interpreter->run({max_insns}); }
  std::uint8_t* ram() { return machine->memory().data(); }
  std::uint16_t word(std::uint32_t address) { return static_cast<std::uint16_t>(ram()[address] | (ram()[address + 1] << 8)); }
  void set_word(std::uint32_t address, std::uint16_t value) {
    ram()[address] = static_cast<std::uint8_t>(value);
    ram()[address + 1] = static_cast<std::uint8_t>(value >> 8);
  }
  // Points IVT entry `vector` at a HLT placed at 0000:handler.
  void handle(std::uint8_t vector, std::uint16_t handler) {
    set_word(vector * 4u, handler);
    set_word(vector * 4u + 2, 0);
    ram()[handler] = 0xF4;
  }
  std::uint32_t reg(Gpr r) { return state().reg(r); }

  StringSink console;
  std::unique_ptr<Machine> machine;
  std::unique_ptr<interp::Interpreter> interpreter;
};

}  // namespace emu::test
