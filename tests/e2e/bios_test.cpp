// emu's BIOS as a user meets it: boot sectors (--boot) and DOS .COM programs on both backends,
// the transcript on stdout, --screen-dump, disks that change only when asked, scripted keys that
// run out, --compare over the BIOS with the timer and keys running, and bad input.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

std::string boot_image(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/bios/" + name + ".img"; }
std::string com_program(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/dos/" + name + ".com"; }

// The backends to run on: the interpreter, and KVM where it is usable.
std::vector<std::string> backends() {
  std::vector<std::string> names{"interp"};
  if (!kvm_unusable_reason()) names.push_back("kvm");
  return names;
}

// Runs `args` on every backend; each must give the same stdout and status (the interpreter's
// result is returned).
ProcessResult run_everywhere(const std::vector<std::string>& args) {
  std::optional<ProcessResult> first;
  for (const std::string& backend : backends()) {
    std::vector<std::string> all{"--accel=" + backend, "--timeout=30"};
    all.insert(all.end(), args.begin(), args.end());
    ProcessResult result = run_emu(all);
    if (!first) {
      first = result;
      continue;
    }
    EXPECT_EQ(result.out, first->out) << backend << " differs from interp; its stderr: " << result.err;
    EXPECT_EQ(result.exit_status, first->exit_status) << backend << ": " << result.err;
  }
  return *first;
}

std::vector<std::uint8_t> sector(const std::vector<std::uint8_t>& image, std::size_t index) {
  return {image.begin() + static_cast<std::ptrdiff_t>(index * 512), image.begin() + static_cast<std::ptrdiff_t>((index + 1) * 512)};
}

TEST(BiosBoot, ABootSectorPrintsThroughTheTeletypeOnBothBackends) {
  ProcessResult run = run_everywhere({"--boot", boot_image("boot_hello")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  // CR is dropped from the transcript, LF ends the line; DL is the floppy drive 00h.
  EXPECT_EQ(run.out, "Hello from the boot sector! Boot drive 00\n");
  EXPECT_NE(run.err.find("halted at 07c0:"), std::string::npos) << run.err;
}

TEST(BiosBoot, AnImageLargerThanAFloppyIsHardDisk80hAndNeedsItsSignature) {
  TempDir dir;
  std::vector<std::uint8_t> disk = read_file(boot_image("boot_hello"));
  disk.resize(4 * 1024 * 1024);
  write_file(dir.file("disk.img"), disk);
  ProcessResult run = run_everywhere({"--boot", dir.file("disk.img")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "Hello from the boot sector! Boot drive 80\n");

  disk[510] = 0;
  write_file(dir.file("unsigned.img"), disk);
  ProcessResult refused = run_emu({"--accel=interp", "--boot", dir.file("unsigned.img")});
  EXPECT_EQ(refused.exit_status, 24) << refused.err;
  EXPECT_NE(refused.err.find("no bootable disk: the boot sector of hard disk"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out, "");
}

TEST(BiosBoot, AFloppyWithoutTheSignatureBootsWithAWarning) {
  TempDir dir;
  std::vector<std::uint8_t> floppy = read_file(boot_image("boot_hello"));
  floppy[511] = 0;
  write_file(dir.file("floppy.img"), floppy);
  ProcessResult run = run_emu({"--accel=interp", "--boot", dir.file("floppy.img")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "Hello from the boot sector! Boot drive 00\n");
  EXPECT_NE(run.err.find("warning: the boot sector of"), std::string::npos) << run.err;
}

TEST(BiosKeyboard, ScriptedKeysReachInt16hAsCharactersAndScanCodes) {
  ProcessResult run = run_everywhere({"--boot", boot_image("key_echo"), "--keys", "abc\\nXY{up}{f1}{esc}"});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  // Up and F1 have no character: the guest prints their scan codes (48h, 3Bh).
  EXPECT_EQ(run.out, "> abc\n> XY[48][3b]\nbye\n");
}

TEST(BiosKeyboard, ShiftAndCapsLockMakeUpperCaseAndSymbols) {
  ProcessResult run = run_emu(
      {"--accel=interp", "--boot", boot_image("key_echo"), "--keys", "a{shift+a}{shift+1}{capslock}b{shift+b}{capslock}c{esc}"});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "> aA!Bbc\nbye\n");
}

TEST(BiosKeyboard, WaitingForAKeyThatCannotComeEndsTheRun) {
  // The keys run out; stdin (here /dev/null) is COM1's and at its end: status 22 and a line
  // naming where the guest waits, after what it printed.
  ProcessResult run = run_everywhere({"--boot", boot_image("key_echo"), "--keys", "hi"});
  EXPECT_EQ(run.exit_status, 22) << run.err;
  EXPECT_EQ(run.out, "> hi");
  EXPECT_NE(run.err.find("input exhausted at 07c0:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("INT 16h AH=00h"), std::string::npos) << run.err;
  // Without --keys stdin is the keyboard: at its end at once.
  ProcessResult no_keys = run_emu({"--accel=interp", "--boot", boot_image("key_echo")});
  EXPECT_EQ(no_keys.exit_status, 22) << no_keys.err;
}

TEST(BiosDisk, WritesStayInMemoryUnlessDiskWriteIsGiven) {
  TempDir dir;
  const std::vector<std::uint8_t> original = read_file(boot_image("disk_io"));
  ASSERT_EQ(original.size(), 3u * 512);
  write_file(dir.file("disk.img"), original);
  // The image is three sectors: a 1.44M floppy (type 04h, 80 cylinders, 18 sectors, 2 heads, one
  // drive) whose other sectors read as zeros.
  const std::string expected =
      "params 04 4f12 0101\n"
      "status 0001\nsector two says hello\n"
      "ext aa55\nsector two says hello\n"
      "status 0001\nwritten by the guest\n";
  ProcessResult run = run_everywhere({"--boot", dir.file("disk.img")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, expected);
  EXPECT_EQ(read_file(dir.file("disk.img")), original) << "without --disk-write the image is not touched";

  ProcessResult written = run_emu({"--accel=interp", "--disk-write", "--boot", dir.file("disk.img")});
  EXPECT_EQ(written.exit_status, 0) << written.err;
  EXPECT_EQ(written.out, expected);
  const std::vector<std::uint8_t> after = read_file(dir.file("disk.img"));
  ASSERT_EQ(after.size(), original.size()) << "never truncated or extended";
  EXPECT_EQ(sector(after, 0), sector(original, 0));
  EXPECT_EQ(sector(after, 1), sector(original, 1));
  // Sector 3 is now sector 2's bytes under the guest's new first line.
  std::vector<std::uint8_t> expected_third = sector(original, 1);
  const std::string line = "written by the guest";
  std::copy(line.begin(), line.end(), expected_third.begin());
  expected_third[line.size()] = 0;
  EXPECT_EQ(sector(after, 2), expected_third);
}

TEST(BiosDisk, AWritePastTheFilesEndFailsAndIsReported) {
  TempDir dir;
  std::vector<std::uint8_t> image = read_file(boot_image("disk_io"));
  image.resize(512);  // only the boot sector: sectors 2 and 3 read as zeros, and cannot be written
  write_file(dir.file("short.img"), image);
  ProcessResult run = run_emu({"--accel=interp", "--disk-write", "--boot", dir.file("short.img")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.out.find("status 0001\n\n"), std::string::npos) << "sector 2 reads as zeros: " << run.out;
  EXPECT_NE(run.out.find("error cc\n"), std::string::npos) << "the write fails with status CCh: " << run.out;
  EXPECT_NE(run.err.find("is past the end of"), std::string::npos) << run.err;
  EXPECT_EQ(read_file(dir.file("short.img")), image);
}

TEST(BiosTime, TicksAdvanceUnderTheTimerAndTheRtcGivesTimeAndDate) {
  // On virtual time the RTC starts at 2000-01-01 00:00:00 and every run is the same.
  ProcessResult run = run_emu({"--accel=interp", "--clock=virtual", "--boot", boot_image("timer")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "ticks 0012\nwaited 0001\ntime 000001\ndate 20000101\n");
  // On the host clock, on both backends: 18 ticks waited in HLT, about a second.
  for (const std::string& backend : backends()) {
    ProcessResult host = run_emu({"--accel=" + backend, "--timeout=30", "--boot", boot_image("timer")});
    EXPECT_EQ(host.exit_status, 0) << backend << ": " << host.err;
    EXPECT_TRUE(host.out.starts_with("ticks 0012\nwaited 000")) << backend << ": " << host.out;
    EXPECT_GE(host.wall, std::chrono::milliseconds(900)) << backend;
    EXPECT_LT(host.cpu, host.wall / 2) << backend << ": the waits sleep in HLT";
  }
}

// The guest's screen (guests/bios/screen.S), as --screen-dump writes it.
std::string expected_screen() {
  std::vector<std::string> rows(25);
  rows[2] = "          at row two";
  rows[4] = "*****";
  rows[6] = "    string thirteen";
  rows[8] = "direct";
  rows[10] = "line B";
  rows[11] = "line C";
  rows[20] = "done";
  std::string text;
  for (const std::string& row : rows) text += row + "\n";
  return text;
}

TEST(BiosScreen, ScreenDumpWritesTheTextScreenAndAttributesAreKept) {
  TempDir dir;
  for (const std::string& backend : backends()) {
    ProcessResult run = run_emu({"--accel=" + backend, "--boot", boot_image("screen"), "--screen-dump",
                                 dir.file("screen.txt"), "--dump-mem", dir.file("ram.bin")});
    ASSERT_EQ(run.exit_status, 0) << backend << ": " << run.err;
    EXPECT_EQ(read_text(dir.file("screen.txt")), expected_screen()) << backend;
    // The transcript has what went through the BIOS (not the bytes written to B800:0000).
    EXPECT_EQ(run.out, "at row two*****string thirteendone") << backend;
    const std::vector<std::uint8_t> ram = read_file(dir.file("ram.bin"));
    auto attribute = [&](unsigned row, unsigned column) { return ram.at(0xB8000 + (row * 80 + column) * 2 + 1); };
    EXPECT_EQ(attribute(4, 0), 0x1E) << backend;
    EXPECT_EQ(attribute(4, 4), 0x1E) << backend;
    EXPECT_EQ(attribute(6, 4), 0x2F) << backend;
    EXPECT_EQ(attribute(8, 0), 0x4F) << backend;
    EXPECT_EQ(attribute(12, 0), 0x07) << backend << ": the scrolled-in line takes BH";
    EXPECT_EQ(ram.at(0x450 + 0), 4) << "the cursor (0040:0050) stays where the teletype left it";
    EXPECT_EQ(ram.at(0x451), 20);
  }
  ProcessResult to_stdout = run_emu({"--accel=interp", "--boot", boot_image("screen"), "--screen-dump=-"});
  EXPECT_EQ(to_stdout.out, "at row two*****string thirteendone" + expected_screen());
}

TEST(BiosScreen, Mode13DrawsTheBiosFontAndKeepsPixelsAndTheDac) {
  TempDir dir;
  for (const std::string& backend : backends()) {
    ProcessResult run =
        run_emu({"--accel=" + backend, "--boot", boot_image("mode13"), "--dump-mem", dir.file("ram.bin")});
    ASSERT_EQ(run.exit_status, 0) << backend << ": " << run.err;
    EXPECT_EQ(run.out, "Hi pixel 55 char 48 font f000:fa6e dac 0a141e") << backend;
    const std::vector<std::uint8_t> ram = read_file(dir.file("ram.bin"));
    EXPECT_EQ(ram.at(0xA0000 + 50 * 320 + 100), 0x55);
    // "Hi" at the top left in colour 2Ah, pixel for pixel from the ROM's font (F000:FA6E).
    for (unsigned index = 0; index < 2; ++index) {
      const unsigned character = std::string("Hi")[index];
      for (unsigned y = 0; y < 8; ++y) {
        const std::uint8_t bits = ram.at(0xFFA6E + character * 8 + y);
        for (unsigned x = 0; x < 8; ++x) {
          const std::uint8_t expected = (bits & (0x80 >> x)) ? 0x2A : 0x00;
          ASSERT_EQ(ram.at(0xA0000 + y * 320 + index * 8 + x), expected)
              << backend << ": '" << static_cast<char>(character) << "' at (" << x << ", " << y << ")";
        }
      }
    }
    EXPECT_NE(ram.at(0xFFA6E + 'H' * 8 + 1), 0) << "the font is drawn, not blank";
  }
}

TEST(BiosScreen, ModeSetsProgramTheVgaAndTheCursorFollowsTheBda) {
  ProcessResult run = run_everywhere({"--boot", boot_image("vga_state")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out,
            "shape 0d0e\n"      // mode 03h: the underline in a 16-line cell
            "cursor 01a1\n"     // row 5, column 10, then the 7 characters of "cursor ": 5 * 80 + 17
            "block 000e\n"      // AH=01h CX=0007h, scaled to the cell
            "page1 0800\n"      // AH=05h: page 1 starts at word 800h
            "palette1 3f\n"     // AX=1000h then 1007h
            "control 41\n"      // mode 13h: graphics, 256 colours
            "dac06 2a1500\n"    // the default palette's brown
            "dac2c 3f3f00\n"    // and its yellow
            "retrace\n");       // 3DAh bit 3 came and went five times
}

TEST(BiosServices, ReportWhatTheIbmReferenceSays) {
  ProcessResult run = run_everywhere({"--boot", boot_image("services")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out,
            "equipment 0221\n"        // a floppy, 80x25 colour, one serial port
            "memory 027f\n"           // 639 KiB below the EBDA
            "extended 0000 0000\n"    // INT 15h AH=88h: none, CF clear
            "model 00fc\n"            // INT 15h AH=C0h: an AT
            "int15-24 860a 0001\n"    // unsupported: AH = 86h, CF set
            "int13-20 010a 0001\n"    // unsupported: AH = 01h, CF set
            "shift 0000\n"
            "printer 0001\n"          // no printer: time-out
            "video 5003 0000\n"       // 80 columns, mode 03h, page 0
            "display 1a1a 0008\n"     // AL = 1Ah: supported; BL = 08h: VGA, analog colour
            "int1a-0a 0001\n"
            "bda 027f 0050 001e 003e\n"
            "disk80 0080 0001\n"      // no hard disk: CF set
            "type80 0000 0001 0080\n"  // AH=15h: AH = 00h, no such drive (and no error)
            "vector60 00cf\n");       // an unused vector leads to an IRET
}

TEST(BiosServices, DrivesAddFloppiesAndHardDisks) {
  TempDir dir;
  write_file(dir.file("hard.img"), std::vector<std::uint8_t>(4 * 1024 * 1024));
  ProcessResult run =
      run_everywhere({"--boot", boot_image("services"), "--drive", boot_image("disk_io"), "--drive", dir.file("hard.img")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("equipment 0261\n")) << "two floppies: " << run.out;
  // 4 MiB without a partition table: 16 heads, 63 sectors, 8 cylinders; 8192 sectors.
  EXPECT_NE(run.out.find("disk80 0f01 0000\ntype80 0003 0000 2000\n"), std::string::npos) << run.out;
}

TEST(Dos, HelloThroughInt21hFunction09h) {
  ProcessResult run = run_everywhere({com_program("hello")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "Hello from DOS!\n");
  EXPECT_EQ(run.err, "");
}

TEST(Dos, TheCommandTailHoldsTheArgumentsAndTheExitCodeBecomesTheStatus) {
  ProcessResult run = run_everywhere({com_program("args"), "--", "one", "-two", "3"});
  EXPECT_EQ(run.out, "tail=[ one -two 3]\n");
  EXPECT_EQ(run.exit_status, (11 << 1) | 1) << "code 11 (the tail's length): status (11 << 1) | 1; " << run.err;
  ProcessResult explicit_com = run_emu({"--accel=interp", "--com", com_program("args"), "x"});
  EXPECT_EQ(explicit_com.out, "tail=[ x]\n");
  EXPECT_EQ(explicit_com.exit_status, (2 << 1) | 1);
  ProcessResult none = run_emu({"--accel=interp", com_program("args")});
  EXPECT_EQ(none.out, "tail=[]\n");
  EXPECT_EQ(none.exit_status, 0) << "code 0 is status 0";
}

TEST(Dos, KeysThroughFunctions01hAnd0AhWithLineEditing) {
  ProcessResult run = run_everywhere({com_program("input"), "--keys", "kline of text\\b\\bXT\\n"});
  // Backspace is echoed as BS, space, BS, as DOS does it; CR is not in the transcript.
  EXPECT_EQ(run.out, "key? k\nline? line of text\b \b\b \bXT\nkey [k] line [line of teXT]\n");
  EXPECT_EQ(run.exit_status, (12 << 1) | 1) << run.err;
  ProcessResult exhausted = run_emu({"--accel=interp", com_program("input"), "--keys", "k"});
  EXPECT_EQ(exhausted.exit_status, 22) << exhausted.err;
  EXPECT_NE(exhausted.err.find("INT 21h AH=0Ah"), std::string::npos) << exhausted.err;
}

TEST(Dos, MemoryBlocksVectorsAndVersion) {
  ProcessResult run = run_everywhere({com_program("memory")});
  EXPECT_EQ(run.exit_status, 0) << "RET reaches INT 20h at PSP:0000: " << run.err;
  EXPECT_EQ(run.out,
            "resize 0000\n"
            "allocate 1101\n"              // after the program's 100h paragraphs and an MCB
            "too-much 0008 8dbe 0001\n"    // error 8, the largest block, CF
            "release 0000\n"
            "again 1101\n"
            "vector 1234\n"
            "version 0005\n");
}

TEST(Dos, ConsoleClockKeyboardAndSerialServices) {
  const std::string expected_start =
      "status ff\n"           // INT 16h AH=05h's 'x' is waiting
      "direct 78 0000\n"      // AH=06h: 'x', ZF clear
      "direct 00 0001\n"      // then nothing: ZF set
      "flushed 7a\n"          // AH=0Ch dropped the stored 'y'; AH=08h read the typed 'z'
      "raw 77\n"              // AH=07h: the typed 'w'
      "drives 05\n"
      "current 00\n";
  const std::string expected_end =
      "peek 1e61 0000\n"      // INT 16h AH=11h: 'a', ZF clear
      "read 1e61\n"
      "flags 0000\n"
      "int16-55 86 0001\n"    // not provided: AH = 86h, CF set
      "ticks 0000 10\n"       // INT 1Ah AH=01h set 1000h, AH=00h reads it (and what passed since)
      "serial 60b0\n"         // INT 14h AH=00h: transmitter empty; DCD, DSR, CTS
      "sent 614c\n"           // in loopback the byte comes straight back: data ready
      "received 004c\n"
      "line 6038\n";
  // Virtual time: 2000-01-01 (a Saturday) at 00:00.
  ProcessResult run = run_emu({"--accel=interp", "--clock=virtual", com_program("console"), "--keys", "zw"});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, expected_start + "date 06 07d0 0101\ntime 00 00\n" + expected_end);
  for (const std::string& backend : backends()) {
    ProcessResult host = run_emu({"--accel=" + backend, "--timeout=30", com_program("console"), "--keys", "zw"});
    EXPECT_EQ(host.exit_status, 0) << backend << ": " << host.err;
    EXPECT_TRUE(host.out.starts_with(expected_start)) << backend << ": " << host.out;
    EXPECT_TRUE(host.out.ends_with(expected_end)) << backend << ": " << host.out;
  }
}

TEST(Dos, AFunctionNotProvidedEndsTheRunNamingIt) {
  ProcessResult run = run_everywhere({com_program("unsupported")});
  EXPECT_EQ(run.exit_status, 8);
  EXPECT_EQ(run.out, "opening");
  EXPECT_NE(run.err.find("INT 21h AH=3Dh is not provided (called at 1000:"), std::string::npos) << run.err;
}

TEST(BiosCompare, LockstepOverTheBiosWithKeysAndTheTimerFindsNoDivergence) {
  EMU_REQUIRE_KVM();
  ProcessResult keys = run_emu({"--compare", "--boot", boot_image("key_echo"), "--keys", "ab{up}\\n{esc}"});
  EXPECT_EQ(keys.exit_status, 0) << keys.err;
  EXPECT_EQ(keys.out, "> ab[48]\n> \nbye\n");
  EXPECT_NE(keys.err.find("no divergence"), std::string::npos) << keys.err;
  EXPECT_NE(keys.err.find(" interrupts)"), std::string::npos) << "the keyboard's and the timer's: " << keys.err;
  ProcessResult timer = run_emu({"--compare", "--boot", boot_image("timer")});
  EXPECT_EQ(timer.exit_status, 0) << timer.err;
  EXPECT_EQ(timer.out, "ticks 0012\nwaited 0001\ntime 000001\ndate 20000101\n");
  ProcessResult dos = run_emu({"--compare", com_program("input"), "--keys", "kab\\n"});
  EXPECT_EQ(dos.exit_status, 0) << dos.err;
}

TEST(BiosBadInput, DiskImagesAndProgramsThatCannotBeUsedAreRefusedInOneLine) {
  TempDir dir;
  write_file(dir.file("empty.img"), {});
  write_file(dir.file("odd.img"), std::vector<std::uint8_t>(1000));
  write_file(dir.file("big.com"), std::vector<std::uint8_t>(65281, 0x90));
  write_file(dir.file("largest.com"), std::vector<std::uint8_t>(65280, 0x90));
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--boot", dir.file("empty.img")}, 4, "is empty"},
      {{"--boot", dir.file("odd.img")}, 4, "is 1000 bytes, not a whole number of 512-byte sectors"},
      {{"--boot", dir.file("missing.img")}, 4, "No such file or directory"},
      {{"--boot", dir.path()}, 4, "is a directory"},
      {{"--boot", boot_image("boot_hello"), "--drive", dir.file("odd.img")}, 4, "not a whole number"},
      {{dir.file("big.com")}, 4, "is 65281 bytes; a .COM program is at most 65280"},
      {{"--boot", boot_image("boot_hello"), "--screen-dump", dir.file("no/such/dir/screen.txt")}, 4, "--screen-dump"},
      {{"--boot", boot_image("boot_hello"), "--machine=bare"}, 2, "runs on --machine=pc"},
      {{"--boot", boot_image("boot_hello"), "--entry=0:0"}, 2, "--entry does not apply"},
      {{"--boot", boot_image("boot_hello"), "--mem=512K"}, 2, "needs --mem 1M"},
      {{guest_path("hello"), "extra"}, 2, "only a .COM program takes arguments"},
      {{"--drive", boot_image("boot_hello"), guest_path("hello")}, 2, "--drive applies to a machine with the BIOS"},
      {{"--compare", "--disk-write", "--boot", boot_image("boot_hello")}, 2, "--disk-write does not apply to --compare"},
      {{"--compare", "--screen-dump=-", "--boot", boot_image("boot_hello")}, 2, "--screen-dump does not apply to --compare"},
      {{"--boot", boot_image("boot_hello"), "--screen-dump", boot_image("boot_hello")}, 2, "refusing to overwrite"},
  };
  for (const Case& each : cases) {
    std::vector<std::string> args{"--accel=interp"};
    args.insert(args.end(), each.args.begin(), each.args.end());
    ProcessResult run = run_emu(args);
    EXPECT_EQ(run.exit_status, each.status) << fmt::format("{}", fmt::join(each.args, " ")) << "\n" << run.err;
    EXPECT_NE(run.err.find(each.message), std::string::npos) << fmt::format("{}", fmt::join(each.args, " ")) << "\n" << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << "one line: " << run.err;
  }
  // The largest .COM program is accepted (it runs into the PSP's INT 20h... after 65,280 NOPs and
  // the zero word: here it only has to start).
  ProcessResult largest = run_emu({"--accel=interp", "--max-insns=100", dir.file("largest.com")});
  EXPECT_EQ(largest.exit_status, 10) << largest.err;
}

}  // namespace
}  // namespace emu::test
