// The VGA's registers and DAC as programs reach them: the retrace and display-enable bits of
// status 1 on the 70 Hz timing, the attribute controller's flip-flop, the CRTC's write protect,
// and the DAC's index sequencing.
#include <gtest/gtest.h>

#include "devices/vga.h"
#include "devices/vga_dac.h"

namespace emu {
namespace {

constexpr unsigned status_1 = 0x1A;
constexpr unsigned attribute = 0x00;
constexpr unsigned crtc_index = 0x14;
constexpr unsigned crtc_data = 0x15;

// Device time of dot `dot` of the first frame (dots of 1 / 25.175 MHz), rounded up.
std::uint64_t time_of_dot(std::uint64_t dot) { return (dot * 1'000'000'000 + Vga::dot_clock_hz - 1) / Vga::dot_clock_hz; }

TEST(Vga, StatusOneShowsTheRetraceFor2LinesOf449At70Hz) {
  Vga vga;
  EXPECT_EQ(vga.read(status_1, 0) & 0x09, 0x00) << "the first visible dot: drawing, no retrace";
  EXPECT_EQ(vga.read(status_1, time_of_dot(640)) & 0x09, 0x01) << "horizontal blanking";
  EXPECT_EQ(vga.read(status_1, time_of_dot(400 * 800)) & 0x09, 0x01) << "below the last visible line";
  EXPECT_EQ(vga.read(status_1, time_of_dot(412 * 800)) & 0x09, 0x09) << "vertical retrace starts at line 412";
  EXPECT_EQ(vga.read(status_1, time_of_dot(414 * 800 - 1)) & 0x08, 0x08);
  EXPECT_EQ(vga.read(status_1, time_of_dot(414 * 800)) & 0x08, 0x00) << "and lasts two lines";
  // 70.087 Hz: frame 70 starts 70 * 449 * 800 dots in.
  const std::uint64_t frame_70 = time_of_dot(70 * 449 * 800);
  EXPECT_EQ(Vga::frame_at(frame_70), 70u);
  EXPECT_EQ(Vga::frame_at(frame_70 - 100), 69u);
  EXPECT_NEAR(static_cast<double>(frame_70), 998.77e6, 0.01e6) << "70 frames in 998.77 ms";
  EXPECT_TRUE(Vga::in_vertical_retrace(frame_70 + time_of_dot(413 * 800)));
}

TEST(Vga, ReadingStatusOneResetsTheAttributeFlipFlop) {
  Vga vga;
  vga.write(attribute, 0x01);  // index 1
  vga.write(attribute, 0x3F);  // its data
  EXPECT_EQ(vga.attribute(1), 0x3F);
  vga.write(attribute, 0x02);  // index 2; the next write would be data...
  (void)vga.read(status_1, 0);  // ...but status 1 resets the flip-flop to index
  vga.write(attribute, 0x10 | 0x20);  // index 10h with the palette address source
  vga.write(attribute, 0x41);
  EXPECT_EQ(vga.attribute(0x10), 0x41);
  EXPECT_EQ(vga.attribute(2), 0x00);
  EXPECT_EQ(vga.read(attribute, 0), 0x30) << "3C0h reads the index and PAS";
  EXPECT_EQ(vga.read(0x01, 0), 0x41) << "3C1h reads the data";
}

TEST(Vga, CrtcRegisters0To7AreLockedByBit7Of11h) {
  Vga vga;
  vga.write(crtc_index, 0x11);
  vga.write(crtc_data, 0x80);
  vga.write(crtc_index, 0x01);
  vga.write(crtc_data, 0x4F);
  EXPECT_EQ(vga.crtc(0x01), 0x00) << "locked";
  vga.write(crtc_index, 0x0E);
  vga.write(crtc_data, 0x12);
  EXPECT_EQ(vga.crtc(0x0E), 0x12) << "the cursor is not";
  vga.write(crtc_index, 0x11);
  vga.write(crtc_data, 0x00);
  vga.write(crtc_index, 0x01);
  vga.write(crtc_data, 0x4F);
  EXPECT_EQ(vga.crtc(0x01), 0x4F);
  EXPECT_EQ(vga.read(crtc_data, 0), 0x4F);
  vga.write(crtc_index, 0x40);
  EXPECT_EQ(vga.read(crtc_data, 0), 0xFF) << "past the registers";
}

TEST(VgaDac, WritesAndReadsRunThroughRedGreenBlueAndOnToTheNextIndex) {
  VgaDac dac;
  dac.write(2, 5);  // write index 5
  for (std::uint8_t value : {10, 20, 30, 0x7F, 41, 42}) dac.write(3, value);
  EXPECT_EQ(dac.colour(5), (VgaDac::Colour{10, 20, 30}));
  EXPECT_EQ(dac.colour(6), (VgaDac::Colour{0x3F, 41, 42})) << "six bits a component";
  EXPECT_EQ(dac.read(2), 7) << "the write index moved on";
  dac.write(1, 6);  // read index 6
  EXPECT_EQ(dac.read(1), 0x03) << "the DAC state: reading";
  EXPECT_EQ(dac.read(3), 0x3F);
  EXPECT_EQ(dac.read(3), 41);
  EXPECT_EQ(dac.read(3), 42);
  EXPECT_EQ(dac.read(3), 0) << "index 7's red";
  dac.write(2, 9);
  dac.write(3, 1);  // a write index set mid-colour starts afresh
  dac.write(2, 9);
  for (std::uint8_t value : {4, 5, 6}) dac.write(3, value);
  EXPECT_EQ(dac.colour(9), (VgaDac::Colour{4, 5, 6}));
}

}  // namespace
}  // namespace emu
