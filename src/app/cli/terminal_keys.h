#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/keys.h"

namespace emu::cli {

// What a terminal in raw mode sends for each key, turned back into keys: printable characters
// (US layout), Enter, Tab, Backspace, Ctrl+letter (bytes 01h-1Ah), Esc, and the escape
// sequences of xterm-like terminals for the arrows, Home/End, Insert/Delete, PgUp/PgDn and
// F1-F12 (both the CSI and the SS3 forms). Ctrl+] (1Dh) is emu's quit key, not a key for the
// guest. A lone ESC, or ESC followed by what no sequence starts with, is the Esc key.
struct TerminalKey {
  std::optional<KeyStroke> stroke;  // nothing: the quit key
  bool operator==(const TerminalKey&) const = default;
};

inline constexpr char quit_byte = 0x1D;  // Ctrl+]

// The keys in `bytes`; bytes that name no key (other control bytes, an unknown sequence's
// rest) are dropped.
std::vector<TerminalKey> decode_terminal_bytes(std::string_view bytes);

}  // namespace emu::cli
