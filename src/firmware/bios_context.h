#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <string>

#include "core/bus.h"
#include "core/byte_sink.h"
#include "core/exit_request.h"
#include "firmware/frame.h"
#include "firmware/guest_ram.h"

namespace emu::bios {

// What the BIOS's services share: guest RAM, the machine's ports (read and written as the guest
// would, so that the devices see what a PC BIOS would do to them), the transcript of what the
// guest prints, the run's end, and the lines for the user.
struct BiosContext {
  GuestRam ram;
  Bus& io;
  ByteSink& transcript;
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

  // Ends the run: a service the BIOS does not provide (status 8, one line naming it).
  void not_provided(const Registers& registers, const std::string& what) {
    exit_request.request_end({ExitRequest::EndKind::not_provided, 8,
                              fmt::format("{} is not provided (called at {})", what, caller(registers))});
  }
};

}  // namespace emu::bios
