#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace emu::bios {

// A video mode's VGA register values as the IBM VGA BIOS's parameter table sets them (IBM, *VGA
// Technical Reference*, "Video BIOS" mode tables): what INT 10h AH=00h programs, so that the
// hardware (and emu's display, which draws from the registers) is in the mode the BDA says.
struct VgaModeRegisters {
  std::uint8_t misc_output;
  std::array<std::uint8_t, 5> sequencer;
  std::array<std::uint8_t, 25> crtc;
  std::array<std::uint8_t, 21> attribute;
  std::array<std::uint8_t, 9> graphics;
};

// Modes 00h-03h and 13h.
std::optional<VgaModeRegisters> vga_mode_registers(std::uint8_t mode);

// The DAC's colours a mode set loads (6 bits a component): for the text modes the 64 colours of
// the EGA's rgbRGB scheme (entries 00h-3Fh), for mode 13h the VGA's 256-colour default (16 EGA
// colours, 16 greys, 216 hues in 3 intensities and 3 saturations, 8 black).
using DacColour = std::array<std::uint8_t, 3>;
std::array<DacColour, 64> ega_palette();
std::array<DacColour, 256> vga_default_palette();

}  // namespace emu::bios
