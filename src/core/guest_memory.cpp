#include "core/guest_memory.h"

#include <fmt/format.h>

#include "core/error.h"

namespace emu {

GuestMemory::GuestMemory(std::uint32_t size) {
  if (size < min_size || size > max_size || size % granule != 0) {
    throw Error(ExitStatus::usage,
                fmt::format("guest memory size {:#x} is not a multiple of 4 KiB between {:#x} and {:#x}", size,
                            min_size, max_size));
  }
  mapping_ = HostMapping::anonymous(size);
}

std::optional<std::span<std::uint8_t>> GuestMemory::span(std::uint64_t address, std::uint64_t length) const {
  if (!contains(address, length)) return std::nullopt;
  return bytes().subspan(address, length);
}

}  // namespace emu
