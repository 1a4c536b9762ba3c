// Cpu's out-of-line paths (cpu.h): physical accesses that leave plain RAM.
#include "backends/interp/cpu.h"

namespace emu::interp {

std::uint32_t Cpu::read_physical_slow(std::uint32_t linear, unsigned size) {
  if (watching != nullptr) [[unlikely]] watch_access(linear, size, false);
  std::uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    const std::uint32_t address = through_a20(linear + i);
    std::uint32_t byte = address < ram_size ? ram[address] : static_cast<std::uint32_t>(mmio.read(address, 1));
    value |= byte << (8 * i);
  }
  return value;
}

void Cpu::write_physical_slow(std::uint32_t linear, unsigned size, std::uint32_t value) {
  if (watching != nullptr) [[unlikely]] watch_access(linear, size, true);
  for (unsigned i = 0; i < size; ++i) {
    const std::uint32_t address = through_a20(linear + i);
    auto byte = static_cast<std::uint8_t>(value >> (8 * i));
    if (address < ram_size) {
      if (cache.holds_code(address, 1)) code_written(address, 1);
      ram[address] = byte;
    } else {
      mmio.write(address, 1, byte);
    }
  }
}

}  // namespace emu::interp
