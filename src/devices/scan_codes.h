#pragma once

#include <cstdint>
#include <vector>

#include "core/keys.h"

namespace emu {

// Scan code set 1 (the IBM PC/XT set, which the AT's 8042 produces from the keyboard's set 2
// when translating, as every PC BIOS sets it up): make codes, break codes (make | 80h), the
// gray keys of the 101-key layout prefixed with E0h (IBM, Keyboard/Auxiliary Device Controller,
// scan code tables).
std::vector<std::uint8_t> make_codes(Key key);
std::vector<std::uint8_t> break_codes(Key key);

// A stroke's press (the modifiers' makes, then the key's) and release (the key's break, then
// the modifiers').
std::vector<std::uint8_t> press_codes(const KeyStroke& stroke);
std::vector<std::uint8_t> release_codes(const KeyStroke& stroke);

}  // namespace emu
