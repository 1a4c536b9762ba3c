#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/guest_memory.h"
#include "core/video_state.h"

namespace emu::display {

// Whether what the VGA shows may have changed since the last look: its state and video memory
// (A000:0000-B800:7FFF) compared with a copy of the last ones. A display that finds nothing
// changed draws nothing, so an unchanging screen costs one comparison a refresh.
class ScreenWatch {
 public:
  bool changed(const VideoState& state, const GuestMemory& memory);
  // The next look counts as a change (the display lost what it showed: a window exposed anew).
  void forget() { state_.reset(); }

 private:
  std::optional<VideoState> state_;
  std::vector<std::uint8_t> memory_;
};

}  // namespace emu::display
