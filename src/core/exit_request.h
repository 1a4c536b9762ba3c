#pragma once

#include <cstdint>
#include <optional>

namespace emu {

// The guest's request to end the run: set by a device (the exit device), polled by backends
// after every port access. Run-end bookkeeping shared by the platform and the backends.
class ExitRequest {
 public:
  void request(std::uint8_t value) { value_ = value; }
  bool pending() const { return value_.has_value(); }
  std::optional<std::uint8_t> value() const { return value_; }
  // The process exit status for a request: (v << 1) | 1 as QEMU's isa-debug-exit, truncated to
  // the 8 bits a process status has.
  static int exit_status(std::uint8_t value) { return ((value << 1) | 1) & 0xFF; }

 private:
  std::optional<std::uint8_t> value_;
};

}  // namespace emu
