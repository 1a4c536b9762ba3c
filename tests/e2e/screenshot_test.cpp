// --screenshot: the final screen as a PNG, compared pixel for pixel with pictures the test draws
// itself from video memory, the font and the colours a VGA shows by default (not from emu's own
// drawing code), on both backends.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "display/font.h"
#include "display/png.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

std::string boot_image(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/bios/" + name + ".img"; }

std::vector<std::string> backends() {
  std::vector<std::string> names{"interp"};
  if (!kvm_unusable_reason()) names.push_back("kvm");
  return names;
}

using Rgb = std::array<std::uint8_t, 3>;

// The 16 colours of the text modes as a VGA shows them by default (the CGA's, brown included):
// 6-bit 0, 21, 42, 63 are 8-bit 0, 85, 170, 255.
Rgb text_colour(unsigned index) {
  const std::uint8_t low = (index & 8) ? 0x55 : 0x00;
  auto level = [&](unsigned bit) { return static_cast<std::uint8_t>(((index & bit) ? 0xAA : 0x00) + low); };
  Rgb colour{level(4), level(2), level(1)};
  if (index == 6) colour = {0xAA, 0x55, 0x00};  // brown
  return colour;
}

display::Image expected_text_screen(const std::vector<std::uint8_t>& ram, unsigned cursor_row, unsigned cursor_column) {
  display::Image image;
  image.width = 640;
  image.height = 400;
  image.rgb.resize(640 * 400 * 3);
  for (unsigned row = 0; row < 25; ++row) {
    for (unsigned column = 0; column < 80; ++column) {
      const std::uint8_t character = ram.at(0xB8000 + (row * 80 + column) * 2);
      const std::uint8_t attribute = ram.at(0xB8000 + (row * 80 + column) * 2 + 1);
      const Rgb foreground = text_colour(attribute & 0x0F);
      const Rgb background = text_colour((attribute >> 4) & 0x07);  // bit 7 blinks
      for (unsigned y = 0; y < 16; ++y) {
        const bool cursor = row == cursor_row && column == cursor_column && (y == 13 || y == 14);
        for (unsigned x = 0; x < 8; ++x) {
          const bool lit = cursor || (display::font_8x16[character][y] & (0x80 >> x)) != 0;
          const Rgb& colour = lit ? foreground : background;
          std::copy(colour.begin(), colour.end(), image.rgb.begin() + ((row * 16 + y) * 640 + column * 8 + x) * 3);
        }
      }
    }
  }
  return image;
}

std::optional<display::Image> read_png(const std::string& path) { return display::decode_png(read_file(path)); }

TEST(Screenshot, TheTextScreenIsDrawnWithTheFontInTheDefaultColours) {
  TempDir dir;
  std::optional<display::Image> first;
  for (const std::string& backend : backends()) {
    ProcessResult run = run_emu({"--accel=" + backend, "--boot", boot_image("screen"), "--screenshot",
                                 dir.file("screen.png"), "--dump-mem", dir.file("ram.bin")});
    ASSERT_EQ(run.exit_status, 0) << backend << ": " << run.err;
    std::optional<display::Image> picture = read_png(dir.file("screen.png"));
    ASSERT_TRUE(picture) << backend << ": not a PNG";
    // The guest left the cursor at row 20, column 4 (after "done"), an underline in lines 13-14.
    const display::Image expected = expected_text_screen(read_file(dir.file("ram.bin")), 20, 4);
    ASSERT_EQ(picture->width, expected.width);
    ASSERT_EQ(picture->height, expected.height);
    std::size_t differing = 0;
    for (std::size_t i = 0; i < expected.rgb.size(); ++i) differing += picture->rgb[i] != expected.rgb[i];
    EXPECT_EQ(differing, 0u) << backend;
    if (first) {
      EXPECT_EQ(*picture, *first) << backend << " draws another picture than interp";
    }
    first = picture;
  }
}

TEST(Screenshot, Mode13hIsDrawnPixelForPixelInTheDefaultPalette) {
  TempDir dir;
  std::optional<display::Image> first;
  for (const std::string& backend : backends()) {
    ProcessResult run = run_emu({"--accel=" + backend, "--boot", boot_image("mode13"), "--screenshot",
                                 dir.file("mode13.png"), "--dump-mem", dir.file("ram.bin")});
    ASSERT_EQ(run.exit_status, 0) << backend << ": " << run.err;
    std::optional<display::Image> picture = read_png(dir.file("mode13.png"));
    ASSERT_TRUE(picture) << backend;
    ASSERT_EQ(picture->width, 640u);
    ASSERT_EQ(picture->height, 400u);
    const std::vector<std::uint8_t> ram = read_file(dir.file("ram.bin"));
    // The colours: entry 1 as the guest set it, (10, 20, 30); the VGA's default palette (IBM
    // VGA BIOS) for the rest: 2Ah is (63, 31, 0), 55h (63, 45, 58), and 20h-2Fh the first 16
    // hues of its wheel at full intensity (blue to red, then on to yellow: component steps 0, 16,
    // 31, 47, 63). 6-bit c is 8-bit (c << 2) | (c >> 4).
    auto eight = [](unsigned c) { return static_cast<std::uint8_t>(c << 2 | c >> 4); };
    const unsigned steps[5] = {0, 16, 31, 47, 63};
    auto hue = [&](unsigned n) -> Rgb {
      if (n < 4) return {eight(steps[n]), 0, 63 * 4 + 3};
      if (n < 8) return {255, 0, eight(steps[8 - n])};
      if (n < 12) return {255, eight(steps[n - 8]), 0};
      return {eight(steps[16 - n]), 255, 0};
    };
    for (unsigned y = 0; y < 200; ++y) {
      for (unsigned x = 0; x < 320; ++x) {
        const std::uint8_t index = ram.at(0xA0000 + y * 320 + x);
        Rgb expected{1, 2, 3};
        if (index == 0) expected = {0, 0, 0};
        if (index == 0x01) expected = {eight(10), eight(20), eight(30)};
        if (index == 0x2A) expected = {255, 125, 0};
        if (index == 0x55) expected = {255, 182, 235};
        if (index >= 0x20 && index < 0x30 && index != 0x2A) expected = hue(index - 0x20);
        ASSERT_NE(expected, (Rgb{1, 2, 3})) << "colour " << unsigned{index} << " at (" << x << ", " << y << ")";
        for (unsigned dy = 0; dy < 2; ++dy) {
          for (unsigned dx = 0; dx < 2; ++dx) {
            const std::uint8_t* pixel = picture->rgb.data() + ((y * 2 + dy) * 640 + x * 2 + dx) * 3;
            ASSERT_EQ((Rgb{pixel[0], pixel[1], pixel[2]}), expected) << backend << " at (" << x << ", " << y << ")";
          }
        }
      }
    }
    EXPECT_EQ(ram.at(0xA0000 + 50 * 320 + 100), 0x55);
    EXPECT_EQ(ram.at(0xA0000 + 100 * 320 + 7), 0x01) << "the pattern's row";
    EXPECT_EQ(ram.at(0xA0000 + 150 * 320 + 319), 0x2F) << "the pattern's bar";
    if (first) {
      EXPECT_EQ(*picture, *first) << backend << " draws another picture than interp";
    }
    first = picture;
  }
}

// The pictures of a --screenshot-every series, in order.
std::vector<display::Image> series(const TempDir& dir, const std::string& stem) {
  std::vector<display::Image> pictures;
  for (unsigned number = 1;; ++number) {
    const std::string path = dir.file(fmt::format("{}-{:04}.png", stem, number));
    if (!std::filesystem::exists(path)) break;
    std::optional<display::Image> picture = read_png(path);
    EXPECT_TRUE(picture) << path;
    if (picture) pictures.push_back(*picture);
  }
  return pictures;
}

TEST(Screenshot, EveryNFramesASeriesThatRepeatsExactlyOnVirtualTime) {
  TempDir dir;
  // Keys from 50 ms on, a half-second pause, Esc: about 0.7 s of device time; a picture every
  // 3 frames (43 ms), the first before the first key.
  const std::vector<std::string> args{"--accel=interp", "--clock=virtual", "--boot", boot_image("key_echo"), "--keys",
                                      "ab{wait:500}cd{esc}", "--screenshot-every", "3"};
  auto with = [&](const std::string& name) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--screenshot", dir.file(name + ".png")});
    return all;
  };
  ProcessResult first = run_emu(with("a"));
  ASSERT_EQ(first.exit_status, 0) << first.err;
  ProcessResult second = run_emu(with("b"));
  ASSERT_EQ(second.exit_status, 0) << second.err;
  const std::vector<display::Image> a = series(dir, "a");
  const std::vector<display::Image> b = series(dir, "b");
  ASSERT_GE(a.size(), 15u);
  EXPECT_EQ(a, b) << "virtual time: the same pictures at the same frames";
  EXPECT_NE(a.front(), a.back()) << "the keys typed in between show";
  EXPECT_TRUE(std::filesystem::exists(dir.file("a.png"))) << "and the final picture";
}

