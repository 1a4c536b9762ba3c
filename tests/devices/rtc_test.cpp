// The MC146818 against its datasheet: time and date fields in BCD and binary, 12- and 24-hour
// mode, the SET bit, the calendar's rollovers, UIP, the periodic, update-ended and alarm flags
// and IRQ8, the CMOS RAM.
#include <gtest/gtest.h>

#include <vector>

#include "devices/rtc.h"

namespace emu {
namespace {

constexpr std::uint64_t second = 1'000'000'000;
constexpr std::int64_t y2000 = 946'684'800;  // 2000-01-01 00:00:00, a Saturday

struct Clock {
  explicit Clock(std::int64_t start = y2000) : rtc(start, 0, [this](bool level) { irq.push_back(level); }) {}
  std::uint8_t get(unsigned index, std::uint64_t now) {
    rtc.write(0, static_cast<std::uint8_t>(index), now);
    return rtc.read(1, now);
  }
  void set(unsigned index, std::uint8_t value, std::uint64_t now) {
    rtc.write(0, static_cast<std::uint8_t>(index), now);
    rtc.write(1, value, now);
  }
  std::vector<bool> irq;
  Rtc rtc;
};

TEST(Rtc, TimeAndDateInBcdFromTheStart) {
  Clock c;
  EXPECT_EQ(c.get(0x00, 0), 0x00);
  EXPECT_EQ(c.get(0x09, 0), 0x00);
  EXPECT_EQ(c.get(0x08, 0), 0x01);
  EXPECT_EQ(c.get(0x07, 0), 0x01);
  EXPECT_EQ(c.get(0x06, 0), 0x07) << "Saturday is day 7 (Sunday is 1)";
  EXPECT_EQ(c.get(0x32, 0), 0x20) << "the century byte of the AT's CMOS";
  const std::uint64_t later = (13 * 3600 + 45 * 60 + 59) * second;
  EXPECT_EQ(c.get(0x04, later), 0x13);
  EXPECT_EQ(c.get(0x02, later), 0x45);
  EXPECT_EQ(c.get(0x00, later), 0x59);
}

TEST(Rtc, BinaryAndTwelveHourModes) {
  Clock c;
  const std::uint64_t afternoon = (13 * 3600 + 5 * 60) * second;
  c.set(0x0B, 0x00, 0);  // BCD, 12-hour
  EXPECT_EQ(c.get(0x04, afternoon), 0x81) << "1 PM: bit 7 set";
  EXPECT_EQ(c.get(0x04, 0), 0x12) << "midnight is 12 AM";
  c.set(0x0B, 0x06, 0);  // binary, 24-hour
  EXPECT_EQ(c.get(0x04, afternoon), 13);
  EXPECT_EQ(c.get(0x02, afternoon), 5);
}

TEST(Rtc, TheSetBitHoldsTheClockWhileItIsWritten) {
  Clock c;
  c.set(0x0B, 0x82, 0);  // SET, 24-hour, BCD
  c.set(0x09, 0x24, 0);
  c.set(0x08, 0x02, 0);
  c.set(0x07, 0x28, 0);
  c.set(0x04, 0x23, 0);
  c.set(0x02, 0x59, 0);
  c.set(0x00, 0x59, 0);
  EXPECT_EQ(c.get(0x00, 5 * second), 0x59) << "held";
  c.set(0x0B, 0x02, 10 * second);
  EXPECT_EQ(c.get(0x00, 10 * second), 0x59);
  // One second on: 2024-02-29 (a leap day) 00:00:00, a Thursday.
  EXPECT_EQ(c.get(0x07, 11 * second), 0x29);
  EXPECT_EQ(c.get(0x08, 11 * second), 0x02);
  EXPECT_EQ(c.get(0x04, 11 * second), 0x00);
  EXPECT_EQ(c.get(0x06, 11 * second), 0x05);
  // A day on: March 1st.
  EXPECT_EQ(c.get(0x07, (11 + 86400) * second), 0x01);
  EXPECT_EQ(c.get(0x08, (11 + 86400) * second), 0x03);
}

TEST(Rtc, WritingAFieldWhileRunningKeepsTheClockGoing) {
  Clock c;
  c.set(0x02, 0x30, 0);
  EXPECT_EQ(c.get(0x02, 0), 0x30);
  EXPECT_EQ(c.get(0x02, 60 * second), 0x31);
}

TEST(Rtc, UpdateInProgressInTheLast244MicrosecondsOfASecond) {
  Clock c;
  EXPECT_EQ(c.get(0x0A, second - 245'000) & 0x80, 0);
  EXPECT_EQ(c.get(0x0A, second - 244'000) & 0x80, 0x80);
  EXPECT_EQ(c.get(0x0A, second) & 0x80, 0);
  EXPECT_EQ(c.get(0x0A, 0) & 0x7F, 0x26) << "32.768 kHz, 1,024 Hz periodic rate";
}

TEST(Rtc, PeriodicInterruptsAt1024HzUntilRegisterCIsRead) {
  Clock c;
  c.set(0x0B, 0x42, 0);  // PIE
  EXPECT_EQ(c.rtc.next_event(0), 976'563u) << "1/1024 s, rounded up to a nanosecond";
  c.rtc.advance(976'562);
  EXPECT_TRUE(c.irq.empty());
  c.rtc.advance(976'563);
  EXPECT_EQ(c.irq, (std::vector<bool>{true}));
  EXPECT_FALSE(c.rtc.next_event(976'563)) << "pending until register C is read";
  EXPECT_EQ(c.get(0x0C, 1'000'000), 0xC0) << "IRQF and PF";
  EXPECT_EQ(c.irq, (std::vector<bool>{true, false}));
  EXPECT_EQ(c.get(0x0C, 1'000'000), 0x00) << "reading cleared them";
  c.set(0x0A, 0x2F, 1'000'000);  // rate 15: 2 Hz
  EXPECT_EQ(c.rtc.next_event(1'000'000), 500'000'000u);
}

TEST(Rtc, UpdateEndedAndAlarmFlags) {
  Clock c;
  c.set(0x0B, 0x12, 0);  // UIE
  EXPECT_EQ(c.rtc.next_event(0), second);
  c.rtc.advance(second);
  EXPECT_EQ(c.get(0x0C, second), 0xD0) << "IRQF, UF, and PF: flagged at the periodic rate whatever PIE says";
  c.set(0x0B, 0x22, second);  // AIE only
  c.set(0x01, 0x05, second);  // alarm at hh:mm:05 ...
  c.set(0x03, 0xC0, second);  // ... any minute
  c.set(0x05, 0xFF, second);  // ... any hour
  c.rtc.advance(4 * second);
  EXPECT_EQ(c.get(0x0C, 4 * second) & 0xA0, 0x00);
  c.rtc.advance(5 * second);
  EXPECT_EQ(c.get(0x0C, 5 * second), 0xF0) << "IRQF, AF (and PF, UF: flagged whatever PIE and UIE say)";
}

TEST(Rtc, CmosRamKeepsWhatIsWrittenAndRegisterDSaysValid) {
  Clock c;
  c.set(0x40, 0xA5, 0);
  EXPECT_EQ(c.get(0x40, 0), 0xA5);
  EXPECT_EQ(c.get(0x0D, 0), 0x80);
  EXPECT_EQ(c.get(0x15, 0) | (c.get(0x16, 0) << 8), 640) << "base memory in KiB";
  EXPECT_EQ(c.rtc.read(0, 0), 0xFF) << "the index port reads nothing back";
  c.rtc.write(0, 0x80 | 0x40, 0);  // the NMI mask bit does not change the index
  EXPECT_EQ(c.rtc.read(1, 0), 0xA5);
}

}  // namespace
}  // namespace emu
