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

void put_pixel(Image& image, unsigned x, unsigned y, const std::array<std::uint8_t, 3>& colour) {
  std::uint8_t* pixel = image.rgb.data() + (std::size_t{y} * image.width + x) * 3;
  for (unsigned c = 0; c < 3; ++c) pixel[c] = to_8_bits(colour[c]);
}

Screen render_text(const VideoState& state, const GuestMemory& memory) {
  const unsigned columns = state.crtc[0x01] + 1u;
  const unsigned cell_height = (state.crtc[0x09] & 0x1F) + 1u;
  const unsigned rows = displayed_lines(state) / cell_height;
  const unsigned widen = (state.sequencer[0x01] & 0x08) ? 2 : 1;  // dot clock halved: 40 columns
  const unsigned stride = state.crtc[0x13] * 2u;                  // words a row
  const unsigned start = state.crtc[0x0C] << 8 | state.crtc[0x0D];
  const bool blink = (state.attribute[0x10] & 0x08) != 0;
  Screen screen;
  Image& image = screen.image;
  image.width = columns * 8 * widen;
  image.height = rows * cell_height;
  image.rgb.assign(std::size_t{image.width} * image.height * 3, 0);
  const unsigned cursor = (state.crtc[0x0E] << 8 | state.crtc[0x0F]) - start;
  const bool cursor_on = (state.crtc[0x0A] & 0x20) == 0;
  const unsigned cursor_first = state.crtc[0x0A] & 0x1F;
  const unsigned cursor_last = state.crtc[0x0B] & 0x1F;
  for (unsigned row = 0; row < rows; ++row) {
    for (unsigned column = 0; column < columns; ++column) {
      const unsigned word = (start + row * stride + column) & 0x3FFF;
      const std::uint8_t character = byte_at(memory, text_memory + word * 2);
      const std::uint8_t attribute = byte_at(memory, text_memory + word * 2 + 1);
      // With blinking on, bit 7 blinks the character rather than brightening the background;
      // the picture shows it in its visible phase.
      const unsigned background = blink ? (attribute >> 4) & 0x07 : attribute >> 4;
      const auto& foreground_colour = state.dac[dac_index(state, attribute & 0x0F) & state.pel_mask];
      const auto& background_colour = state.dac[dac_index(state, background) & state.pel_mask];
      const bool has_cursor = cursor_on && row * columns + column == cursor;
      for (unsigned y = 0; y < cell_height; ++y) {
        const std::uint8_t bits = y < 16 ? font_8x16[character][y] : 0;
        const bool cursor_line = has_cursor && y >= cursor_first && y <= cursor_last;
        for (unsigned x = 0; x < 8; ++x) {
          const bool lit = cursor_line || (bits & (0x80 >> x)) != 0;
          for (unsigned w = 0; w < widen; ++w) {
            put_pixel(image, (column * 8 + x) * widen + w, row * cell_height + y, lit ? foreground_colour : background_colour);
          }
        }
      }
    }
  }
  return screen;
}

Screen render_256(const VideoState& state, const GuestMemory& memory) {
  const unsigned width = (state.crtc[0x01] + 1u) * 4;  // 8 dots a character clock, 2 a pixel
  const unsigned scan_lines = (state.crtc[0x09] & 0x1F) + 1u;
  const unsigned height = displayed_lines(state) / scan_lines / ((state.crtc[0x09] & 0x80) ? 2 : 1);
  const unsigned start = (state.crtc[0x0C] << 8 | state.crtc[0x0D]) * 4;  // doubleword addresses
  Screen screen;
  Image& image = screen.image;
  image.width = width * 2;
  image.height = height * 2;
  image.rgb.assign(std::size_t{image.width} * image.height * 3, 0);
  for (unsigned y = 0; y < height; ++y) {
    for (unsigned x = 0; x < width; ++x) {
      const std::uint8_t index = byte_at(memory, graphics_memory + ((start + y * width + x) & 0xFFFF));
      const auto& colour = state.dac[index & state.pel_mask];
      for (unsigned dy = 0; dy < 2; ++dy) {
        for (unsigned dx = 0; dx < 2; ++dx) put_pixel(image, x * 2 + dx, y * 2 + dy, colour);
      }
    }
  }
  return screen;
}

}  // namespace

Screen render(const VideoState& state, const GuestMemory& memory) {
  const bool graphics = (state.graphics[0x06] & 0x01) != 0;
  if (!graphics) return render_text(state, memory);
  if (state.attribute[0x10] & 0x40) return render_256(state, memory);
  return {{}, "16-colour planar graphics are not drawn by emu's display"};
}

}  // namespace emu::display
