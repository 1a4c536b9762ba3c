#pragma once

#include <array>
#include <cstdint>

namespace emu {

// The VGA's registers and DAC as the display reads them to draw the screen (the registers as
// written: src/devices/vga.h; what they mean: src/display/screen.cpp).
struct VideoState {
  std::uint8_t misc_output = 0;
  std::array<std::uint8_t, 5> sequencer{};
  std::array<std::uint8_t, 25> crtc{};
  std::array<std::uint8_t, 21> attribute{};
  std::array<std::uint8_t, 9> graphics{};
  std::array<std::array<std::uint8_t, 3>, 256> dac{};  // 6 bits a component
  std::uint8_t pel_mask = 0xFF;
  bool operator==(const VideoState&) const = default;
};

}  // namespace emu
