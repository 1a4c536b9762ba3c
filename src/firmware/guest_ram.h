#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/exit_request.h"
#include "core/guest_memory.h"

namespace emu::bios {

// Guest RAM as the BIOS's host side reads and writes it on the guest's behalf: real-mode
// addresses (segment:offset, offsets wrapping at 64 KiB as the CPU's do, or linear ones from DMA's
// point of view), bit 20 dropped while the A20 gate is closed, bytes outside RAM reading as FFh
// and dropping writes. Every write is reported to the backend (ExitRequest::ram_written), which
// may hold decoded code there.
class GuestRam {
 public:
  GuestRam(GuestMemory& memory, ExitRequest& exit_request, const bool& a20_enabled)
      : memory_(memory), exit_request_(exit_request), a20_enabled_(a20_enabled) {}

  static std::uint32_t linear(std::uint16_t segment, std::uint16_t offset) {
    return (std::uint32_t{segment} << 4) + offset;
  }

  std::uint8_t read8(std::uint32_t linear) const;
  void write8(std::uint32_t linear, std::uint8_t value);
  std::uint8_t read8(std::uint16_t segment, std::uint16_t offset) const { return read8(linear(segment, offset)); }
  void write8(std::uint16_t segment, std::uint16_t offset, std::uint8_t value) { write8(linear(segment, offset), value); }
  std::uint16_t read16(std::uint16_t segment, std::uint16_t offset) const;
  void write16(std::uint16_t segment, std::uint16_t offset, std::uint16_t value);
  std::uint32_t read32(std::uint16_t segment, std::uint16_t offset) const;
  void write32(std::uint16_t segment, std::uint16_t offset, std::uint32_t value);

  // `length` bytes from/to a linear address, continuing linearly (a disk transfer's buffer).
  std::vector<std::uint8_t> read(std::uint32_t linear, std::uint32_t length) const;
  void write(std::uint32_t linear, std::span<const std::uint8_t> bytes);
  void fill(std::uint32_t linear, std::uint32_t length, std::uint8_t value);

 private:
  std::uint32_t physical(std::uint32_t linear) const { return a20_enabled_ ? linear : linear & ~(1u << 20); }

  GuestMemory& memory_;
  ExitRequest& exit_request_;
  const bool& a20_enabled_;
};

}  // namespace emu::bios
