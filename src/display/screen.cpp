#include "display/screen.h"

#include "display/font.h"

namespace emu::display {

namespace {

constexpr std::uint32_t text_memory = 0xB8000;
constexpr std::uint32_t graphics_memory = 0xA0000;

std::uint8_t byte_at(const GuestMemory& memory, std::uint32_t address) {
  return address < memory.size() ? memory.data()[address] : 0xFF;
}

// The lines the CRTC displays: vertical display end (12h, with bits 8 and 9 in the overflow
// register 07h) plus one.
unsigned displayed_lines(const VideoState& state) {
  const unsigned end = state.crtc[0x12] | (state.crtc[0x07] & 0x02) << 7 | (state.crtc[0x07] & 0x40) << 3;
  return end + 1;
}

// The DAC entry an attribute colour (0-15) shows: through the attribute palette, with the
// colour select register's bits above it (IBM VGA, attribute controller).
std::uint8_t dac_index(const VideoState& state, unsigned colour) {
  std::uint8_t index = state.attribute[colour & 0x0F] & 0x3F;
  const std::uint8_t select = state.attribute[0x14];
  if (state.attribute[0x10] & 0x80) index = static_cast<std::uint8_t>((index & 0x0F) | (select & 0x03) << 4);
  index = static_cast<std::uint8_t>(index | (select & 0x0C) << 4);
  return index;
}

void put_pixel(Image& image, unsigned x, unsigned y, const Rgb& colour) {
  std::uint8_t* pixel = image.rgb.data() + (std::size_t{y} * image.width + x) * 3;
  for (unsigned c = 0; c < 3; ++c) pixel[c] = colour[c];
}

struct TextGeometry {
  unsigned columns, rows, cell_height, widen;
};

TextGeometry text_geometry(const VideoState& state) {
  const unsigned cell_height = (state.crtc[0x09] & 0x1F) + 1u;
  return {state.crtc[0x01] + 1u, displayed_lines(state) / cell_height, cell_height,
          (state.sequencer[0x01] & 0x08) ? 2u : 1u};  // dot clock halved: 40 columns
}

Rgb dac_rgb(const VideoState& state, std::uint8_t index) {
  const auto& colour = state.dac[index & state.pel_mask];
  return {to_8_bits(colour[0]), to_8_bits(colour[1]), to_8_bits(colour[2])};
}

CellScreen text_cells(const VideoState& state, const GuestMemory& memory) {
  const TextGeometry geometry = text_geometry(state);
  const unsigned stride = state.crtc[0x13] * 2u;  // words a row
  const unsigned start = state.crtc[0x0C] << 8 | state.crtc[0x0D];
  const bool blink = (state.attribute[0x10] & 0x08) != 0;
  CellScreen screen;
  screen.columns = geometry.columns;
  screen.rows = geometry.rows;
  screen.cells.resize(std::size_t{screen.columns} * screen.rows);
  for (unsigned row = 0; row < screen.rows; ++row) {
    for (unsigned column = 0; column < screen.columns; ++column) {
      const unsigned word = (start + row * stride + column) & 0x3FFF;
      const std::uint8_t attribute = byte_at(memory, text_memory + word * 2 + 1);
      // With blinking on, bit 7 blinks the character rather than brightening the background;
      // the screen shows it in its visible phase.
      const unsigned background = blink ? (attribute >> 4) & 0x07 : attribute >> 4;
      screen.cells[row * screen.columns + column] = {byte_at(memory, text_memory + word * 2),
                                                     dac_rgb(state, dac_index(state, attribute & 0x0F)),
                                                     dac_rgb(state, dac_index(state, background))};
    }
  }
  const unsigned cursor = ((state.crtc[0x0E] << 8 | state.crtc[0x0F]) - start) & 0xFFFF;
  screen.cursor_visible = (state.crtc[0x0A] & 0x20) == 0 && cursor < screen.cells.size();
  screen.cursor_row = screen.columns > 0 ? cursor / screen.columns : 0;
  screen.cursor_column = screen.columns > 0 ? cursor % screen.columns : 0;
  return screen;
}

Screen render_text(const VideoState& state, const GuestMemory& memory) {
  const TextGeometry geometry = text_geometry(state);
  const CellScreen text = text_cells(state, memory);
  const unsigned cursor_first = state.crtc[0x0A] & 0x1F;
  const unsigned cursor_last = state.crtc[0x0B] & 0x1F;
  Screen screen;
  Image& image = screen.image;
  image.width = text.columns * 8 * geometry.widen;
  image.height = text.rows * geometry.cell_height;
  image.rgb.assign(std::size_t{image.width} * image.height * 3, 0);
  for (unsigned row = 0; row < text.rows; ++row) {
    for (unsigned column = 0; column < text.columns; ++column) {
      const Cell& cell = text.cells[row * text.columns + column];
      const bool has_cursor = text.cursor_visible && row == text.cursor_row && column == text.cursor_column;
      for (unsigned y = 0; y < geometry.cell_height; ++y) {
        const std::uint8_t bits = y < 16 ? font_8x16[cell.character][y] : 0;
        const bool cursor_line = has_cursor && y >= cursor_first && y <= cursor_last;
        for (unsigned x = 0; x < 8; ++x) {
          const bool lit = cursor_line || (bits & (0x80 >> x)) != 0;
          for (unsigned w = 0; w < geometry.widen; ++w) {
            put_pixel(image, (column * 8 + x) * geometry.widen + w, row * geometry.cell_height + y,
                      lit ? cell.foreground : cell.background);
          }
        }
      }
    }
  }
  return screen;
}

struct GraphicsGeometry {
  unsigned width, height, start;
};

GraphicsGeometry graphics_geometry(const VideoState& state) {
  const unsigned scan_lines = (state.crtc[0x09] & 0x1F) + 1u;
  return {(state.crtc[0x01] + 1u) * 4,  // 8 dots a character clock, 2 a pixel
          displayed_lines(state) / scan_lines / ((state.crtc[0x09] & 0x80) ? 2 : 1),
          (state.crtc[0x0C] << 8 | state.crtc[0x0D]) * 4u};  // doubleword addresses
}

std::uint8_t pixel_256(const GuestMemory& memory, const GraphicsGeometry& geometry, unsigned x, unsigned y) {
  return byte_at(memory, graphics_memory + ((geometry.start + y * geometry.width + x) & 0xFFFF));
}

Screen render_256(const VideoState& state, const GuestMemory& memory) {
  const GraphicsGeometry geometry = graphics_geometry(state);
  Screen screen;
  Image& image = screen.image;
  image.width = geometry.width * 2;
  image.height = geometry.height * 2;
  image.rgb.assign(std::size_t{image.width} * image.height * 3, 0);
  for (unsigned y = 0; y < geometry.height; ++y) {
    for (unsigned x = 0; x < geometry.width; ++x) {
      const Rgb colour = dac_rgb(state, pixel_256(memory, geometry, x, y));
      for (unsigned dy = 0; dy < 2; ++dy) {
        for (unsigned dx = 0; dx < 2; ++dx) put_pixel(image, x * 2 + dx, y * 2 + dy, colour);
      }
    }
  }
  return screen;
}

CellScreen half_block_cells(const VideoState& state, const GuestMemory& memory) {
  const GraphicsGeometry geometry = graphics_geometry(state);
  constexpr std::uint8_t upper_half_block = 0xDF;
  CellScreen screen;
  screen.columns = geometry.width / 2;
  screen.rows = geometry.height / 4;
  screen.cells.resize(std::size_t{screen.columns} * screen.rows);
  // Each half of a cell stands for 2x2 pixels: the first of them that is lit (not entry 0, the
  // usual background), so that thin lines and small text stay visible, else entry 0.
  auto block = [&](unsigned x, unsigned y) {
    for (unsigned dy = 0; dy < 2; ++dy) {
      for (unsigned dx = 0; dx < 2; ++dx) {
        const std::uint8_t index = pixel_256(memory, geometry, x + dx, y + dy);
        if (index != 0) return index;
      }
    }
    return std::uint8_t{0};
  };
  for (unsigned row = 0; row < screen.rows; ++row) {
    for (unsigned column = 0; column < screen.columns; ++column) {
      screen.cells[row * screen.columns + column] = {upper_half_block, dac_rgb(state, block(column * 2, row * 4)),
                                                     dac_rgb(state, block(column * 2, row * 4 + 2))};
    }
  }
  return screen;
}

}  // namespace

CellScreen cells(const VideoState& state, const GuestMemory& memory) {
  const bool graphics = (state.graphics[0x06] & 0x01) != 0;
  if (!graphics) return text_cells(state, memory);
  if (state.attribute[0x10] & 0x40) return half_block_cells(state, memory);
  CellScreen none;
  none.unsupported = "16-colour planar graphics are not drawn by emu's display";
  return none;
}

Screen render(const VideoState& state, const GuestMemory& memory) {
  const bool graphics = (state.graphics[0x06] & 0x01) != 0;
  if (!graphics) return render_text(state, memory);
  if (state.attribute[0x10] & 0x40) return render_256(state, memory);
  return {{}, "16-colour planar graphics are not drawn by emu's display"};
}

}  // namespace emu::display