TEST(Screenshot, ASeriesKeepsNoHaltedMachineAlive) {
  // STI; HLT with nothing that could interrupt: the run ends at once, refreshes or not.
  TempDir dir;
  write_file(dir.file("halt.bin"), {0xFB, 0xF4});
  for (const std::string& backend : backends()) {
    ProcessResult run = run_emu({"--accel=" + backend, "--machine=pc", "--timeout=10", "--screenshot", dir.file("h.png"),
                                 "--screenshot-every", "1", dir.file("halt.bin")});
    EXPECT_EQ(run.exit_status, 0) << backend << ": " << run.err;
    EXPECT_NE(run.err.find("nothing is left to interrupt it"), std::string::npos) << backend << ": " << run.err;
    EXPECT_LT(run.wall, std::chrono::seconds(2)) << backend;
  }
}

TEST(Screenshot, TheSeriesIsNumberedBesideTheFinalPicture) {
  ProcessResult without = run_emu({"--accel=interp", "--screenshot-every", "7", "--boot", boot_image("boot_hello")});
  EXPECT_EQ(without.exit_status, 2);
  EXPECT_NE(without.err.find("--screenshot-every needs --screenshot FILE"), std::string::npos) << without.err;
  ProcessResult zero = run_emu({"--accel=interp", "--screenshot=/tmp/x.png", "--screenshot-every", "0", "--boot", boot_image("boot_hello")});
  EXPECT_EQ(zero.exit_status, 2);
}

TEST(Screenshot, RefusedOnTheBareMachineAndForAnUnwritablePath) {
  ProcessResult bare = run_emu({"--accel=interp", "--screenshot", "/tmp/x.png", guest_path("hello")});
  EXPECT_EQ(bare.exit_status, 2);
  EXPECT_NE(bare.err.find("--screenshot applies to --machine=pc"), std::string::npos) << bare.err;
  ProcessResult path = run_emu({"--accel=interp", "--boot", boot_image("boot_hello"), "--screenshot", "/nonexistent/dir/x.png"});
  EXPECT_EQ(path.exit_status, 4);
  EXPECT_EQ(path.out, "") << "checked before the run";
}

}  // namespace
}  // namespace emu::test
