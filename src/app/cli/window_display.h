#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/display_sink.h"
#include "core/stop_request.h"
#include "display/screen.h"
#include "display/screen_watch.h"
#include "platform/machine.h"

namespace emu::cli {

// --display window: the guest's screen in an SDL2 window (Debian's libsdl2-2.0-0, loaded when
// the window is asked for, so that emu itself depends on the C library alone), scaled, with the
// keyboard read from the window (keys typed on the guest's keyboard) and closing the window
// ending the run as Ctrl+] does (status 18). Each refresh draws the picture --screenshot would
// write (display::render), at every frame of device time but at most every 10 ms of host time,
// and takes the window's events.
// Throws Error(backend_unavailable) when SDL cannot be loaded or opens no window.
class WindowDisplay final : public DisplaySink {
 public:
  // Every frame: an animation paced by the retrace is shown at its 70 Hz.
  static constexpr std::uint64_t frames_between_refreshes = 1;

  WindowDisplay(Machine& machine, StopRequest& stop, unsigned scale = 2);
  WindowDisplay(const WindowDisplay&) = delete;
  WindowDisplay& operator=(const WindowDisplay&) = delete;
  ~WindowDisplay() override;

  void refresh(std::uint64_t frame) override;
  // Draws the last screen (whatever the time since the previous).
  void finish();
  // What the window shows now, read back from its renderer (for the tests).
  std::optional<display::Image> read_back();
  std::uint64_t draws() const { return draws_; }

  class Sdl;  // the library's functions (window_display.cpp)

 private:
  // Starts SDL's video with a window and its renderer: "" or why not (and SDL stopped again).
  std::string open();
  void close();
  void draw();
  void take_events();

  Machine& machine_;
  StopRequest& stop_;
  unsigned scale_;
  std::unique_ptr<Sdl> sdl_;
  void* window_ = nullptr;
  void* renderer_ = nullptr;
  void* texture_ = nullptr;
  unsigned texture_width_ = 0;
  unsigned texture_height_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
  display::ScreenWatch watch_;  // a refresh that finds nothing changed draws nothing
  std::uint64_t draws_ = 0;
};

}  // namespace emu::cli
