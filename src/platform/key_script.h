#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/keys.h"

namespace emu {

// One step of a key script: a stroke, or a pause in device time.
struct KeyAction {
  std::optional<KeyStroke> stroke;
  std::uint64_t pause_ns = 0;
  bool operator==(const KeyAction&) const = default;
};

// The --keys syntax (docs/cli.md): each character typed as on a US keyboard (capitals and
// shifted symbols with Shift); escapes \n Enter, \t Tab, \e Esc, \b Backspace, \\ and \{ the
// characters themselves; {NAME} a named key (esc, enter, up, f1, pgdn, ...); {ctrl+c},
// {alt+f4}, {ctrl+alt+del}, {shift+tab}: modifiers joined with '+'; {wait:N} a pause of N
// milliseconds. Throws Error(usage) naming the problem and where it is.
std::vector<KeyAction> parse_key_script(std::string_view text);

}  // namespace emu
