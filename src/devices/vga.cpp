#include "devices/vga.h"

namespace emu {

namespace {

// Offsets from 3C0h.
constexpr unsigned attribute_address = 0x00;
constexpr unsigned attribute_read = 0x01;
constexpr unsigned misc_write = 0x02;  // 3C2h (reads: input status 0)
constexpr unsigned sequencer_address = 0x04;
constexpr unsigned sequencer_data = 0x05;
constexpr unsigned feature_read = 0x0A;  // 3CAh
constexpr unsigned misc_read = 0x0C;     // 3CCh
constexpr unsigned graphics_address = 0x0E;
constexpr unsigned graphics_data = 0x0F;
constexpr unsigned crtc_address = 0x14;  // 3D4h
constexpr unsigned crtc_data = 0x15;     // 3D5h
constexpr unsigned input_status_1 = 0x1A;  // 3DAh (writes: feature control)

constexpr std::uint64_t retrace_first_line = 412;
constexpr std::uint64_t retrace_lines = 2;
constexpr std::uint64_t visible_lines = 400;
constexpr std::uint64_t visible_dots = 640;

// The dot of the frame at device time `ns`, counted from the frame's first visible dot.
std::uint64_t dot_in_frame(std::uint64_t ns) {
  const auto dots = static_cast<unsigned __int128>(ns) * Vga::dot_clock_hz / 1'000'000'000u;
  return static_cast<std::uint64_t>(dots % (Vga::dots_per_line * Vga::lines_per_frame));
}

}  // namespace

bool Vga::in_vertical_retrace(std::uint64_t ns) {
  const std::uint64_t line = dot_in_frame(ns) / dots_per_line;
  return line >= retrace_first_line && line < retrace_first_line + retrace_lines;
}

std::uint64_t Vga::frame_at(std::uint64_t ns) {
  const auto dots = static_cast<unsigned __int128>(ns) * dot_clock_hz / 1'000'000'000u;
  return static_cast<std::uint64_t>(dots / (dots_per_line * lines_per_frame));
}

std::uint64_t Vga::time_of_frame(std::uint64_t frame) {
  const auto dots = static_cast<unsigned __int128>(frame) * dots_per_line * lines_per_frame;
  return static_cast<std::uint64_t>((dots * 1'000'000'000u + dot_clock_hz - 1) / dot_clock_hz);
}

std::uint8_t Vga::read(unsigned offset, std::uint64_t now_ns) {
  switch (offset) {
    case attribute_address: return static_cast<std::uint8_t>(attribute_index_);
    case attribute_read: return attribute_[(attribute_index_ & 0x1F) % attribute_.size()];
    case sequencer_address: return sequencer_index_;
    case sequencer_data: return sequencer_[sequencer_index_ % sequencer_.size()];
    case feature_read: return feature_control_;
    case misc_read: return misc_output_;
    case graphics_address: return graphics_index_;
    case graphics_data: return graphics_[graphics_index_ % graphics_.size()];
    case crtc_address: return crtc_index_;
    case crtc_data: return crtc_index_ < crtc_.size() ? crtc_[crtc_index_] : 0xFF;
    case input_status_1: {
      attribute_data_next_ = false;  // reading status 1 resets the attribute flip-flop
      const std::uint64_t dot = dot_in_frame(now_ns);
      const std::uint64_t line = dot / dots_per_line;
      std::uint8_t status = 0;
      if (line >= visible_lines || dot % dots_per_line >= visible_dots) status |= 0x01;
      if (line >= retrace_first_line && line < retrace_first_line + retrace_lines) status |= 0x08;
      return status;
    }
    default: return 0xFF;
  }
}

void Vga::write(unsigned offset, std::uint8_t value) {
  switch (offset) {
    case attribute_address:
      if (attribute_data_next_) {
        const unsigned index = attribute_index_ & 0x1F;
        if (index < attribute_.size()) attribute_[index] = value;
      } else {
        attribute_index_ = value & 0x3F;
      }
      attribute_data_next_ = !attribute_data_next_;
      break;
    case misc_write: misc_output_ = value; break;
    case sequencer_address: sequencer_index_ = value; break;
    case sequencer_data:
      if (sequencer_index_ < sequencer_.size()) sequencer_[sequencer_index_] = value;
      break;
    case graphics_address: graphics_index_ = value; break;
    case graphics_data:
      if (graphics_index_ < graphics_.size()) graphics_[graphics_index_] = value;
      break;
    case crtc_address: crtc_index_ = value; break;
    case crtc_data:
      // Registers 00h-07h are locked while bit 7 of 11h is set (except 07h's line compare bit).
      if (crtc_index_ < 0x08 && (crtc_[0x11] & 0x80) && crtc_index_ != 0x07) break;
      if (crtc_index_ < crtc_.size()) crtc_[crtc_index_] = value;
      break;
    case input_status_1: feature_control_ = value; break;
    default: break;
  }
}

}  // namespace emu
