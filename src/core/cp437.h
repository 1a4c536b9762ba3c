#pragma once

#include <cstdint>
#include <string>

namespace emu {

// Code page 437, the PC's character set: a character as Unicode and as UTF-8 (the glyph a PC
// shows for it; 00h is a space, 01h-1Fh and 7Fh the PC's symbols). The Unicode Consortium's
// mapping for 80h-FFh.
char32_t cp437_to_unicode(std::uint8_t character);
std::string cp437_to_utf8(std::uint8_t character);

}  // namespace emu
