#pragma once

#include <cstdint>

#include "core/bus.h"
#include "core/byte_sink.h"

namespace emu {

// A one-port console: every byte written goes to the sink; a read returns `read_value`
// (0xE9 for the Bochs/QEMU debug console, so a guest can detect it; 0xFF elsewhere).
class ConsolePort final : public BusDevice {
 public:
  ConsolePort(ByteSink& sink, std::uint8_t read_value) : sink_(sink), read_value_(read_value) {}
  std::uint8_t read8(std::uint64_t offset) override;
  void write8(std::uint64_t offset, std::uint8_t value) override;

 private:
  ByteSink& sink_;
  std::uint8_t read_value_;
};

}  // namespace emu
