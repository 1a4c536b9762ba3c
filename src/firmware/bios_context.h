#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <string>

#include "core/bus.h"
#include "core/exit_request.h"
#include "firmware/frame.h"
#include "firmware/guest_ram.h"

namespace emu::bios {

// What the BIOS's services share: guest RAM, the machine's ports (read and written as the guest
// would, so that the devices see what a PC BIOS would do to them), the run's end, and the lines
// for the user. (The transcript of what the guest prints is the video service's.)
struct BiosContext {
  GuestRam ram;
  Bus& io;
  ExitRequest& exit_request;
  // Whether a key may still arrive (scripted keys left, the keyboard's input still open, bytes
  // on their way through the keyboard controller).
  std::function<bool()> keys_may_come;
  // A line for stderr now (a disk write that failed), and one for -v.
  std::function<void(const std::string&)> warn;
  std::function<void(const std::string&)> note;

  // The INT instruction that made the call (two bytes before the return address), as messages
  // name places: "1234:0105".
  static std::string caller(const Registers& registers) {
    return fmt::format("{:04x}:{:04x}", registers.cs, static_cast<std::uint16_t>(registers.ip - 2));
  }

  // The RTC's CMOS registers through ports 70h/71h, as the guest would reach them.
  std::uint8_t cmos(std::uint8_t index) {
    io.write(0x70, 1, index);
    return static_cast<std::uint8_t>(io.read(0x71, 1));
  }
  void set_cmos(std::uint8_t index, std::uint8_t value) {
    io.write(0x70, 1, index);
    io.write(0x71, 1, value);
  }
  // An RTC time or date register as a number, and as BCD, whichever mode the RTC is in (register
  // B bit 2: binary); and one written from BCD.
  static std::uint8_t from_bcd(std::uint8_t value) { return static_cast<std::uint8_t>((value >> 4) * 10 + (value & 0x0F)); }
  static std::uint8_t to_bcd(unsigned value) { return static_cast<std::uint8_t>((value / 10 % 10) << 4 | value % 10); }
  bool rtc_binary() { return (cmos(0x0B) & 0x04) != 0; }
  unsigned rtc_value(std::uint8_t index) { return rtc_binary() ? cmos(index) : from_bcd(cmos(index)); }
  std::uint8_t rtc_bcd(std::uint8_t index) { return rtc_binary() ? to_bcd(cmos(index)) : cmos(index); }
  void set_rtc_bcd(std::uint8_t index, std::uint8_t bcd) { set_cmos(index, rtc_binary() ? from_bcd(bcd) : bcd); }

  // An IRQ handler's end of interrupt: the slave's too for IRQ8-15.
  void end_of_interrupt(bool slave) {
    if (slave) io.write(0xA0, 1, 0x20);
    io.write(0x20, 1, 0x20);
  }

  // Ends the run: a service the BIOS does not provide (status 8, one line naming it).
  void not_provided(const Registers& registers, const std::string& what) {
    exit_request.request_end({ExitRequest::EndKind::not_provided, 8,
                              fmt::format("{} is not provided (called at {})", what, caller(registers))});
  }
};

}  // namespace emu::bios
