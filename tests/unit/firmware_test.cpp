// The BIOS's host-side pieces on their own: how an image's size makes a drive, code page 437,
// the transcript, the text screen as --screen-dump reads it, guest RAM with the A20 gate, and
// the hypercall frame.
#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "core/cp437.h"
#include "core/error.h"
#include "core/guest_memory.h"
#include "firmware/disk.h"
#include "firmware/frame.h"
#include "firmware/guest_ram.h"
#include "firmware/screen_text.h"
#include "firmware/transcript.h"

namespace emu::bios {
namespace {

struct Expected {
  std::uint64_t size;
  bool floppy;
  std::uint32_t cylinders, heads, sectors;
  std::uint64_t guest_sectors;
  std::uint8_t type;
};

TEST(DiskLayout, EachFloppySizeHasItsGeometryAndOtherSizesArePaddedOrHardDisks) {
  const std::vector<std::uint8_t> none;
  const Expected cases[] = {
      {160 * 1024, true, 40, 1, 8, 320, 1},      {180 * 1024, true, 40, 1, 9, 360, 1},
      {320 * 1024, true, 40, 2, 8, 640, 1},      {360 * 1024, true, 40, 2, 9, 720, 1},
      {720 * 1024, true, 80, 2, 9, 1440, 3},     {1200 * 1024, true, 80, 2, 15, 2400, 2},
      {1440 * 1024, true, 80, 2, 18, 2880, 4},   {2880 * 1024, true, 80, 2, 36, 5760, 6},
      {512, true, 80, 2, 18, 2880, 4},           // a bare boot sector: a 1.44M floppy
      {1440 * 1024 + 512, true, 80, 2, 36, 5760, 6},  // between 1.44M and 2.88M: a 2.88M floppy
      {2880 * 1024 + 512, false, 5, 16, 63, 5761, 0},  // larger: a hard disk, emu's default geometry
      {64 * 1024 * 1024, false, 130, 16, 63, 131072, 0},
      {std::uint64_t{1} << 33, false, 1024, 16, 63, std::uint64_t{1} << 24, 0},  // cylinders stop at 1024
  };
  for (const Expected& each : cases) {
    const DiskLayout layout = disk_layout(each.size, none, "test.img");
    EXPECT_EQ(layout.floppy, each.floppy) << each.size;
    EXPECT_EQ(layout.geometry.cylinders, each.cylinders) << each.size;
    EXPECT_EQ(layout.geometry.heads, each.heads) << each.size;
    EXPECT_EQ(layout.geometry.sectors, each.sectors) << each.size;
    EXPECT_EQ(layout.sectors, each.guest_sectors) << each.size;
    EXPECT_EQ(layout.file_sectors, each.size / 512) << each.size;
    EXPECT_EQ(layout.floppy_type, each.type) << each.size;
  }
}

TEST(DiskLayout, AHardDisksPartitionTableGivesItsHeadsAndSectors) {
  std::vector<std::uint8_t> mbr(512);
  mbr[510] = 0x55;
  mbr[511] = 0xAA;
  auto partition = [&](unsigned index, std::uint8_t end_head, std::uint8_t end_sector) {
    std::uint8_t* row = mbr.data() + 0x1BE + 16 * index;
    row[4] = 0x06;  // FAT16
    row[5] = end_head;
    row[6] = end_sector;
  };
  partition(0, 63, 32);
  partition(1, 63, 32);
  const std::uint64_t size = 100 * 64 * 32 * 512;
  DiskLayout layout = disk_layout(size, mbr, "hd.img");
  EXPECT_FALSE(layout.floppy);
  EXPECT_EQ(layout.geometry.heads, 64u);
  EXPECT_EQ(layout.geometry.sectors, 32u);
  EXPECT_EQ(layout.geometry.cylinders, 100u);
  EXPECT_NE(layout.description.find("from its partition table"), std::string::npos);
  // Entries that disagree, or no signature: the default.
  partition(1, 15, 63);
  EXPECT_EQ(disk_layout(size, mbr, "hd.img").geometry.heads, 16u);
  partition(1, 63, 32);
  mbr[511] = 0;
  EXPECT_EQ(disk_layout(size, mbr, "hd.img").geometry.sectors, 63u);
}

TEST(DiskLayout, EmptyAndOddSizedImagesAreBadInput) {
  const std::vector<std::uint8_t> none;
  for (std::uint64_t size : {std::uint64_t{0}, std::uint64_t{511}, std::uint64_t{1000}, std::uint64_t{1474561}}) {
    try {
      disk_layout(size, none, "x.img");
      ADD_FAILURE() << size << " accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.status(), ExitStatus::bad_input);
      EXPECT_NE(std::string(error.what()).find("'x.img'"), std::string::npos) << error.what();
    }
  }
}

TEST(Cp437, ControlGlyphsTheHighHalfAndAsciiAsUtf8) {
  EXPECT_EQ(cp437_to_utf8('A'), "A");
  EXPECT_EQ(cp437_to_utf8(0x00), " ");
  EXPECT_EQ(cp437_to_utf8(0x01), "\u263A");  // the smiling face
  EXPECT_EQ(cp437_to_utf8(0x7F), "\u2302");  // the house
  EXPECT_EQ(cp437_to_utf8(0x80), "\u00C7");
  EXPECT_EQ(cp437_to_utf8(0xB3), "\u2502");  // the box drawing vertical
  EXPECT_EQ(cp437_to_utf8(0xC9), "\u2554");
  EXPECT_EQ(cp437_to_utf8(0xDB), "\u2588");  // the full block
  EXPECT_EQ(cp437_to_utf8(0xE1), "\u00DF");
  EXPECT_EQ(cp437_to_utf8(0xFF), "\u00A0");
}

TEST(Transcript, NewlinesAndBackspacesStayCarriageReturnsAndBellsGo) {
  StringSink out;
  Transcript transcript(out);
  for (std::uint8_t c : std::string("a\r\nb\x07\bc\xB3")) transcript.put(c);
  EXPECT_EQ(out.text(), "a\nb\bc\u2502");
}

TEST(ScreenText, RowsOfTheActivePageWithoutTrailingBlanks) {
  GuestMemory memory(0x100000);
  std::uint8_t* ram = memory.data();
  // 40 columns, 25 rows, page 1 active (offset 800h).
  ram[0x449] = 0x01;
  ram[0x44A] = 40;
  ram[0x484] = 24;
  ram[0x44E] = 0x00;
  ram[0x44F] = 0x08;
  for (unsigned i = 0; i < 40 * 25; ++i) {
    ram[0xB8800 + 2 * i] = ' ';
    ram[0xB8800 + 2 * i + 1] = 0x07;
  }
  const char* text = "page one";
  for (unsigned i = 0; text[i] != 0; ++i) ram[0xB8800 + (3 * 40 + 2 + i) * 2] = static_cast<std::uint8_t>(text[i]);
  ram[0xB8800 + (24 * 40 + 39) * 2] = 0xDB;
  std::optional<std::string> screen = screen_text(memory);
  ASSERT_TRUE(screen);
  std::string expected = "\n\n\n  page one\n" + std::string(20, '\n') + std::string(39, ' ') + "\u2588\n";
  EXPECT_EQ(*screen, expected);
  ram[0x449] = 0x13;
  EXPECT_FALSE(screen_text(memory)) << "mode 13h has no text";
}

TEST(GuestRam, TheA20GateWrapsAndWritesAreReported) {
  GuestMemory memory(0x100000);
  ExitRequest exit_request;
  bool a20 = false;
  GuestRam ram(memory, exit_request, a20);
  ram.write16(0xFFFF, 0x0010, 0xBEEF);  // FFFF:0010 = 100000h: 0 with the gate closed
  EXPECT_EQ(memory.data()[0], 0xEF);
  EXPECT_EQ(memory.data()[1], 0xBE);
  a20 = true;
  EXPECT_EQ(ram.read8(0xFFFF, 0x0010), 0xFF) << "open, it is past RAM";
  ram.write8(0xFFFF, 0x0010, 0x12);  // dropped
  EXPECT_EQ(memory.data()[0], 0xEF);
  const auto written = exit_request.take_ram_written();
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0].address, 0u);
  EXPECT_EQ(written[1].address, 1u);
  EXPECT_TRUE(exit_request.attention());
  // A transfer across the top of RAM with the gate closed continues at 0.
  a20 = false;
  const std::vector<std::uint8_t> bytes{1, 2, 3, 4};
  ram.write(0xFFFFE, bytes);
  EXPECT_EQ(memory.data()[0xFFFFE], 1);
  EXPECT_EQ(memory.data()[0xFFFFF], 2);
  EXPECT_EQ(memory.data()[0], 3);
  EXPECT_EQ(memory.data()[1], 4);
  EXPECT_EQ(ram.read(0xFFFFF, 2), (std::vector<std::uint8_t>{2, 3}));
}

