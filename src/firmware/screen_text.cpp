#include "firmware/screen_text.h"

#include "firmware/bda.h"
#include "core/cp437.h"

namespace emu::bios {

namespace {

constexpr std::uint32_t text_memory = 0xB8000;
constexpr std::uint32_t bda_base = bda::segment * 16;

}  // namespace

std::optional<std::string> screen_text(const GuestMemory& memory) {
  auto byte = [&](std::uint32_t address) -> std::uint8_t { return address < memory.size() ? memory.data()[address] : 0; };
  auto word = [&](std::uint32_t address) { return static_cast<std::uint16_t>(byte(address) | byte(address + 1) << 8); };
  const std::uint8_t mode = byte(bda_base + bda::video_mode) & 0x7F;
  if (mode > 0x03 && mode != 0x07) return std::nullopt;
  unsigned columns = word(bda_base + bda::video_columns);
  unsigned rows = byte(bda_base + bda::video_rows) + 1u;
  if (columns == 0 || columns > 132) columns = 80;
  if (rows < 2 || rows > 60) rows = 25;
  const std::uint32_t start = text_memory + word(bda_base + bda::video_page_offset);
  std::string text;
  for (unsigned row = 0; row < rows; ++row) {
    std::string line;
    std::size_t kept = 0;  // the line's length without its trailing blanks
    for (unsigned column = 0; column < columns; ++column) {
      const std::uint8_t character = byte(start + (row * columns + column) * 2);
      line += character == 0 || character == ' ' ? std::string(" ") : cp437_to_utf8(character);
      if (character != 0 && character != ' ') kept = line.size();
    }
    line.resize(kept);
    text += line;
    text += '\n';
  }
  return text;
}

}  // namespace emu::bios
