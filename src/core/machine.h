#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/bus.h"
#include "core/byte_sink.h"
#include "core/cpu_profile.h"
#include "core/cpu_state.h"
#include "core/register_setting.h"
#include "core/guest_memory.h"
#include "devices/console_port.h"
#include "devices/exit_device.h"

namespace emu {

struct MachineConfig {
  std::uint32_t mem_size = 1024 * 1024;
  std::uint32_t load_address = 0;
  std::uint16_t entry_segment = 0;
  std::uint16_t entry_offset = 0;
  // The console and exit devices; without them every port is unassigned (conformance tests
  // expect all-ones from any port).
  bool with_devices = true;
  // Whose undefined results the interpreter computes (KVM runs the host's CPU whatever this says).
  CpuProfile cpu = CpuProfile::intel;
  // --reg: registers of the initial state, applied in order after the entry point (checked).
  std::vector<RegisterSetting> registers{};
};

namespace port {
inline constexpr std::uint16_t console = 0xF1;
inline constexpr std::uint16_t debug_console = 0xE9;
inline constexpr std::uint16_t exit = 0xF4;
}  // namespace port

// Everything a backend runs against: RAM, the port bus and the MMIO bus with their devices.
// Backends know nothing of devices; they only call the buses.
class Machine {
 public:
  Machine(const MachineConfig& config, ByteSink& console);
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Copies a flat image to its load address; throws Error(bad_input) when it does not fit.
  void load_image(std::span<const std::uint8_t> image);

  const MachineConfig& config() const { return config_; }
  GuestMemory& memory() { return memory_; }
  Bus& io() { return io_; }
  Bus& mmio() { return mmio_; }
  ExitRequest& exit_request() { return exit_request_; }
  ByteSink& console() { return console_; }
  CpuState initial_state() const;

 private:
  MachineConfig config_;
  ByteSink& console_;
  GuestMemory memory_;
  Bus io_{"port"};
  Bus mmio_{"mmio"};
  ExitRequest exit_request_;
  ConsolePort console_port_;
  ConsolePort debug_console_port_;
  ExitDevice exit_device_;
};

}  // namespace emu
