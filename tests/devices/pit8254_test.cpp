// The 8254 against its datasheet (Intel 231164): each mode's count and output over time in
// counter clocks, the access modes, the latch and read-back commands, BCD and the gate.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "devices/pit8254.h"

namespace emu {
namespace {

struct Timer {
  std::vector<std::pair<unsigned, bool>> changes;  // (channel, level) as reported
  Pit8254 pit{[this](unsigned channel, bool level) { changes.emplace_back(channel, level); }};

  // A control word for `channel` with LSB-then-MSB access, then the count, at tick `now`.
  void program(unsigned channel, unsigned mode, std::uint16_t count, std::uint64_t now, bool bcd = false) {
    pit.write(3, static_cast<std::uint8_t>((channel << 6) | 0x30 | (mode << 1) | (bcd ? 1 : 0)), now);
    pit.write(channel, static_cast<std::uint8_t>(count), now);
    pit.write(channel, static_cast<std::uint8_t>(count >> 8), now);
  }
  std::uint16_t read_count(unsigned channel, std::uint64_t now) {
    std::uint8_t low = pit.read(channel, now);
    return static_cast<std::uint16_t>(low | (pit.read(channel, now) << 8));
  }
};

TEST(Pit8254, Mode0CountsDownAndRaisesTheOutputAtTheTerminalCount) {
  Timer t;
  t.program(0, 0, 100, 1000);
  EXPECT_FALSE(t.pit.output(0, 1000));
  EXPECT_EQ(t.read_count(0, 1050), 50);
  EXPECT_FALSE(t.pit.output(0, 1099));
  EXPECT_TRUE(t.pit.output(0, 1100));
  EXPECT_EQ(t.pit.next_rising_edge(0, 1000), 1100u);
  EXPECT_EQ(t.read_count(0, 1101), 0xFFFF) << "the count goes on past zero";
  EXPECT_TRUE(t.pit.output(0, 5000)) << "OUT stays high until a new count or control word";
  EXPECT_FALSE(t.pit.next_rising_edge(0, 1100));
}

TEST(Pit8254, Mode0FirstByteStopsCountingAndSetsTheOutputLow) {
  Timer t;
  t.program(0, 0, 10, 0);
  EXPECT_TRUE(t.pit.output(0, 20));
  t.pit.write(0, 0x20, 30);
  EXPECT_FALSE(t.pit.output(0, 30));
  EXPECT_FALSE(t.pit.output(0, 1000)) << "not counting until the second byte";
  t.pit.write(0, 0x00, 1000);
  EXPECT_TRUE(t.pit.output(0, 1032));
  EXPECT_FALSE(t.pit.output(0, 1031));
}

TEST(Pit8254, Mode2IsARateGeneratorWithAOneClockLowPulse) {
  Timer t;
  t.program(0, 2, 1000, 0);
  EXPECT_TRUE(t.pit.output(0, 0));
  EXPECT_TRUE(t.pit.output(0, 998));
  EXPECT_FALSE(t.pit.output(0, 999));
  EXPECT_TRUE(t.pit.output(0, 1000));
  EXPECT_FALSE(t.pit.output(0, 1999));
  EXPECT_EQ(t.read_count(0, 0), 1000);
  EXPECT_EQ(t.read_count(0, 500), 500);
  EXPECT_EQ(t.read_count(0, 999), 1);
  EXPECT_EQ(t.read_count(0, 1000), 1000);
  EXPECT_EQ(t.pit.next_rising_edge(0, 0), 1000u);
  EXPECT_EQ(t.pit.next_rising_edge(0, 1000), 2000u);
  EXPECT_EQ(t.pit.next_rising_edge(0, 1500), 2000u);
}

TEST(Pit8254, Mode3IsASquareWaveHighForTheLargerHalf) {
  Timer t;
  t.program(0, 3, 10, 0);
  for (std::uint64_t tick = 0; tick < 30; ++tick) {
    EXPECT_EQ(t.pit.output(0, tick), tick % 10 < 5) << "tick " << tick;
  }
  EXPECT_EQ(t.read_count(0, 0), 10);
  EXPECT_EQ(t.read_count(0, 1), 8) << "decremented by two";
  EXPECT_EQ(t.read_count(0, 5), 10) << "reloaded for the low half";
  t.program(1, 3, 11, 0);
  for (std::uint64_t tick = 0; tick < 22; ++tick) {
    EXPECT_EQ(t.pit.output(1, tick), tick % 11 < 6) << "odd count, tick " << tick;
  }
  EXPECT_EQ(t.pit.next_rising_edge(1, 3), 11u);
}

TEST(Pit8254, Mode4StrobesLowForOneClockAfterTheTerminalCount) {
  Timer t;
  t.program(0, 4, 50, 100);
  EXPECT_TRUE(t.pit.output(0, 149));
  EXPECT_FALSE(t.pit.output(0, 150));
  EXPECT_TRUE(t.pit.output(0, 151));
  EXPECT_EQ(t.pit.next_rising_edge(0, 100), 151u);
  EXPECT_TRUE(t.pit.output(0, 150 + 65536)) << "no second strobe";
}

TEST(Pit8254, Modes1And5WaitForTheGatesRisingEdge) {
  Timer t;
  t.pit.set_gate(2, false, 0);
  t.program(2, 1, 20, 0);
  EXPECT_TRUE(t.pit.output(2, 100));
  t.pit.set_gate(2, true, 100);
  EXPECT_FALSE(t.pit.output(2, 100));
  EXPECT_FALSE(t.pit.output(2, 119));
  EXPECT_TRUE(t.pit.output(2, 120));
  t.pit.set_gate(2, false, 200);
  t.pit.set_gate(2, true, 210);  // retriggered
  EXPECT_FALSE(t.pit.output(2, 229));
  EXPECT_TRUE(t.pit.output(2, 230));

  Timer s;
  s.pit.set_gate(2, false, 0);
  s.program(2, 5, 20, 0);
  EXPECT_TRUE(s.pit.output(2, 500));
  s.pit.set_gate(2, true, 500);
  EXPECT_TRUE(s.pit.output(2, 519));
  EXPECT_FALSE(s.pit.output(2, 520));
  EXPECT_TRUE(s.pit.output(2, 521));
}

TEST(Pit8254, GateLowHoldsModes0And2AndForcesMode2High) {
  Timer t;
  t.pit.set_gate(2, false, 0);
  t.program(2, 0, 100, 0);
  EXPECT_EQ(t.read_count(2, 500), 100) << "gate low: no counting";
  t.pit.set_gate(2, true, 500);
  EXPECT_EQ(t.read_count(2, 540), 60);
  t.pit.set_gate(2, false, 540);
  EXPECT_EQ(t.read_count(2, 900), 60);
  t.pit.set_gate(2, true, 900);
  EXPECT_TRUE(t.pit.output(2, 960));
  EXPECT_FALSE(t.pit.output(2, 959));

  Timer r;
  r.program(2, 2, 10, 0);
  EXPECT_FALSE(r.pit.output(2, 9));
  r.pit.set_gate(2, false, 9);
  EXPECT_TRUE(r.pit.output(2, 9)) << "gate low forces OUT high at once";
  r.pit.set_gate(2, true, 50);  // reloads
  EXPECT_EQ(r.read_count(2, 53), 7);
}

TEST(Pit8254, TheLatchCommandFreezesTheCountUntilBothBytesAreRead) {
  Timer t;
  t.program(0, 2, 1000, 0);
  t.pit.write(3, 0x00, 100);  // latch channel 0
  t.pit.write(3, 0x00, 200);  // ignored: already latched
  EXPECT_EQ(t.pit.read(0, 300), 900 & 0xFF);
  EXPECT_EQ(t.pit.read(0, 400), 900 >> 8);
  EXPECT_EQ(t.read_count(0, 400), 600) << "after the latched bytes, live again";
}

TEST(Pit8254, ReadBackLatchesStatusAndCount) {
  Timer t;
  t.pit.write(3, 0xB4, 0);  // channel 2, LSB/MSB, mode 2, binary
  t.pit.write(3, 0xE8, 0);  // read-back status of channel 2
  EXPECT_EQ(t.pit.read(2, 0), 0x80 | 0x40 | 0x34) << "OUT high, null count, the control bits";
  t.pit.write(2, 0x64, 0);
  t.pit.write(2, 0x00, 0);
  t.pit.write(3, 0xC8, 10);  // read-back count and status of channel 2
  EXPECT_EQ(t.pit.read(2, 20), 0x80 | 0x34) << "status first: OUT high, the count now loaded";
  EXPECT_EQ(t.read_count(2, 30), 90) << "the count latched at tick 10";
}

TEST(Pit8254, BcdCountsInDecimal) {
  Timer t;
  t.program(0, 0, 0x0100, 0, true);
  EXPECT_EQ(t.read_count(0, 1), 0x0099);
  EXPECT_TRUE(t.pit.output(0, 100));
  EXPECT_FALSE(t.pit.output(0, 99));
  Timer z;
  z.program(0, 2, 0, 0, true);  // 0 is 10000 in BCD
  EXPECT_EQ(z.pit.next_rising_edge(0, 0), 10000u);
  EXPECT_EQ(z.read_count(0, 1), 0x9999);
}

TEST(Pit8254, LsbOnlyAndMsbOnlyAccessAndCountZeroIs65536) {
  Timer t;
  t.pit.write(3, 0x14, 0);  // channel 0, LSB only, mode 2
  t.pit.write(0, 0x50, 0);
  EXPECT_EQ(t.pit.next_rising_edge(0, 0), 0x50u);
  EXPECT_EQ(t.pit.read(0, 0x10), 0x40);
  t.pit.write(3, 0x24, 0);  // MSB only
  t.pit.write(0, 0x02, 0);
  EXPECT_EQ(t.pit.next_rising_edge(0, 0), 0x200u);
  EXPECT_EQ(t.pit.read(0, 0x100), 0x01);
  t.program(1, 2, 0, 0);
  EXPECT_EQ(t.pit.next_rising_edge(1, 0), 65536u);
}

TEST(Pit8254, AMode2CountWrittenWhileRunningTakesEffectAtTheEndOfThePeriod) {
  Timer t;
  t.program(0, 2, 100, 0);
  t.pit.write(0, 50, 130);
  t.pit.write(0, 0, 130);
  EXPECT_EQ(t.read_count(0, 150), 50) << "the old period runs out first";
  EXPECT_EQ(t.pit.next_rising_edge(0, 150), 200u);
  EXPECT_EQ(t.pit.next_rising_edge(0, 200), 250u);
  EXPECT_EQ(t.read_count(0, 210), 40);
}

TEST(Pit8254, OutputChangesAreReportedAndAMissedPeriodIsAPulse) {
  Timer t;
  t.program(0, 2, 100, 0);
  t.changes.clear();
  t.pit.advance(50);
  EXPECT_TRUE(t.changes.empty());
  t.pit.advance(99);
  ASSERT_EQ(t.changes.size(), 1u);
  EXPECT_EQ(t.changes[0], std::make_pair(0u, false));
  t.pit.advance(100);
  ASSERT_EQ(t.changes.size(), 2u);
  EXPECT_EQ(t.changes[1], std::make_pair(0u, true));
  t.changes.clear();
  t.pit.advance(450);  // three periods went by unseen: one pulse
  ASSERT_EQ(t.changes.size(), 2u);
  EXPECT_EQ(t.changes[0], std::make_pair(0u, false));
  EXPECT_EQ(t.changes[1], std::make_pair(0u, true));
}

// A look that finds the output low again after a rise it has not seen (periods went by while the
// CPU did not run): the rise is reported, the fall waits for the next look. Reported at once,
// the fall would withdraw the request the rise made before the CPU could acknowledge it.
TEST(Pit8254, AFallAfterAnUnseenRiseWaitsForTheNextLook) {
  Timer t;
  t.program(0, 2, 100, 0);  // low at ticks 99, 199, 299, ...
  t.pit.advance(50);
  t.changes.clear();
  t.pit.advance(399);  // inside the fourth low pulse
  ASSERT_EQ(t.changes.size(), 2u);
  EXPECT_EQ(t.changes[0], std::make_pair(0u, false));
  EXPECT_EQ(t.changes[1], std::make_pair(0u, true));
  t.changes.clear();
  t.pit.advance(450);  // the deferred fall, and the rise at 400
  ASSERT_EQ(t.changes.size(), 2u);
  EXPECT_EQ(t.changes[0], std::make_pair(0u, false));
  EXPECT_EQ(t.changes[1], std::make_pair(0u, true));
  t.changes.clear();
  t.pit.advance(499);  // a fall seen as it comes (no rise missed): at once
  ASSERT_EQ(t.changes.size(), 1u);
  EXPECT_EQ(t.changes[0], std::make_pair(0u, false));
}

TEST(Pit8254, TicksAndNanosecondsConvertAtTheCrystalsRate) {
  EXPECT_EQ(Pit8254::ticks_at(1'000'000'000), 1'193'182u);
  EXPECT_EQ(Pit8254::ticks_at(837), 0u);
  EXPECT_EQ(Pit8254::ticks_at(839), 1u);
  EXPECT_EQ(Pit8254::time_of_tick(1), 839u);  // 838.1 ns, rounded up to the first ns at or past it
  for (std::uint64_t tick : {1ull, 65536ull, 1193182ull, 123456789ull}) {
    EXPECT_EQ(Pit8254::ticks_at(Pit8254::time_of_tick(tick)), tick);
    EXPECT_EQ(Pit8254::ticks_at(Pit8254::time_of_tick(tick) - 1), tick - 1);
  }
}

}  // namespace
}  // namespace emu
