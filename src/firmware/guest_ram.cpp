#include "firmware/guest_ram.h"

#include <algorithm>

namespace emu::bios {

std::uint8_t GuestRam::read8(std::uint32_t linear) const {
  const std::uint32_t address = physical(linear);
  return address < memory_.size() ? memory_.data()[address] : 0xFF;
}

void GuestRam::write8(std::uint32_t linear, std::uint8_t value) {
  const std::uint32_t address = physical(linear);
  if (address >= memory_.size()) return;
  memory_.data()[address] = value;
  exit_request_.ram_written(address, 1);
}

std::uint16_t GuestRam::read16(std::uint16_t segment, std::uint16_t offset) const {
  return static_cast<std::uint16_t>(read8(segment, offset) | read8(segment, static_cast<std::uint16_t>(offset + 1)) << 8);
}

void GuestRam::write16(std::uint16_t segment, std::uint16_t offset, std::uint16_t value) {
  write8(segment, offset, static_cast<std::uint8_t>(value));
  write8(segment, static_cast<std::uint16_t>(offset + 1), static_cast<std::uint8_t>(value >> 8));
}

std::uint32_t GuestRam::read32(std::uint16_t segment, std::uint16_t offset) const {
  return read16(segment, offset) | std::uint32_t{read16(segment, static_cast<std::uint16_t>(offset + 2))} << 16;
}

void GuestRam::write32(std::uint16_t segment, std::uint16_t offset, std::uint32_t value) {
  write16(segment, offset, static_cast<std::uint16_t>(value));
  write16(segment, static_cast<std::uint16_t>(offset + 2), static_cast<std::uint16_t>(value >> 16));
}

std::vector<std::uint8_t> GuestRam::read(std::uint32_t linear, std::uint32_t length) const {
  std::vector<std::uint8_t> bytes(length);
  for (std::uint32_t i = 0; i < length; ++i) bytes[i] = read8(linear + i);
  return bytes;
}

void GuestRam::write(std::uint32_t linear, std::span<const std::uint8_t> bytes) {
  // In runs that stay inside RAM and clear of the A20 wrap (every ordinary transfer), one copy
  // and one notice each.
  std::size_t done = 0;
  while (done < bytes.size()) {
    const std::uint32_t address = physical(linear + static_cast<std::uint32_t>(done));
    if (address >= memory_.size()) {
      ++done;
      continue;
    }
    std::size_t run = std::min<std::size_t>(bytes.size() - done, memory_.size() - address);
    if (!a20_enabled_) run = std::min<std::size_t>(run, (1u << 20) - (address & ((1u << 20) - 1)));
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(done), run, memory_.data() + address);
    exit_request_.ram_written(address, static_cast<std::uint32_t>(run));
    done += run;
  }
}

void GuestRam::fill(std::uint32_t linear, std::uint32_t length, std::uint8_t value) {
  write(linear, std::vector<std::uint8_t>(length, value));
}

}  // namespace emu::bios
