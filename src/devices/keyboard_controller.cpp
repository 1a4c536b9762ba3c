#include "devices/keyboard_controller.h"

namespace emu {

namespace {

namespace status {
constexpr std::uint8_t output_full = 0x01;
constexpr std::uint8_t system_flag = 0x04;
constexpr std::uint8_t last_was_command = 0x08;
constexpr std::uint8_t not_inhibited = 0x10;
}  // namespace status

namespace reply {
constexpr std::uint8_t ack = 0xFA;
constexpr std::uint8_t resend = 0xFE;
constexpr std::uint8_t self_test_passed = 0xAA;  // the keyboard's, after reset
constexpr std::uint8_t echo = 0xEE;
}  // namespace reply

}  // namespace

KeyboardController::KeyboardController(Wiring wiring) : wiring_(std::move(wiring)) {}

void KeyboardController::update_irq() {
  const bool level = output_.has_value() && interrupts_enabled();
  if (level != irq_level_) {
    irq_level_ = level;
    wiring_.irq1(level);
  }
}

// The controller's own answers go straight into the output buffer, ahead of the keyboard's
// bytes (a program reads them right after its command).
void KeyboardController::to_output(std::uint8_t value) {
  if (output_) from_keyboard_.push_front(*output_);
  output_ = value;
  update_irq();
}

void KeyboardController::fill_output() {
  if (!output_ && !from_keyboard_.empty() && !keyboard_disabled()) {
    output_ = from_keyboard_.front();
    from_keyboard_.pop_front();
  }
  update_irq();
}

void KeyboardController::keyboard_sends(const std::vector<std::uint8_t>& bytes) {
  from_keyboard_.insert(from_keyboard_.end(), bytes.begin(), bytes.end());
  fill_output();
}

std::uint8_t KeyboardController::read_data() {
  if (output_) {
    last_output_ = *output_;
    output_.reset();
  }
  // The line falls with the buffer read; the next byte raises it again (a new edge).
  update_irq();
  fill_output();
  return last_output_;
}

std::uint8_t KeyboardController::read_status() {
  std::uint8_t value = status::not_inhibited;
  if (output_) value |= status::output_full;
  if (command_byte_ & 0x04) value |= status::system_flag;
  if (last_write_was_command_) value |= status::last_was_command;
  return value;
}

void KeyboardController::write_output_port(std::uint8_t value) {
  const bool a20_before = (output_port_ & 0x02) != 0;
  output_port_ = value;
  if (((value & 0x02) != 0) != a20_before) wiring_.a20((value & 0x02) != 0);
  if (!(value & 0x01)) wiring_.reset_pulse();  // the reset line driven low
}

void KeyboardController::write_command(std::uint8_t value) {
  last_write_was_command_ = true;
  pending_ = Pending::none;
  if (value <= 0x3F && value >= 0x20) {  // read controller RAM; byte 0 is the command byte
    to_output(value == 0x20 ? command_byte_ : 0x00);
    return;
  }
  if (value >= 0x60 && value <= 0x7F) {
    if (value == 0x60) pending_ = Pending::command_byte;
    return;
  }
  if (value >= 0xF0) {
    // Pulse output port bits 0-3 where the command's bit is 0; bit 0 is the reset line.
    if (!(value & 0x01)) wiring_.reset_pulse();
    return;
  }
  switch (value) {
    case 0xA7: command_byte_ |= 0x20; break;  // disable the auxiliary device
    case 0xA8: command_byte_ &= ~0x20; break;
    case 0xA9: to_output(0x00); break;  // auxiliary interface test: passed
    case 0xAA:                          // self test
      command_byte_ |= 0x04;
      to_output(0x55);
      break;
    case 0xAB: to_output(0x00); break;  // keyboard interface test: passed
    case 0xAD: command_byte_ |= 0x10; break;
    case 0xAE:
      command_byte_ &= ~0x10;
      fill_output();
      break;
    case 0xC0: to_output(0xBF); break;  // input port: keyboard not inhibited, colour display
    case 0xD0: to_output(static_cast<std::uint8_t>(output_port_ | (output_ ? 0x10 : 0))); break;
    case 0xD1: pending_ = Pending::output_port; break;
    case 0xD2: pending_ = Pending::keyboard_output; break;
    case 0xDD: write_output_port(output_port_ & ~0x02); break;  // A20 off
    case 0xDF: write_output_port(output_port_ | 0x02); break;   // A20 on
    case 0xE0: to_output(0x00); break;                          // test inputs
    default: break;                                             // no auxiliary device: ignored
  }
}

void KeyboardController::write_data(std::uint8_t value) {
  last_write_was_command_ = false;
  const Pending pending = pending_;
  pending_ = Pending::none;
  switch (pending) {
    case Pending::command_byte:
      command_byte_ = value;
      fill_output();
      return;
    case Pending::output_port: write_output_port(value); return;
    case Pending::keyboard_output: to_output(value); return;
    case Pending::keyboard_argument:
      // The second byte of LEDs, scan code set or typematic.
      if (keyboard_command_ == 0xF0 && value == 0) {
        keyboard_sends({reply::ack, 0x41});  // set 2, as translated: 41h
      } else {
        keyboard_sends({reply::ack});
      }
      return;
    case Pending::none: keyboard_command(value); return;
  }
}

void KeyboardController::keyboard_command(std::uint8_t value) {
  switch (value) {
    case 0xFF:  // reset: acknowledge, then the self test's result
      from_keyboard_.clear();
      scanning_ = true;
      keyboard_sends({reply::ack, reply::self_test_passed});
      return;
    case 0xF4:
      scanning_ = true;
      keyboard_sends({reply::ack});
      return;
    case 0xF5:
      scanning_ = false;
      keyboard_sends({reply::ack});
      return;
    case 0xF6: keyboard_sends({reply::ack}); return;
    case 0xEE: keyboard_sends({reply::echo}); return;
    case 0xF2: keyboard_sends({reply::ack, 0xAB, 0x41}); return;  // an MF2 keyboard, translated
    case 0xED:
    case 0xF0:
    case 0xF3:
      keyboard_command_ = value;
      pending_ = Pending::keyboard_argument;
      keyboard_sends({reply::ack});
      return;
    default: keyboard_sends({reply::resend}); return;
  }
}

}  // namespace emu
