#include "devices/scan_codes.h"

namespace emu {

namespace {

constexpr std::uint8_t extended_prefix = 0xE0;

// The key's code without the E0 prefix, and whether it has one.
struct Code {
  std::uint8_t code;
  bool extended;
};

Code code_of(Key key) {
  const auto index = static_cast<unsigned>(key);
  if (key <= Key::keypad_period) return {static_cast<std::uint8_t>(index + 1), false};  // Esc = 01h, in order
  switch (key) {
    case Key::f11: return {0x57, false};
    case Key::f12: return {0x58, false};
    case Key::up: return {0x48, true};
    case Key::down: return {0x50, true};
    case Key::left: return {0x4B, true};
    case Key::right: return {0x4D, true};
    case Key::home: return {0x47, true};
    case Key::end: return {0x4F, true};
    case Key::page_up: return {0x49, true};
    case Key::page_down: return {0x51, true};
    case Key::insert: return {0x52, true};
    case Key::del: return {0x53, true};
    case Key::right_ctrl: return {0x1D, true};
    case Key::right_alt: return {0x38, true};
    case Key::keypad_enter: return {0x1C, true};
    case Key::keypad_divide: return {0x35, true};
    default: return {0, false};
  }
}

std::vector<std::uint8_t> codes(Key key, bool release) {
  const Code code = code_of(key);
  const auto byte = static_cast<std::uint8_t>(code.code | (release ? 0x80 : 0));
  if (code.extended) return {extended_prefix, byte};
  return {byte};
}

void append(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

}  // namespace

std::vector<std::uint8_t> make_codes(Key key) { return codes(key, false); }
std::vector<std::uint8_t> break_codes(Key key) { return codes(key, true); }

std::vector<std::uint8_t> press_codes(const KeyStroke& stroke) {
  std::vector<std::uint8_t> out;
  if (stroke.modifiers & modifier::ctrl) append(out, make_codes(Key::left_ctrl));
  if (stroke.modifiers & modifier::alt) append(out, make_codes(Key::left_alt));
  if (stroke.modifiers & modifier::shift) append(out, make_codes(Key::left_shift));
  append(out, make_codes(stroke.key));
  return out;
}

std::vector<std::uint8_t> release_codes(const KeyStroke& stroke) {
  std::vector<std::uint8_t> out = break_codes(stroke.key);
  if (stroke.modifiers & modifier::shift) append(out, break_codes(Key::left_shift));
  if (stroke.modifiers & modifier::alt) append(out, break_codes(Key::left_alt));
  if (stroke.modifiers & modifier::ctrl) append(out, break_codes(Key::left_ctrl));
  return out;
}

}  // namespace emu
