#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/guest_memory.h"
#include "core/video_state.h"

namespace emu::display {

// A picture: 24-bit RGB, row by row from the top.
struct Image {
  unsigned width = 0;
  unsigned height = 0;
  std::vector<std::uint8_t> rgb;
  bool operator==(const Image&) const = default;
};

using Rgb = std::array<std::uint8_t, 3>;

// The screen as character cells, for a display made of characters (a terminal): in a text mode
// the VGA's own cells (code page 437 characters, their colours resolved through the attribute
// palette and the DAC to 8-bit RGB) and its cursor; in mode 13h half blocks, each cell two
// pixels one above the other (DFh, the upper half block, in the upper pixel's colour on the
// lower's), 160x50 cells, each half standing for 2x2 pixels (the first lit one: not entry 0).
struct Cell {
  std::uint8_t character = ' ';
  Rgb foreground{};
  Rgb background{};
  bool operator==(const Cell&) const = default;
};
struct CellScreen {
  unsigned columns = 0;
  unsigned rows = 0;
  std::vector<Cell> cells;  // row by row
  bool cursor_visible = false;
  unsigned cursor_row = 0;
  unsigned cursor_column = 0;
  std::string unsupported;  // why there are no cells, or empty
};
CellScreen cells(const VideoState& state, const GuestMemory& memory);

// What the VGA shows, drawn from its registers and video memory as a VGA draws it (docs/display.md):
// the text modes from B800:0000 with the 8x16 font, 8 dots a character (40-column modes
// doubled), the attribute's colours through the attribute palette and the DAC, the cursor;
// mode 13h (256 colours, chained) from A000:0000, each pixel doubled: 640x400 either way. A
// mode the display does not draw (16-colour planar graphics) gives an empty image and `why`.
struct Screen {
  Image image;
  std::string unsupported;  // why nothing was drawn, or empty
};
Screen render(const VideoState& state, const GuestMemory& memory);

// The 6-bit DAC component as 8 bits (63 is 255).
inline std::uint8_t to_8_bits(std::uint8_t component) {
  component &= 0x3F;
  return static_cast<std::uint8_t>(component << 2 | component >> 4);
}

}  // namespace emu::display
