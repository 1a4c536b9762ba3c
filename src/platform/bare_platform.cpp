#include "platform/bare_platform.h"

namespace emu {

BarePlatform::BarePlatform(ByteSink& console, bool with_devices)
    : console_port_(console, Bus::unassigned_byte), debug_console_port_(console, 0xE9), exit_device_(exit_request()) {
  if (with_devices) {
    io().map(port::console, 1, console_port_);
    io().map(port::debug_console, 1, debug_console_port_);
    io().map(port::exit, 1, exit_device_);
  }
}

}  // namespace emu
