#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "core/byte_sink.h"
#include "core/unique_fd.h"
#include "platform/host_input.h"
#include "platform/platform.h"

namespace emu::cli {

// Bytes from a descriptor onto the guest's serial line (stdin with --serial=stdio when the keys
// are scripted; a pty's master).
class SerialInput final : public HostInput {
 public:
  SerialInput(int fd, Platform& platform) : fd_(fd), platform_(platform) {}
  int fd() const override { return open_ ? fd_ : -1; }
  void read_available() override;

 private:
  int fd_;
  Platform& platform_;
  bool open_ = true;
};

// --serial=pty: a new pseudo-terminal whose other end is COM1; a terminal program (screen,
// minicom, picocom) on the name it has (name()) talks to the guest. What the guest sends while
// nobody reads is dropped, as on a serial line without flow control, and counted.
class PtySerial final : public ByteSink {
 public:
  // Throws Error(internal) when no pseudo-terminal can be had.
  PtySerial();
  PtySerial(const PtySerial&) = delete;
  PtySerial& operator=(const PtySerial&) = delete;
  // Closing the master hangs the line up and discards what the other end has not read yet: it
  // waits (at most `drain_grace`) until that end has read it.
  ~PtySerial() override;
  static constexpr std::chrono::seconds drain_grace{1};
  const std::string& name() const { return name_; }
  void write(std::span<const std::uint8_t> bytes) override;
  int master() const { return master_.get(); }
  std::uint64_t dropped() const { return dropped_; }

 private:
  UniqueFd master_;
  UniqueFd slave_;  // held open so that the line does not hang up between terminal programs
  std::string name_;
  std::uint64_t dropped_ = 0;
};

}  // namespace emu::cli
