#pragma once

#include <cstdint>
#include <optional>

#include "core/bus.h"

namespace emu {

// The guest's request to end the run, set by the exit device and polled by backends after
// every port access.
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

// QEMU isa-debug-exit convention: writing v ends the run with status (v << 1) | 1.
// Reads return 0xFF like an unassigned port.
class ExitDevice final : public BusDevice {
 public:
  explicit ExitDevice(ExitRequest& request) : request_(request) {}
  std::uint8_t read8(std::uint64_t offset) override;
  void write8(std::uint64_t offset, std::uint8_t value) override;

 private:
  ExitRequest& request_;
};

}  // namespace emu
