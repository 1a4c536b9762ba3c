#include <gtest/gtest.h>

#include <thread>

#include "core/device_clock.h"

namespace emu {
namespace {

TEST(DeviceClock, VirtualTimeIsTheInstructionCountAtTheChosenRate) {
  DeviceClock clock(DeviceClock::Kind::virtual_time, 50'000'000);
  EXPECT_EQ(clock.now(), 0u) << "no counter yet: time stands still";
  std::uint64_t count = 0;
  clock.follow_instructions(&count);
  count = 3;
  EXPECT_EQ(clock.now(), 60u);
  count = 50'000'000;
  EXPECT_EQ(clock.now(), 1'000'000'000u);
}

TEST(DeviceClock, InstructionsUntilIsTheFirstCountAtOrPastATime) {
  DeviceClock clock(DeviceClock::Kind::virtual_time, 3'000'000);  // 333.3 ns each
  std::uint64_t count = 0;
  clock.follow_instructions(&count);
  for (std::uint64_t time : {1ull, 333ull, 334ull, 1000ull, 54'925'000ull}) {
    count = clock.instructions_until(time);
    EXPECT_GE(clock.now(), time);
    --count;
    EXPECT_LT(clock.now(), time);
  }
  count = 10;
  EXPECT_EQ(clock.instructions_until(0), 10u) << "a past time: now";
}

TEST(DeviceClock, SkippingMovesVirtualTimeWithoutInstructions) {
  DeviceClock clock(DeviceClock::Kind::virtual_time, 1'000'000'000);
  std::uint64_t count = 5;
  clock.follow_instructions(&count);
  clock.skip_to(1000);
  EXPECT_EQ(clock.now(), 1000u);
  clock.skip_to(10);  // never backwards
  EXPECT_EQ(clock.now(), 1000u);
  count = 7;
  EXPECT_EQ(clock.now(), 1002u);
  EXPECT_EQ(clock.instructions_until(2000), 1005u);
}

// While a debugger holds the guest, host device time stands still, and goes on from there.
TEST(DeviceClock, HostTimeStandsStillWhilePaused) {
  DeviceClock clock(DeviceClock::Kind::host);
  clock.pause();
  EXPECT_TRUE(clock.paused());
  const std::uint64_t at_pause = clock.now();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(clock.now(), at_pause);
  clock.resume();
  EXPECT_FALSE(clock.paused());
  const std::uint64_t after = clock.now();
  EXPECT_GE(after, at_pause);
  EXPECT_LT(after - at_pause, 25'000'000u) << "the 30 ms paused did not pass for the devices";
  // Virtual time has nothing to pause.
  DeviceClock virtual_clock(DeviceClock::Kind::virtual_time);
  virtual_clock.pause();
  EXPECT_FALSE(virtual_clock.paused());
}

TEST(DeviceClock, HostTimeFollowsTheMonotonicClock) {
  DeviceClock clock(DeviceClock::Kind::host);
  const std::uint64_t before = clock.now();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::uint64_t after = clock.now();
  EXPECT_GE(after - before, 5'000'000u);
  EXPECT_EQ(clock.host_time_of(after) - clock.host_time_of(before), std::chrono::nanoseconds(after - before));
}

}  // namespace
}  // namespace emu
