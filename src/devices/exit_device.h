#pragma once

#include <cstdint>

#include "core/bus.h"
#include "core/exit_request.h"

namespace emu {

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
