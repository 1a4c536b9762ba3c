#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "firmware/bios_context.h"
#include "firmware/hypercall.h"
#include "firmware/keyboard_services.h"
#include "firmware/video.h"

namespace emu::bios {

// Where a .COM program runs, and what it finds there (docs/bios.md).
namespace dos {
inline constexpr std::uint16_t psp_segment = 0x1000;
inline constexpr std::uint16_t environment_segment = 0x0FF0;
inline constexpr std::uint16_t arena_end = ebda_segment;  // memory for programs ends at the EBDA
inline constexpr std::uint32_t max_program_size = 0xFF00;  // 65,280 bytes: a segment less the PSP
inline constexpr std::size_t max_command_tail = 126;       // characters, before the closing CR
}  // namespace dos

// The DOS services a .COM program needs without a file system: character I/O on the BIOS's
// keyboard and screen, vectors, date and time, the memory arena (MCBs, as DOS keeps them, so
// that a program walking them finds what DOS would), version, and the exits. Any other function
// ends the run naming it, never returning something silently wrong.
class DosServices {
 public:
  DosServices(BiosContext& bios, Video& video, KeyboardServices& keyboard) : bios_(bios), video_(video), keyboard_(keyboard) {}

  // Builds the environment, the arena and the PSP, copies the program to PSP:0100; returns the
  // registers it starts with (CS = DS = ES = SS = the PSP; IP = 0100h, SP = FFFEh).
  struct Start {
    std::uint16_t segment, ip, sp, ax, bx, cx, dx, si, di, bp;
  };
  Start load(std::span<const std::uint8_t> program, const std::string& name, const std::string& command_tail);

  // INT 20h, INT 21h, INT 27h. `retry`: the same call again after a wait.
  Action serve(Registers& registers, bool retry);

 private:
  Action function(Registers& registers, bool retry);
  void terminate(std::uint8_t code);
  void output(std::uint8_t character);
  // A key for functions 01h/06h/07h/08h: the character, or (for a key without one) 00h now and
  // its scan code on the next call, as DOS hands out extended keys.
  std::optional<std::uint8_t> input();
  Action buffered_input(Registers& registers, bool retry);
  void allocate(Registers& registers);
  void release(Registers& registers);
  void resize(Registers& registers);
  void date(Registers& registers);
  void time(Registers& registers);

  BiosContext& bios_;
  Video& video_;
  KeyboardServices& keyboard_;
  std::optional<std::uint8_t> pending_scan_code_;  // an extended key's second half
  std::vector<std::uint8_t> line_;                  // AH=0Ah's line while it is typed
  std::uint8_t current_drive_ = 2;                  // C:
};

}  // namespace emu::bios
