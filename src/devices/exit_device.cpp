#include "devices/exit_device.h"

namespace emu {

std::uint8_t ExitDevice::read8(std::uint64_t) { return 0xFF; }

void ExitDevice::write8(std::uint64_t, std::uint8_t value) {
  // The first write wins: the rest of a wide or string access after it is not the guest's
  // last word.
  if (!request_.pending()) request_.request(value);
}

}  // namespace emu
