#pragma once

#include <cstdint>
#include <optional>

#include "firmware/bios_context.h"
#include "firmware/hypercall.h"

namespace emu::bios {

// The keyboard as the PC BIOS serves it: INT 09h turns scan codes (set 1, from port 60h) into
// shift states and characters in the BDA's buffer, INT 16h hands them to programs. Characters
// and the shift-state bits are the IBM PC/AT Technical Reference's (US layout).
class KeyboardServices {
 public:
  explicit KeyboardServices(BiosContext& bios) : bios_(bios) {}

  void initialize();
  // INT 09h (IRQ1): one byte from the keyboard controller, then the end of interrupt.
  Action interrupt();
  // INT 16h.
  Action serve(Registers& registers);

  // Reads the next key (AH = scan code, AL = character) if there is one; DOS's input uses it.
  // `extended`: as INT 16h AH=10h (gray keys with E0h, F11/F12); else as AH=00h.
  std::optional<std::uint16_t> take_key(bool extended);
  std::optional<std::uint16_t> peek_key(bool extended);
  // Empties the buffer (DOS AH=0Ch).
  void flush();
  // A service finding no key: wait for one, or, when none can come any more, end the run
  // (input exhausted), the message naming the caller and what it asked.
  Action wait_for_key(const Registers& registers, const std::string& what);

 private:
  void scan_code(std::uint8_t code);
  std::optional<std::uint16_t> translate(std::uint8_t code, bool extended);
  bool store(std::uint16_t key);
  std::uint16_t buffer_next(std::uint16_t offset) const;

  BiosContext& bios_;
};

}  // namespace emu::bios
