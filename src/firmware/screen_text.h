#pragma once

#include <optional>
#include <string>

#include "core/guest_memory.h"

namespace emu::bios {

// The text screen as the BIOS data area describes it (mode, columns, rows, the active page) and
// video memory at B800:0000 holds it: one line per row, UTF-8 (code page 437), trailing blanks
// removed. Nothing when the screen is in a graphics mode. A machine whose BDA was never set up
// (a flat guest on the pc machine) is read as 80x25 at B800:0000.
std::optional<std::string> screen_text(const GuestMemory& memory);

}  // namespace emu::bios
