#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/error.h"

namespace emu::cli {

// Each parser throws Error(usage) naming the option and the accepted form.

// The usage error for `text` given to --`option`: "invalid value 'TEXT' for --OPTION: expected
// EXPECTED", the value quoted with escapes so that the message stays one line.
Error bad_value(std::string_view option, std::string_view text, std::string_view expected);

// "65536", "0x10000", "64K", "1M", "1088KiB": decimal or 0x-hex, optional K/KiB or M/MiB.
std::uint64_t parse_size(std::string_view option, std::string_view text);

struct SegmentOffset {
  std::uint16_t segment;
  std::uint16_t offset;
};
// "SEG:OFF", each 1-4 hex digits with an optional 0x, as real-mode addresses are written.
SegmentOffset parse_segment_offset(std::string_view option, std::string_view text);

// Seconds as a positive decimal ("2", "0.5"), at most a day.
std::chrono::nanoseconds parse_seconds(std::string_view option, std::string_view text);

}  // namespace emu::cli
