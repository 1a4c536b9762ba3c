#include "core/bus.h"

#include <fmt/format.h>

#include "core/error.h"

namespace emu {

void Bus::map(std::uint64_t base, std::uint64_t size, BusDevice& device) {
  for (const Mapping& mapping : mappings_) {
    if (base < mapping.base + mapping.size && mapping.base < base + size) {
      throw Error(ExitStatus::internal,
                  fmt::format("{} bus: [{:#x}, {:#x}) overlaps a mapped device", name_, base, base + size));
    }
  }
  mappings_.push_back({base, size, &device});
}

const Bus::Mapping* Bus::find(std::uint64_t address) const {
  for (const Mapping& mapping : mappings_) {
    if (address - mapping.base < mapping.size) return &mapping;
  }
  return nullptr;
}

std::uint64_t Bus::read(std::uint64_t address, unsigned size) {
  std::uint64_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    const Mapping* mapping = find(address + i);
    std::uint8_t byte = mapping ? mapping->device->read8(address + i - mapping->base) : unassigned_byte;
    value |= std::uint64_t{byte} << (8 * i);
  }
  return value;
}

void Bus::write(std::uint64_t address, unsigned size, std::uint64_t value) {
  for (unsigned i = 0; i < size; ++i) {
    if (const Mapping* mapping = find(address + i)) {
      mapping->device->write8(address + i - mapping->base, static_cast<std::uint8_t>(value >> (8 * i)));
    }
  }
}

}  // namespace emu
