#pragma once

#include <array>
#include <cstdint>

namespace emu::display {

// The VGA's 8x16 character set in code page 437 order (generated at build time: font_builder,
// docs/display.md): 16 rows of 8 pixels a character, bit 7 the leftmost.
extern const std::array<std::array<std::uint8_t, 16>, 256> font_8x16;

}  // namespace emu::display
