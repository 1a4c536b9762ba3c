#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/display_sink.h"
#include "display/screen.h"
#include "display/screen_watch.h"
#include "platform/machine.h"

namespace emu::cli {

// --display terminal: the guest's screen drawn in place on the terminal that is stdout, with
// ANSI escapes and 24-bit colour (docs/display.md): the text modes cell for cell, mode 13h as
// half blocks. Each refresh sends only the cells that changed, at most every 20 ms of host time
// (the refreshes come every second frame of device time). finish() draws the last screen and
// leaves the terminal as it was (colours reset, the cursor shown, on the line below the screen);
// the destructor does the same if finish() was not reached (an error, a signal).
class TerminalDisplay final : public DisplaySink {
 public:
  static constexpr std::uint64_t frames_between_refreshes = 2;

  TerminalDisplay(Machine& machine, int fd) : machine_(machine), fd_(fd) {}
  TerminalDisplay(const TerminalDisplay&) = delete;
  TerminalDisplay& operator=(const TerminalDisplay&) = delete;
  ~TerminalDisplay() override { restore(); }

  void refresh(std::uint64_t frame) override;
  void finish();
  std::uint64_t draws() const { return draws_; }

 private:
  void draw();
  void restore();
  void send(const std::string& bytes);

  Machine& machine_;
  int fd_;
  display::CellScreen shown_;  // what the terminal shows
  display::ScreenWatch watch_;  // a refresh that finds nothing changed sends nothing
  bool started_ = false;
  bool restored_ = false;
  bool failed_ = false;  // a write failed: draw no more (the output's own error reports it)
  std::chrono::steady_clock::time_point last_draw_{};
  std::uint64_t draws_ = 0;
};

}  // namespace emu::cli
