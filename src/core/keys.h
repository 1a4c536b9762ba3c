#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace emu {

// The keys of a US 101-key PC keyboard that emu can type (--keys, the terminal, piped input),
// named as --keys names them (docs/devices.md).
enum class Key : std::uint8_t {
  // Main block, in scan-code order.
  escape, digit1, digit2, digit3, digit4, digit5, digit6, digit7, digit8, digit9, digit0, minus, equals, backspace,
  tab, q, w, e, r, t, y, u, i, o, p, left_bracket, right_bracket, enter,
  left_ctrl, a, s, d, f, g, h, j, k, l, semicolon, apostrophe, backquote,
  left_shift, backslash, z, x, c, v, b, n, m, comma, period, slash, right_shift,
  keypad_multiply, left_alt, space, caps_lock,
  f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, num_lock, scroll_lock,
  keypad7, keypad8, keypad9, keypad_minus, keypad4, keypad5, keypad6, keypad_plus, keypad1, keypad2, keypad3,
  keypad0, keypad_period, f11, f12,
  // The gray keys of the 101-key layout (E0-prefixed in scan code set 1).
  up, down, left, right, home, end, page_up, page_down, insert, del, right_ctrl, right_alt, keypad_enter,
  keypad_divide,
};

// Modifier keys held around a key.
namespace modifier {
inline constexpr std::uint8_t shift = 1;
inline constexpr std::uint8_t ctrl = 2;
inline constexpr std::uint8_t alt = 4;
}  // namespace modifier

// One press and release of `key` with `modifiers` held.
struct KeyStroke {
  Key key;
  std::uint8_t modifiers = 0;
  bool operator==(const KeyStroke&) const = default;
};

// The stroke that types character `c` on a US layout (shift for capitals and the upper row of
// symbols; '\n' and '\r' are Enter, '\t' Tab, '\b' and 0x7F Backspace, 0x1B Escape), if any.
std::optional<KeyStroke> stroke_for_character(char c);

// A key by its --keys name ("esc", "up", "f1", "a", "pgdn", ...), if any.
std::optional<Key> key_named(std::string_view name);

}  // namespace emu
