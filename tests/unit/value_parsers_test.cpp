#include "cli/value_parsers.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace emu::cli {
namespace {

ExitStatus status_of(auto&& parse) {
  try {
    parse();
  } catch (const Error& error) {
    return error.status();
  }
  return ExitStatus::ok;
}

TEST(ParseSize, AcceptsDecimalHexAndSuffixes) {
  EXPECT_EQ(parse_size("mem", "65536"), 65536u);
  EXPECT_EQ(parse_size("mem", "0x10000"), 0x10000u);
  EXPECT_EQ(parse_size("mem", "0X1f"), 0x1Fu);
  EXPECT_EQ(parse_size("mem", "64K"), 64u * 1024);
  EXPECT_EQ(parse_size("mem", "64k"), 64u * 1024);
  EXPECT_EQ(parse_size("mem", "1M"), 1024u * 1024);
  EXPECT_EQ(parse_size("mem", "1088KiB"), 1088u * 1024);
  EXPECT_EQ(parse_size("mem", "1MiB"), 1024u * 1024);
  EXPECT_EQ(parse_size("mem", "0x10K"), 16u * 1024);
  // Suffixes in any case.
  EXPECT_EQ(parse_size("mem", "1m"), 1024u * 1024);
  EXPECT_EQ(parse_size("mem", "64kib"), 64u * 1024);
  EXPECT_EQ(parse_size("mem", "1MIB"), 1024u * 1024);
  EXPECT_EQ(parse_size("mem", "2Mib"), 2u * 1024 * 1024);
  EXPECT_EQ(parse_size("load", "0"), 0u);
}

TEST(ParseSize, RejectsGarbageWithUsageStatus) {
  for (const char* text :
       {"", "K", "abc", "12x", "-1", "1.5M", "0x", "0xg", "1G", " 1", "1 ", "99999999999999999999"}) {
    EXPECT_EQ(status_of([&] { parse_size("mem", text); }), ExitStatus::usage) << text;
  }
}

TEST(ParseSize, MessageNamesOptionAndValue) {
  try {
    parse_size("mem", "lots");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_STREQ(
        error.what(),
        "invalid value 'lots' for --mem: expected a number (decimal or 0x-hex) with an optional K, KiB, M or MiB suffix");
  }
}

TEST(ParseSegmentOffset, AcceptsHexPairs) {
  auto entry = parse_segment_offset("entry", "07c0:0010");
  EXPECT_EQ(entry.segment, 0x07C0);
  EXPECT_EQ(entry.offset, 0x0010);
  entry = parse_segment_offset("entry", "0xF000:0xFFF0");
  EXPECT_EQ(entry.segment, 0xF000);
  EXPECT_EQ(entry.offset, 0xFFF0);
  entry = parse_segment_offset("entry", "0:7c00");
  EXPECT_EQ(entry.segment, 0);
  EXPECT_EQ(entry.offset, 0x7C00);
}

TEST(ParseSegmentOffset, RejectsMalformed) {
  for (const char* text : {"", "1234", ":", "1:", ":1", "12345:0", "0:12345", "g:0", "0:0:0", "-1:0", "0x:0"}) {
    EXPECT_EQ(status_of([&] { parse_segment_offset("entry", text); }), ExitStatus::usage) << text;
  }
}

TEST(ParseSeconds, AcceptsPositiveDecimals) {
  EXPECT_EQ(parse_seconds("timeout", "2"), std::chrono::seconds(2));
  EXPECT_EQ(parse_seconds("timeout", "0.25"), std::chrono::milliseconds(250));
  EXPECT_EQ(parse_seconds("timeout", "86400"), std::chrono::hours(24));
  // Positive but below a nanosecond (found by cli_fuzz): one nanosecond, not zero.
  EXPECT_EQ(parse_seconds("timeout", "0.00000000000002"), std::chrono::nanoseconds(1));
}

TEST(ParseSeconds, RejectsNonPositiveHugeAndGarbage) {
  for (const char* text : {"", "0", "-1", "abc", "1s", "inf", "nan", "86401", "1e3"}) {
    EXPECT_EQ(status_of([&] { parse_seconds("timeout", text); }), ExitStatus::usage) << text;
  }
}

}  // namespace
}  // namespace emu::cli
