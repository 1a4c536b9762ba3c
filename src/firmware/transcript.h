#pragma once

#include <cstdint>
#include <string>

#include "core/byte_sink.h"

namespace emu::bios {

// The characters a guest prints through the BIOS and DOS, as plain UTF-8 text for stdout: code
// page 437 (the PC's character set) translated, a line feed a newline, a backspace kept, a
// carriage return and a bell dropped (they move or sound, they print nothing).
class Transcript {
 public:
  explicit Transcript(ByteSink& out) : out_(out) {}
  void put(std::uint8_t character);

 private:
  ByteSink& out_;
};


}  // namespace emu::bios
