#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

namespace emu {

// The PC/AT's 8042 keyboard controller with its keyboard (IBM, PC/AT Technical Reference,
// "Keyboard Controller"; the 8042's command set as every AT-compatible BIOS uses it): the data
// port (0x60) and the status/command port (0x64), the command byte, self test, the output port
// (A20, the reset line), the keyboard's commands (reset, enable, LEDs, echo, identify, scan code
// set, typematic) and its bytes on IRQ1 while the output buffer is full.
//
// The state at start is the one a PC's BIOS leaves (emu has no BIOS yet): command byte 45h
// (IRQ1 enabled, system flag, translation), the keyboard enabled and scanning, A20 off. Codes
// are always scan code set 1, the translated set a BIOS runs with (docs/devices.md).
class KeyboardController {
 public:
  struct Wiring {
    std::function<void(bool)> irq1;         // IRQ1's level
    std::function<void()> reset_pulse;      // the CPU reset line pulsed (command FEh, output port bit 0)
    std::function<void(bool)> a20;          // the output port's A20 line
  };
  explicit KeyboardController(Wiring wiring);

  std::uint8_t read_data();    // port 0x60
  std::uint8_t read_status();  // port 0x64
  void write_data(std::uint8_t value);
  void write_command(std::uint8_t value);

  // Bytes the keyboard sends (scan codes), after any it has not sent yet.
  void keyboard_sends(const std::vector<std::uint8_t>& bytes);
  // True when the keyboard has sent everything and scans: ready for the next key.
  bool ready_for_keys() const { return from_keyboard_.empty() && scanning_ && !keyboard_disabled(); }
  // Whether bytes from the keyboard are still to be read (sent, or in the output buffer).
  bool holds_keyboard_bytes() const { return !from_keyboard_.empty() || output_.has_value(); }
  // Whether IRQ1 can be raised (the command byte's interrupt enable).
  bool interrupts_enabled() const { return (command_byte_ & 0x01) != 0; }

 private:
  enum class Pending : std::uint8_t { none, command_byte, output_port, keyboard_output, keyboard_argument };
  bool keyboard_disabled() const { return (command_byte_ & 0x10) != 0; }
  void to_output(std::uint8_t value);
  void fill_output();
  void update_irq();
  void keyboard_command(std::uint8_t value);
  void write_output_port(std::uint8_t value);

  Wiring wiring_;
  std::deque<std::uint8_t> from_keyboard_;  // sent by the keyboard, not yet in the output buffer
  std::optional<std::uint8_t> output_;      // the output buffer (OBF while set)
  std::uint8_t last_output_ = 0;            // what port 0x60 reads with the buffer empty
  std::uint8_t command_byte_ = 0x45;
  std::uint8_t output_port_ = 0x01;         // reset line high (not in reset), A20 low
  Pending pending_ = Pending::none;
  std::uint8_t keyboard_command_ = 0;       // the keyboard command waiting for its argument
  bool last_write_was_command_ = false;
  bool scanning_ = true;
  bool irq_level_ = false;
};

}  // namespace emu
