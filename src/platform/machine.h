#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/boot_media.h"
#include "core/bus.h"
#include "core/byte_sink.h"
#include "core/cpu_profile.h"
#include "core/cpu_state.h"
#include "core/device_clock.h"
#include "core/register_setting.h"
#include "core/guest_memory.h"
#include "platform/platform.h"

namespace emu {

// --machine: today's flat test machine, or the PC/AT's devices (docs/devices.md).
enum class MachineKind { bare, pc };
std::string_view machine_name(MachineKind kind);

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
  MachineKind kind = MachineKind::bare;
  // Whether the pc has COM1 (--serial none: no). Where its bytes go is connected at run time
  // (Platform::connect_serial); until then, to the console.
  bool serial_port = true;
  // --clock and --ips: what device time follows on a machine with timers (pc).
  DeviceClock::Kind clock = DeviceClock::Kind::host;
  std::uint64_t ips = DeviceClock::default_ips;
  // --reg: registers of the initial state, applied in order after the entry point (checked).
  std::vector<RegisterSetting> registers{};
  // --boot, --drive, a .COM program: the pc machine starts in emu's BIOS (F000:FFF0), which boots
  // these. Needs kind pc and 1 MiB of RAM.
  std::optional<BootMedia> boot{};
  // Whether what the guest prints through the BIOS goes to the console as a transcript (not
  // while the screen itself is drawn on the terminal: docs/display.md).
  bool bios_transcript = true;
};

// Everything a backend runs against: RAM, the initial CPU state, and the platform's buses and
// run-end request. Backends know nothing of devices; they only call the buses.
class Machine {
 public:
  Machine(const MachineConfig& config, ByteSink& console);
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Copies a flat image to its load address; throws Error(bad_input) when it does not fit.
  void load_image(std::span<const std::uint8_t> image);

  const MachineConfig& config() const { return config_; }
  GuestMemory& memory() { return memory_; }
  Platform& platform() { return *platform_; }
  Bus& io() { return platform_->io(); }
  Bus& mmio() { return platform_->mmio(); }
  ExitRequest& exit_request() { return platform_->exit_request(); }
  ByteSink& console() { return console_; }
  CpuState initial_state() const;

 private:
  MachineConfig config_;
  ByteSink& console_;
  GuestMemory memory_;
  std::unique_ptr<Platform> platform_;
};

}  // namespace emu
