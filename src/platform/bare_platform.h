#pragma once

#include "core/byte_sink.h"
#include "devices/console_port.h"
#include "devices/exit_device.h"
#include "platform/platform.h"

namespace emu {

namespace port {
inline constexpr std::uint16_t console = 0xF1;
inline constexpr std::uint16_t debug_console = 0xE9;
inline constexpr std::uint16_t exit = 0xF4;
}  // namespace port

// The flat test machine of docs/cli.md: the console at 0xF1, the debug console at 0xE9 and the
// exit device at 0xF4; every other port and all memory outside RAM unassigned. Without devices
// every port is unassigned (the conformance tests expect all-ones from any port).
class BarePlatform final : public Platform {
 public:
  BarePlatform(ByteSink& console, bool with_devices);
  std::string_view name() const override { return "bare"; }

 private:
  ConsolePort console_port_;
  ConsolePort debug_console_port_;
  ExitDevice exit_device_;
};

}  // namespace emu
