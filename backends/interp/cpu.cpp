// Cpu's out-of-line paths (cpu.h): physical accesses that leave plain RAM.
#include "backends/interp/cpu.h"

#include "backends/interp/instruction_log.h"

namespace emu::interp {

std::uint32_t Cpu::read_physical_slow(std::uint32_t linear, unsigned size) {
  if (watching != nullptr) [[unlikely]] watch_access(linear, size, false);
  std::uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    const std::uint32_t address = through_a20(linear + i);
    std::uint32_t byte = address < ram_size ? ram[address] : static_cast<std::uint32_t>(mmio.read(address, 1));
    value |= byte << (8 * i);
  }
  if (access_log != nullptr) [[unlikely]] access_log->memory(linear, size, false, value);
  return value;
}

void Cpu::write_physical_slow(std::uint32_t linear, unsigned size, std::uint32_t value) {
  if (watching != nullptr) [[unlikely]] watch_access(linear, size, true);
  if (access_log != nullptr) [[unlikely]] access_log->memory(linear, size, true, value);
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

void Cpu::log_accesses(InstructionLog* log) {
  access_log = log;
  choose_direct_end();
  io = log != nullptr ? &log->ports() : &machine_ports;
}

void Cpu::log_bulk(std::uint32_t destination, std::uint32_t bytes, std::optional<std::uint32_t> source) {
  access_log->bulk(destination, bytes, source);
}

}  // namespace emu::interp
