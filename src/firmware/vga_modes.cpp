#include "firmware/vga_modes.h"

namespace emu::bios {

namespace {

// The text modes' attribute palette: colours 0-15 to DAC entries 00h-05h, 14h (brown), 07h,
// 38h-3Fh; mode control 0Ch (blink, line graphics), overscan 0, all planes, no panning.
constexpr std::array<std::uint8_t, 21> text_attributes{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A,
                                                       0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00};
constexpr std::array<std::uint8_t, 9> text_graphics{0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF};

constexpr VgaModeRegisters text_40{
    0x67,
    {0x03, 0x08, 0x03, 0x00, 0x02},
    {0x2D, 0x27, 0x28, 0x90, 0x2B, 0xA0, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x8E,
     0x8F, 0x14, 0x1F, 0x96, 0xB9, 0xA3, 0xFF},
    text_attributes,
    text_graphics};

constexpr VgaModeRegisters text_80{
    0x67,
    {0x03, 0x00, 0x03, 0x00, 0x02},
    {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x8E,
     0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF},
    text_attributes,
    text_graphics};

constexpr VgaModeRegisters graphics_320x200x256{
    0x63,
    {0x03, 0x01, 0x0F, 0x00, 0x0E},
    {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x8E,
     0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF},
    {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x41, 0x00, 0x0F,
     0x00, 0x00},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF}};

// A component of the EGA's 64 colours: the high bit (2/3 intensity) and the low one (1/3).
std::uint8_t ega_component(unsigned colour, unsigned high_bit, unsigned low_bit) {
  return static_cast<std::uint8_t>(((colour >> high_bit) & 1) * 42 + ((colour >> low_bit) & 1) * 21);
}

}  // namespace

std::optional<VgaModeRegisters> vga_mode_registers(std::uint8_t mode) {
  switch (mode) {
    case 0x00:
    case 0x01: return text_40;
    case 0x02:
    case 0x03: return text_80;
    case 0x13: return graphics_320x200x256;
    default: return std::nullopt;
  }
}

std::array<DacColour, 64> ega_palette() {
  std::array<DacColour, 64> palette{};
  for (unsigned colour = 0; colour < 64; ++colour) {
    // Bits: 0 blue, 1 green, 2 red (2/3 intensity); 3 blue, 4 green, 5 red (1/3).
    palette[colour] = {ega_component(colour, 2, 5), ega_component(colour, 1, 4), ega_component(colour, 0, 3)};
  }
  return palette;
}

std::array<DacColour, 256> vga_default_palette() {
  std::array<DacColour, 256> palette{};
  // 00h-0Fh: the 16 colours of the text modes (brown's green at half: 21).
  constexpr std::uint8_t colours16[16][3] = {{0, 0, 0},    {0, 0, 42},   {0, 42, 0},   {0, 42, 42},
                                             {42, 0, 0},   {42, 0, 42},  {42, 21, 0},  {42, 42, 42},
                                             {21, 21, 21}, {21, 21, 63}, {21, 63, 21}, {21, 63, 63},
                                             {63, 21, 21}, {63, 21, 63}, {63, 63, 21}, {63, 63, 63}};
  for (unsigned i = 0; i < 16; ++i) palette[i] = {colours16[i][0], colours16[i][1], colours16[i][2]};
  // 10h-1Fh: greys.
  constexpr std::uint8_t greys[16] = {0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50, 56, 63};
  for (unsigned i = 0; i < 16; ++i) palette[0x10 + i] = {greys[i], greys[i], greys[i]};
  // 20h-F7h: for each intensity (63, 28, 16) and saturation (the low component of three), 24
  // hues around the wheel blue, magenta, red, yellow, green, cyan: one component rising or
  // falling between the low and the high in four steps while the others stand.
  constexpr std::uint8_t levels[3][3][5] = {
      {{0, 16, 31, 47, 63}, {31, 39, 47, 55, 63}, {45, 49, 54, 58, 63}},
      {{0, 7, 14, 21, 28}, {14, 17, 21, 24, 28}, {20, 22, 24, 26, 28}},
      {{0, 4, 8, 12, 16}, {8, 10, 12, 14, 16}, {11, 12, 13, 15, 16}},
  };
  unsigned index = 0x20;
  for (const auto& intensity : levels) {
    for (const auto& steps : intensity) {
      const std::uint8_t low = steps[0];
      const std::uint8_t high = steps[4];
      // Starting at blue (low, low, high): red rises, blue falls, green rises, red falls, blue
      // rises, green falls.
      std::uint8_t rgb[3] = {low, low, high};
      const struct {
        unsigned component;
        bool rising;
      } moves[6] = {{0, true}, {2, false}, {1, true}, {0, false}, {2, true}, {1, false}};
      for (const auto& move : moves) {
        for (unsigned step = 0; step < 4; ++step) {
          palette[index++] = {rgb[0], rgb[1], rgb[2]};
          rgb[move.component] = move.rising ? steps[step + 1] : steps[3 - step];
        }
      }
    }
  }
  // F8h-FFh stay black.
  return palette;
}

}  // namespace emu::bios
