#pragma once

#include <cstdint>

namespace emu {

// What shows the screen while the guest runs (a series of pictures; the terminal and a window
// to come): the platform calls refresh() as device time reaches the start of a frame it asked for
// (the VGA's 70.087 Hz), in whatever backend runs. The sink reads the screen itself
// (Platform::video_state, guest RAM).
class DisplaySink {
 public:
  virtual ~DisplaySink() = default;
  virtual void refresh(std::uint64_t frame) = 0;
};

}  // namespace emu
