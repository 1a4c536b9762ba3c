#include "cli/value_parsers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/quoted.h"

namespace emu::cli {

Error bad_value(std::string_view option, std::string_view text, std::string_view expected) {
  return Error(ExitStatus::usage, fmt::format("invalid value {} for --{}: expected {}", quoted(text), option, expected));
}

namespace {

bool starts_with_hex_prefix(std::string_view text) {
  return text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

// Parses all of `text` as an unsigned integer in `base`; nothing on any stray character.
bool parse_unsigned(std::string_view text, int base, std::uint64_t& value) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::uint64_t parse_size(std::string_view option, std::string_view text) {
  constexpr std::string_view expected = "a number (decimal or 0x-hex) with an optional K, KiB, M or MiB suffix";
  std::string_view digits = text;
  std::uint64_t multiplier = 1;
  // Suffixes in any case. A hex number's own digits never end in "k", "m" or "ib".
  auto ends_with_folded = [&](std::string_view suffix) {
    if (digits.size() <= suffix.size()) return false;
    std::string_view tail = digits.substr(digits.size() - suffix.size());
    for (std::size_t i = 0; i < suffix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) return false;
    }
    return true;
  };
  for (auto [suffix, factor] : {std::pair<std::string_view, std::uint64_t>{"kib", 1024},
                                {"mib", 1024 * 1024},
                                {"k", 1024},
                                {"m", 1024 * 1024}}) {
    if (ends_with_folded(suffix)) {
      digits.remove_suffix(suffix.size());
      multiplier = factor;
      break;
    }
  }
  std::uint64_t value = 0;
  bool ok =
      starts_with_hex_prefix(digits) ? parse_unsigned(digits.substr(2), 16, value) : parse_unsigned(digits, 10, value);
  if (!ok || value > std::numeric_limits<std::uint64_t>::max() / multiplier) throw bad_value(option, text, expected);
  return value * multiplier;
}

SegmentOffset parse_segment_offset(std::string_view option, std::string_view text) {
  constexpr std::string_view expected = "SEG:OFF in hex, such as 0000:7c00";
  auto colon = text.find(':');
  if (colon == std::string_view::npos) throw bad_value(option, text, expected);
  auto parse_half = [&](std::string_view half) {
    if (starts_with_hex_prefix(half)) half.remove_prefix(2);
    std::uint64_t value = 0;
    if (half.size() > 4 || !parse_unsigned(half, 16, value)) throw bad_value(option, text, expected);
    return static_cast<std::uint16_t>(value);
  };
  return {parse_half(text.substr(0, colon)), parse_half(text.substr(colon + 1))};
}

std::chrono::nanoseconds parse_seconds(std::string_view option, std::string_view text) {
  constexpr std::string_view expected = "a positive number of seconds, at most 86400";
  constexpr double max_seconds = 86400;
  std::string copy(text);
  double seconds = 0;
  auto [end, error] = std::from_chars(copy.data(), copy.data() + copy.size(), seconds, std::chars_format::fixed);
  if (copy.empty() || error != std::errc() || end != copy.data() + copy.size() || !std::isfinite(seconds) ||
      seconds <= 0 || seconds > max_seconds) {
    throw bad_value(option, text, expected);
  }
  // A positive value below half a nanosecond would round to no time at all: it counts as one.
  return std::chrono::nanoseconds(std::max<std::int64_t>(1, std::llround(seconds * 1e9)));
}

}  // namespace emu::cli
