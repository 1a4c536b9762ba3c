#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/boot_media.h"
#include "core/bus.h"
#include "core/byte_sink.h"
#include "core/exit_request.h"
#include "core/guest_memory.h"
#include "core/stat_counter.h"
#include "firmware/bios_context.h"
#include "firmware/disk_services.h"
#include "firmware/dos.h"
#include "firmware/keyboard_services.h"
#include "firmware/transcript.h"
#include "firmware/video.h"

namespace emu::bios {

// The BIOS image (src/firmware/bios/*.S, assembled at build time): 64 KiB for F000:0000.
std::span<const std::uint8_t> rom_image();

// What the BIOS reaches of the machine it runs in.
struct BiosWiring {
  GuestMemory& memory;
  Bus& io;
  ExitRequest& exit_request;
  const bool& a20_enabled;
  ByteSink& transcript;
  std::function<bool()> keys_may_come;
  std::function<std::uint64_t()> now_ns;  // device time
  std::function<void(const std::string&)> warn;
  std::function<void(const std::string&)> note;
};

// The host side of emu's BIOS: the device on the hypercall port. Each byte written there is a
// call; the frame the mailbox points at says which service and with what registers (bios.S,
// docs/bios.md), and the answer goes back into it. Opens the disks at construction (throws
// Error(bad_input) for one that cannot be used).
class Bios final : public BusDevice {
 public:
  Bios(BiosWiring wiring, const BootMedia& media);
  // Copies the ROM to F000:0000 (the machine's RAM there; emu has no write-protected ROM).
  static void install_rom(GuestMemory& memory);

  std::uint8_t read8(std::uint64_t) override { return 0xFF; }
  void write8(std::uint64_t offset, std::uint8_t value) override;

  std::vector<StatCounter> stats() const;

 private:
  Action serve(Registers& registers, bool retry);
  void post();
  Action boot();
  void no_boot(const std::string& why);
  Action serial(Registers& registers, bool retry);
  Action system(Registers& registers, bool retry);
  Action rtc_interrupt();
  Action time_of_day(Registers& registers);

  BiosWiring wiring_;
  BiosContext context_;
  Transcript transcript_;
  Video video_;
  KeyboardServices keyboard_;
  DiskServices disks_;
  DosServices dos_;
  BootMedia media_;
  // The call last answered "wait" or "poll" (its frame and return address): the same again is
  // its retry, whatever calls the interrupts taken meanwhile made.
  struct CallKey {
    std::uint16_t ss, sp, cs, ip, service;
    bool operator==(const CallKey&) const = default;
  };
  std::optional<CallKey> waiting_;
  std::uint64_t serial_deadline_ = 0;
  std::uint64_t calls_ = 0;
  std::uint64_t waits_ = 0;
};

}  // namespace emu::bios
