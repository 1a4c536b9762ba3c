#include "platform/key_script.h"

#include <fmt/format.h>

#include <charconv>

#include "core/error.h"
#include "core/quoted.h"

namespace emu {

namespace {

Error script_error(std::string_view problem, std::size_t at) {
  return Error(ExitStatus::usage, fmt::format("--keys: {} at offset {}", problem, at));
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The inside of {...} at offset `at`.
KeyAction braced(std::string_view inside, std::size_t at) {
  const std::string name = lower(inside);
  if (name.starts_with("wait:")) {
    std::string_view digits = std::string_view(name).substr(5);
    std::uint64_t ms = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || ms > 86'400'000) {
      throw script_error(fmt::format("{{wait:N}} needs N in milliseconds (0 to 86400000), not {}", quoted(digits)), at);
    }
    return {std::nullopt, ms * 1'000'000};
  }
  KeyStroke stroke{Key::escape, 0};
  std::string_view rest = name;
  for (;;) {
    const std::size_t plus = rest.find('+', 1);  // a key named "+" is the last part
    if (plus == std::string_view::npos) break;
    const std::string_view part = rest.substr(0, plus);
    if (part == "ctrl") {
      stroke.modifiers |= modifier::ctrl;
    } else if (part == "alt") {
      stroke.modifiers |= modifier::alt;
    } else if (part == "shift") {
      stroke.modifiers |= modifier::shift;
    } else {
      throw script_error(fmt::format("unknown modifier {} (ctrl, alt, shift)", quoted(part)), at);
    }
    rest = rest.substr(plus + 1);
  }
  if (std::optional<Key> key = key_named(rest)) {
    stroke.key = *key;
    return {stroke, 0};
  }
  throw script_error(fmt::format("unknown key {}", quoted(rest)), at);
}

}  // namespace

std::vector<KeyAction> parse_key_script(std::string_view text) {
  std::vector<KeyAction> actions;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      if (i + 1 >= text.size()) throw script_error("a backslash ends the text", i);
      const char next = text[++i];
      const char typed = next == 'n' ? '\n' : next == 't' ? '\t' : next == 'e' ? '\x1b' : next == 'b' ? '\b' : next;
      if (next != 'n' && next != 't' && next != 'e' && next != 'b' && next != '\\' && next != '{') {
        throw script_error(fmt::format("unknown escape {}", quoted(std::string{'\\', next})), i - 1);
      }
      actions.push_back({stroke_for_character(typed), 0});
      continue;
    }
    if (c == '{') {
      const std::size_t close = text.find('}', i + 1);
      if (close == std::string_view::npos) throw script_error("a '{' without its '}'", i);
      actions.push_back(braced(text.substr(i + 1, close - i - 1), i));
      i = close;
      continue;
    }
    std::optional<KeyStroke> stroke = stroke_for_character(c);
    if (!stroke) {
      throw script_error(fmt::format("no key types {} on a US keyboard", quoted(std::string(1, c))), i);
    }
    actions.push_back({stroke, 0});
  }
  return actions;
}

}  // namespace emu
