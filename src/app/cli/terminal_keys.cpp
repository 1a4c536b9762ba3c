#include "cli/terminal_keys.h"

#include <array>
#include <string>
#include <utility>

namespace emu::cli {

namespace {

// "ESC [ <number> ~" sequences.
constexpr std::array<std::pair<int, Key>, 18> tilde_keys = {{
    {1, Key::home}, {2, Key::insert}, {3, Key::del}, {4, Key::end}, {5, Key::page_up}, {6, Key::page_down},
    {7, Key::home}, {8, Key::end}, {11, Key::f1}, {12, Key::f2}, {13, Key::f3}, {14, Key::f4},
    {15, Key::f5}, {17, Key::f6}, {18, Key::f7}, {19, Key::f8}, {20, Key::f9}, {21, Key::f10},
}};

std::optional<Key> final_letter_key(char c) {
  switch (c) {
    case 'A': return Key::up;
    case 'B': return Key::down;
    case 'C': return Key::right;
    case 'D': return Key::left;
    case 'H': return Key::home;
    case 'F': return Key::end;
    case 'P': return Key::f1;
    case 'Q': return Key::f2;
    case 'R': return Key::f3;
    case 'S': return Key::f4;
    default: return std::nullopt;
  }
}

std::optional<Key> tilde_key(int number) {
  if (number == 23) return Key::f11;
  if (number == 24) return Key::f12;
  for (const auto& [n, key] : tilde_keys) {
    if (n == number) return key;
  }
  return std::nullopt;
}

// The xterm modifier parameter (1 + shift 1, alt 2, ctrl 4).
std::uint8_t modifiers_of(int parameter) {
  if (parameter < 2) return 0;
  const int bits = parameter - 1;
  return static_cast<std::uint8_t>(((bits & 1) ? modifier::shift : 0) | ((bits & 2) ? modifier::alt : 0) |
                                   ((bits & 4) ? modifier::ctrl : 0));
}

}  // namespace

std::vector<TerminalKey> decode_terminal_bytes(std::string_view bytes) {
  std::vector<TerminalKey> keys;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == quit_byte) {
      keys.push_back({std::nullopt});
      continue;
    }
    if (c == 0x1B) {
      const bool csi = i + 1 < bytes.size() && bytes[i + 1] == '[';
      const bool ss3 = i + 1 < bytes.size() && bytes[i + 1] == 'O';
      if (!csi && !ss3) {
        keys.push_back({KeyStroke{Key::escape}});
        continue;
      }
      // Parameters (digits and ';'), then the final byte.
      std::size_t j = i + 2;
      int numbers[2] = {0, 0};
      int count = 0;
      while (j < bytes.size() && ((bytes[j] >= '0' && bytes[j] <= '9') || bytes[j] == ';')) {
        if (bytes[j] == ';') {
          count = 1;
        } else {
          numbers[count] = numbers[count] * 10 + (bytes[j] - '0');
        }
        ++j;
      }
      if (j >= bytes.size()) {
        keys.push_back({KeyStroke{Key::escape}});  // cut short: Esc, the rest dropped
        break;
      }
      const char final_byte = bytes[j];
      std::optional<Key> key = final_byte == '~' ? tilde_key(numbers[0]) : final_letter_key(final_byte);
      if (key) keys.push_back({KeyStroke{*key, modifiers_of(count == 1 ? numbers[1] : 0)}});
      i = j;
      continue;
    }
    if (c >= 0x01 && c <= 0x1A && c != '\t' && c != '\r' && c != '\n' && c != '\b') {
      keys.push_back({KeyStroke{*key_named(std::string(1, static_cast<char>('a' + c - 1))), modifier::ctrl}});
      continue;
    }
    if (std::optional<KeyStroke> stroke = stroke_for_character(c)) keys.push_back({*stroke});
  }
  return keys;
}

}  // namespace emu::cli
