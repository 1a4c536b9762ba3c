#include "display/screen_watch.h"

#include <algorithm>

namespace emu::display {

namespace {

constexpr std::uint32_t video_memory = 0xA0000;
constexpr std::uint32_t video_memory_size = 0x20000;

}  // namespace

bool ScreenWatch::changed(const VideoState& state, const GuestMemory& memory) {
  const auto video = memory.span(video_memory, video_memory_size);
  if (!video) return true;  // a machine too small to have video memory: nothing to compare
  if (state_ == state && std::equal(video->begin(), video->end(), memory_.begin(), memory_.end())) return false;
  state_ = state;
  memory_.assign(video->begin(), video->end());
  return true;
}

}  // namespace emu::display