TEST(GuestRam, ManyWritesBecomeOneRangeForABackendThatNeverTakesThem) {
  GuestMemory memory(0x100000);
  ExitRequest exit_request;
  bool a20 = true;
  GuestRam ram(memory, exit_request, a20);
  for (std::uint32_t i = 0; i < 1000; ++i) ram.write8(0x1000 + 3 * i, 1);
  const auto written = exit_request.take_ram_written();
  ASSERT_LE(written.size(), 64u);
  std::uint32_t low = ~0u, high = 0;
  for (const auto& range : written) {
    low = std::min(low, range.address);
    high = std::max(high, range.address + range.length);
  }
  EXPECT_EQ(low, 0x1000u);
  EXPECT_EQ(high, 0x1000u + 3 * 999 + 1) << "every byte written is still covered";
}

TEST(Frame, RegistersAreReadAndWrittenInTheOrderTheEntryPushesThem) {
  GuestMemory memory(0x100000);
  ExitRequest exit_request;
  bool a20 = true;
  GuestRam ram(memory, exit_request, a20);
  // SS:SP = 0000:FFF0, the frame wrapping at the segment's end after 16 bytes.
  for (std::uint16_t i = 0; i < 13; ++i) ram.write16(0x0000, static_cast<std::uint16_t>(0xFFF0 + 2 * i), static_cast<std::uint16_t>(0x100 + i));
  Registers registers = Registers::load(ram, 0x0000, 0xFFF0);
  EXPECT_EQ(registers.service, 0x100);
  EXPECT_EQ(registers.es, 0x101);
  EXPECT_EQ(registers.ax, 0x109);
  EXPECT_EQ(registers.ip, 0x10A);
  EXPECT_EQ(registers.flags, 0x10C);
  EXPECT_EQ(memory.data()[0x0008], 0x0C) << "offset FFF0h + 24 wraps to 0008h";
  registers.set_ah(0x12);
  registers.set_carry(true);
  registers.store(ram, 0x0000, 0xFFF0);
  EXPECT_EQ(ram.read16(0x0000, 0x0002), 0x1209) << "AX, at FFF0h + 18 (wrapped)";
  EXPECT_EQ(ram.read16(0x0000, 0x0008), 0x010D);
}

}  // namespace
}  // namespace emu::bios
