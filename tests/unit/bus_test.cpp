#include "core/bus.h"

#include <gtest/gtest.h>

#include <map>

#include "core/error.h"

namespace emu {
namespace {

// Remembers writes per offset and answers reads with offset + 0x10.
class RecordingDevice final : public BusDevice {
 public:
  std::uint8_t read8(std::uint64_t offset) override { return static_cast<std::uint8_t>(offset + 0x10); }
  void write8(std::uint64_t offset, std::uint8_t value) override { writes.emplace_back(offset, value); }
  std::vector<std::pair<std::uint64_t, std::uint8_t>> writes;
};

TEST(Bus, UnassignedReadsAllOnesAndIgnoresWrites) {
  Bus bus("test");
  EXPECT_EQ(bus.read(0x80, 1), 0xFFu);
  EXPECT_EQ(bus.read(0x300, 2), 0xFFFFu);
  EXPECT_EQ(bus.read(0x300, 4), 0xFFFFFFFFu);
  EXPECT_EQ(bus.read(0x100000, 8), 0xFFFFFFFFFFFFFFFFull);
  bus.write(0x80, 1, 0x12);  // must not crash or be observable
  EXPECT_EQ(bus.read(0x80, 1), 0xFFu);
}

TEST(Bus, DispatchesWithOffsetWithinTheDevice) {
  Bus bus("test");
  RecordingDevice device;
  bus.map(0x40, 4, device);
  EXPECT_EQ(bus.read(0x42, 1), 0x12u);
  bus.write(0x43, 1, 0xAB);
  ASSERT_EQ(device.writes.size(), 1u);
  EXPECT_EQ(device.writes[0], std::make_pair(std::uint64_t{3}, std::uint8_t{0xAB}));
}

TEST(Bus, WideAccessSplitsIntoLittleEndianBytes) {
  Bus bus("test");
  RecordingDevice device;
  bus.map(0x40, 2, device);
  bus.write(0x40, 4, 0x44332211);
  ASSERT_EQ(device.writes.size(), 2u);  // 0x42 and 0x43 are unassigned
  EXPECT_EQ(device.writes[0].second, 0x11);
  EXPECT_EQ(device.writes[1].second, 0x22);
  // Bytes beyond the device read as unassigned.
  EXPECT_EQ(bus.read(0x40, 4), 0xFFFF1110u);
  EXPECT_EQ(bus.read(0x3F, 2), 0x10FFu);
}

TEST(Bus, OverlappingMappingsAreRejected) {
  Bus bus("test");
  RecordingDevice a;
  RecordingDevice b;
  bus.map(0x40, 4, a);
  EXPECT_THROW(bus.map(0x43, 1, b), Error);
  EXPECT_THROW(bus.map(0x3F, 2, b), Error);
  bus.map(0x44, 1, b);
  EXPECT_EQ(bus.read(0x44, 1), 0x10u);
}

}  // namespace
}  // namespace emu
