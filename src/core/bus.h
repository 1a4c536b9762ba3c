#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

// A device as a bus sees it: byte-wide registers at offsets from the base it is mapped at.
class BusDevice {
 public:
  virtual ~BusDevice() = default;
  virtual std::uint8_t read8(std::uint64_t offset) = 0;
  virtual void write8(std::uint64_t offset, std::uint8_t value) = 0;
};

// Dispatches port (or physical-address) accesses to devices. Accesses wider than a byte are
// split into byte accesses at consecutive addresses, little-endian, as an 8-bit ISA bus does.
// Unassigned addresses read as 0xFF and ignore writes.
class Bus {
 public:
  static constexpr std::uint8_t unassigned_byte = 0xFF;

  explicit Bus(std::string name) : name_(std::move(name)) {}

  // Maps `device` at [base, base + size); throws if that overlaps an existing mapping.
  void map(std::uint64_t base, std::uint64_t size, BusDevice& device);

  // The device mapped at `address`, if any.
  const BusDevice* device_at(std::uint64_t address) const {
    const Mapping* mapping = find(address);
    return mapping != nullptr ? mapping->device : nullptr;
  }

  // `size` is 1..8 bytes.
  std::uint64_t read(std::uint64_t address, unsigned size);
  void write(std::uint64_t address, unsigned size, std::uint64_t value);

 private:
  struct Mapping {
    std::uint64_t base;
    std::uint64_t size;
    BusDevice* device;
  };
  const Mapping* find(std::uint64_t address) const;

  std::string name_;
  std::vector<Mapping> mappings_;
};

}  // namespace emu
