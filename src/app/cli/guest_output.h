#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cli/interruptions.h"
#include "core/byte_sink.h"

namespace emu::cli {

// Guest console output on its way to a file descriptor (stdout): gathered in memory and written
// at every newline, whenever `chunk` bytes have gathered, and at the end, with write(2) (EINTR
// and short writes handled). No write outlives a stop request: a write blocked on a reader that
// does not read returns (EINTR) when the deadline or a signal arrives, and the bytes stay
// gathered for the end. A write error (a full disk, a closed pipe or stdout) requests a stop.
// Nothing accepted is dropped without being counted: finish() says how much was left.
class GuestOutput final : public ByteSink {
 public:
  static constexpr std::size_t chunk = 4096;

  GuestOutput(int fd, Interruptions& interruptions) : fd_(fd), interruptions_(interruptions) {}

  void write(std::span<const std::uint8_t> bytes) override {
    buffer_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (bytes.back() == '\n' || buffer_.size() - offset_ >= chunk) flush();
  }
  // Writes what has gathered, giving up (keeping it) when a stop has been requested.
  void flush() override { write_gathered(false); }

  // Text of emu's own for the same descriptor (--dump-state -), after what the guest wrote.
  void write_text(std::string_view text) {
    buffer_.append(text);
    flush();
  }

  // Writes everything left. Without a stop request this waits as long as the reader does (a
  // signal ends the wait); once a stop has been requested, for at most `grace` more.
  void finish(std::chrono::nanoseconds grace);

  // The errno of the write that failed, if one did.
  std::optional<int> error() const { return error_; }
  // Bytes accepted but not written (after finish(): lost).
  std::size_t unwritten() const { return buffer_.size() - offset_; }

 private:
  // One pass of writes; `draining`: keep going after a stop request until the grace ends.
  void write_gathered(bool draining);

  int fd_;
  Interruptions& interruptions_;
  std::string buffer_;
  std::size_t offset_ = 0;  // bytes of buffer_ already written
  std::optional<int> error_;
  std::optional<std::chrono::steady_clock::time_point> grace_end_;
  std::chrono::nanoseconds grace_{0};
};

}  // namespace emu::cli
