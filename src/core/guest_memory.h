#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/host_mapping.h"

namespace emu {

// Guest RAM: one host mapping at guest-physical 0. The KVM backend registers these very bytes
// as its memory slot and the interpreter reads and writes them directly, so both see one RAM.
class GuestMemory {
 public:
  static constexpr std::uint32_t min_size = 4 * 1024;
  // The whole real-mode address space: 0xFFFF:0xFFFF = 0x10FFEF, rounded up to a page.
  static constexpr std::uint32_t max_size = 0x110000;
  static constexpr std::uint32_t granule = 4 * 1024;

  explicit GuestMemory(std::uint32_t size);

  std::uint32_t size() const { return static_cast<std::uint32_t>(mapping_.size()); }
  std::uint8_t* data() const { return mapping_.data(); }
  std::span<std::uint8_t> bytes() const { return mapping_.bytes(); }

  bool contains(std::uint64_t address, std::uint64_t length) const {
    return address <= size() && length <= size() - address;
  }
  // The RAM bytes [address, address + length), or nothing when any of them is not RAM.
  std::optional<std::span<std::uint8_t>> span(std::uint64_t address, std::uint64_t length) const;

 private:
  HostMapping mapping_;
};

}  // namespace emu
