#pragma once

#include <array>
#include <cstdint>

namespace emu {

// The VGA's registers other than the DAC (IBM, *VGA Technical Reference*; the register sets as
// every VGA has them): the attribute controller (3C0h, its index/data flip-flop reset by reading
// 3DAh; 3C1h reads), the miscellaneous output register (3C2h, read at 3CCh), the sequencer
// (3C4h/3C5h), the graphics controller (3CEh/3CFh), the CRT controller (3D4h/3D5h) and input
// status 1 (3DAh). Registers are kept as written; the screen is drawn from them elsewhere.
//
// Status 1 follows device time on the 400-line timing of modes 03h and 13h (25.175 MHz dot clock,
// 800 dots a line, 449 lines a frame: 70.087 Hz): bit 3 is set during vertical retrace (lines
// 412-413), bit 0 while the display is not drawing (dots 640-799 of a line, lines 400-448).
class Vga {
 public:
  // Offsets from 3C0h (3C0h-3CFh, 3D4h = 14h, 3D5h = 15h, 3DAh = 1Ah); DAC offsets are not here.
  std::uint8_t read(unsigned offset, std::uint64_t now_ns);
  void write(unsigned offset, std::uint8_t value);

  static constexpr std::uint64_t dot_clock_hz = 25'175'000;
  static constexpr std::uint64_t dots_per_line = 800;
  static constexpr std::uint64_t lines_per_frame = 449;
  // Whether device time `ns` falls in vertical retrace; the frame it is in (for the display).
  static bool in_vertical_retrace(std::uint64_t ns);
  static std::uint64_t frame_at(std::uint64_t ns);
  // The device time frame `frame` starts at (the first at or after it, to the nanosecond).
  static std::uint64_t time_of_frame(std::uint64_t frame);

  std::uint8_t crtc(unsigned index) const { return crtc_[index % crtc_.size()]; }
  std::uint8_t attribute(unsigned index) const { return attribute_[index % attribute_.size()]; }
  std::uint8_t graphics(unsigned index) const { return graphics_[index % graphics_.size()]; }
  std::uint8_t sequencer(unsigned index) const { return sequencer_[index % sequencer_.size()]; }
  std::uint8_t misc_output() const { return misc_output_; }

 private:
  std::array<std::uint8_t, 0x19> crtc_{};
  std::array<std::uint8_t, 0x15> attribute_{};
  std::array<std::uint8_t, 0x09> graphics_{};
  std::array<std::uint8_t, 0x05> sequencer_{};
  std::uint8_t crtc_index_ = 0;
  std::uint8_t attribute_index_ = 0;  // with bit 5, the palette address source
  bool attribute_data_next_ = false;  // the flip-flop: the next 3C0h write is data
  std::uint8_t graphics_index_ = 0;
  std::uint8_t sequencer_index_ = 0;
  std::uint8_t misc_output_ = 0x67;  // colour, 3Dxh addresses, 28 MHz clock (the text modes')
  std::uint8_t feature_control_ = 0;
};

}  // namespace emu
