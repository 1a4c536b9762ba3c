#include "devices/console_port.h"

namespace emu {

std::uint8_t ConsolePort::read8(std::uint64_t) { return read_value_; }

void ConsolePort::write8(std::uint64_t, std::uint8_t value) { sink_.write({&value, 1}); }

}  // namespace emu
