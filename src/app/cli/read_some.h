#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <span>

namespace emu::cli {

// One read(2) of what a readable descriptor has, into `buffer`: the bytes read; none, with `open`
// cleared, at the end of the input or on an error other than EINTR/EAGAIN (the input is then
// over for good). For the host inputs the platform polls (the keyboard, the serial line).
inline std::span<const std::uint8_t> read_some(int fd, std::span<std::uint8_t> buffer, bool& open) {
  const ssize_t got = ::read(fd, buffer.data(), buffer.size());
  if (got > 0) return buffer.first(static_cast<std::size_t>(got));
  if (got == 0 || (errno != EINTR && errno != EAGAIN)) open = false;
  return {};
}

}  // namespace emu::cli
