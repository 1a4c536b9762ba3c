// --machine pc as a user runs it: timer interrupts on both backends, HLT waiting without
// spinning, virtual time that makes runs repeat exactly, and the command line's checks.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <sstream>
#include <thread>

#include "core/unique_fd.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"
#include "support/spawned_process.h"
#include "host/pipe.h"

namespace emu::test {
namespace {

std::string pc_guest(const std::string& name) { return guest_path("pc/" + name); }

// emu on a pc guest, which runs at 07C0:0000 (guests/pc/pc.inc).
ProcessResult run_pc(std::vector<std::string> args, const std::string& guest) {
  std::vector<std::string> all = {"--machine=pc", "--load=0x7c00", "--entry=07c0:0000", "--timeout=30"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back(pc_guest(guest));
  return run_emu(all);
}

// timer_ticks prints three hex words: ticks during its busy loop, ticks at the end (100 more,
// waited for in HLT) and channel 0's count latched at the end.
struct Ticks {
  unsigned busy = 0;
  unsigned total = 0;
  unsigned latched = 0;
};

Ticks parse_ticks(const std::string& out) {
  Ticks ticks;
  std::istringstream in(out);
  in >> std::hex >> ticks.busy >> ticks.total >> ticks.latched;
  EXPECT_FALSE(in.fail()) << out;
  return ticks;
}

TEST(PcMachine, VirtualTimeRepeatsExactlyAndMatchesTheInstructionRate) {
  ProcessResult first = run_pc({"--clock=virtual"}, "timer_ticks");
  ProcessResult second = run_pc({"--clock=virtual"}, "timer_ticks");
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_EQ(first.out, second.out) << "virtual time: every run the same, interrupts included";
  Ticks ticks = parse_ticks(first.out);
  // 1,000,040 instructions of busy loop (and some 150 of set-up and handlers) at 50,000,000
  // per second: 20.004 ms; IRQ0 every 1193 clocks of 1.193182 MHz: 999.85 us. 20 rising edges.
  EXPECT_EQ(ticks.busy, 20u);
  EXPECT_EQ(ticks.total, ticks.busy + 100);
  EXPECT_GE(ticks.latched, 1u);
  EXPECT_LE(ticks.latched, 1193u);
  // Four times the rate: the same loop takes a quarter of the device time.
  ProcessResult fast = run_pc({"--clock=virtual", "--ips=200000000"}, "timer_ticks");
  Ticks fast_ticks = parse_ticks(fast.out);
  EXPECT_EQ(fast_ticks.busy, 5u);
  EXPECT_EQ(fast_ticks.total, fast_ticks.busy + 100);
}

TEST(PcMachine, TheInterpreterWaitsInHltOnTheHostClockWithoutSpinning) {
  ProcessResult run = run_pc({"--accel=interp"}, "timer_ticks");
  ASSERT_EQ(run.exit_status, 0) << run.err;
  Ticks ticks = parse_ticks(run.out);
  EXPECT_EQ(ticks.total, ticks.busy + 100);
  // 100 ticks of 999.8 us waited for: at least 99 ms (the first may be partly gone), with the
  // host CPU idle meanwhile.
  EXPECT_GE(run.wall, std::chrono::milliseconds(99));
  EXPECT_LT(run.wall, std::chrono::seconds(5));
  EXPECT_LT(run.cpu, run.wall / 2) << "HLT must sleep, not spin";
  EXPECT_NE(run.err.find("halted at 07c0:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("interrupts disabled"), std::string::npos) << run.err;
}

TEST(PcMachine, KvmTakesTimerInterruptsAndWaitsInHlt) {
  EMU_REQUIRE_KVM();
  ProcessResult run = run_pc({"--accel=kvm", "--stats"}, "timer_ticks");
  ASSERT_EQ(run.exit_status, 0) << run.err;
  Ticks ticks = parse_ticks(run.out);
  EXPECT_EQ(ticks.total, ticks.busy + 100);
  EXPECT_GE(run.wall, std::chrono::milliseconds(99));
  EXPECT_NE(run.err.find("interrupts injected (KVM_INTERRUPT) "), std::string::npos) << run.err;
  // Each of the 100 ticks ends at most one HLT (two may come while the guest is busy between
  // its HLTs, on a loaded host).
  const std::string waits = "HLT waits for an interrupt ";
  const std::size_t at = run.err.find(waits);
  ASSERT_NE(at, std::string::npos) << run.err;
  const unsigned halts = std::stoul(run.err.substr(at + waits.size()));
  EXPECT_GE(halts, 50u) << run.err;
  EXPECT_LE(halts, 100u) << run.err;
}

// pic_pit_check.S checks the devices through their ports (expectations from the datasheets,
// written in the guest) and prints a line per check.
void expect_every_check_passes(const ProcessResult& run, const std::string& how) {
  EXPECT_EQ(run.exit_status, 0) << how << ": " << run.err;
  EXPECT_EQ(run.out.find("FAIL"), std::string::npos) << how << ":\n" << run.out;
  EXPECT_NE(run.out.find("refresh bit toggles ok\ndone\n"), std::string::npos) << how << ":\n" << run.out;
}

TEST(PcMachine, ThePicAndPitBehaveAsTheirDatasheetsOnTheInterpreter) {
  expect_every_check_passes(run_pc({"--accel=interp", "--clock=virtual"}, "pic_pit_check"), "virtual clock");
  expect_every_check_passes(run_pc({"--accel=interp"}, "pic_pit_check"), "host clock");
}

TEST(PcMachine, ThePicAndPitBehaveAsTheirDatasheetsOnKvm) {
  EMU_REQUIRE_KVM();
  expect_every_check_passes(run_pc({"--accel=kvm"}, "pic_pit_check"), "kvm");
}

TEST(PcMachine, CompareFollowsInterruptsWithoutDivergence) {
  EMU_REQUIRE_KVM();
  expect_every_check_passes(run_pc({"--compare"}, "pic_pit_check"), "compare");
  ProcessResult compared = run_pc({"--compare"}, "timer_compare");
  EXPECT_EQ(compared.exit_status, 0) << compared.err;
  EXPECT_NE(compared.err.find("no divergence"), std::string::npos) << compared.err;
  EXPECT_NE(compared.err.find(" interrupts)"), std::string::npos) << compared.err;
  // The lockstep runs on the interpreter's virtual time: the guest's output is that of a plain
  // virtual-time run.
  ProcessResult alone = run_pc({"--accel=interp", "--clock=virtual"}, "timer_compare");
  EXPECT_EQ(compared.out, alone.out);
  ProcessResult host_clock = run_pc({"--compare", "--clock=host"}, "timer_compare");
  EXPECT_EQ(host_clock.exit_status, 2);
}

TEST(PcMachine, ABareMachineEndsAtHltAsBeforeWithNoMessage) {
  ProcessResult run = run_emu({"--accel=interp", guest_path("hello")});
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.out, "Hello, world!\n");
  EXPECT_EQ(run.err, "");
}

TEST(PcMachine, UnknownMachineAndClockNamesListTheValidOnes) {
  ProcessResult machine = run_emu({"--machine=xt", guest_path("hello")});
  EXPECT_EQ(machine.exit_status, 2);
  EXPECT_NE(machine.err.find("one of bare, pc"), std::string::npos) << machine.err;
  ProcessResult clock = run_emu({"--machine=pc", "--clock=wall", guest_path("hello")});
  EXPECT_EQ(clock.exit_status, 2);
  EXPECT_NE(clock.err.find("one of host, virtual"), std::string::npos) << clock.err;
}

TEST(PcMachine, OptionsThatDoNotApplyAreRefused) {
  ProcessResult bare_clock = run_emu({"--clock=virtual", guest_path("hello")});
  EXPECT_EQ(bare_clock.exit_status, 2);
  EXPECT_NE(bare_clock.err.find("--clock applies to --machine=pc"), std::string::npos) << bare_clock.err;
  ProcessResult kvm_virtual = run_emu({"--machine=pc", "--clock=virtual", "--accel=kvm", guest_path("hello")});
  EXPECT_EQ(kvm_virtual.exit_status, 2);
  EXPECT_NE(kvm_virtual.err.find("--clock=virtual needs the interpreter"), std::string::npos) << kvm_virtual.err;
  ProcessResult ips_host = run_emu({"--machine=pc", "--ips=1000", guest_path("hello")});
  EXPECT_EQ(ips_host.exit_status, 2);
  ProcessResult zero_ips = run_emu({"--machine=pc", "--clock=virtual", "--ips=0", guest_path("hello")});
  EXPECT_EQ(zero_ips.exit_status, 2);
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

// keyboard_echo.S prints each byte from the keyboard in hex, a newline after Enter's release,
// and ends after Esc's. The codes expected are scan code set 1's, written out.
constexpr const char* typed_keys = "aA\\n{up}{ctrl+c}{esc}";
constexpr const char* typed_codes =
    "1e 9e 2a 1e 9e aa 1c 9c \n"   // a, Shift+A, Enter
    "e0 48 e0 c8 1d 2e ae 9d 01 81 \n";  // Up (E0-prefixed), Ctrl+C, Esc

TEST(PcKeyboard, ScriptedKeysReachTheGuestAsScanCodesOnEveryBackend) {
  for (const std::vector<std::string>& how :
       {std::vector<std::string>{"--accel=interp", "--clock=virtual"}, std::vector<std::string>{"--accel=interp"}}) {
    std::vector<std::string> args = how;
    args.push_back(std::string("--keys=") + typed_keys);
    ProcessResult run = run_pc(args, "keyboard_echo");
    EXPECT_EQ(run.exit_status, 0) << run.err;
    EXPECT_EQ(run.out, typed_codes) << how[how.size() - 1];
  }
}

TEST(PcKeyboard, KvmGetsTheSameKeys) {
  EMU_REQUIRE_KVM();
  ProcessResult run = run_pc({"--accel=kvm", std::string("--keys=") + typed_keys}, "keyboard_echo");
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, typed_codes);
}

TEST(PcKeyboard, CompareTypesTheKeysOnBothSides) {
  EMU_REQUIRE_KVM();
  ProcessResult run = run_pc({"--compare", std::string("--keys=") + typed_keys}, "keyboard_echo");
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, typed_codes);
  EXPECT_NE(run.err.find("no divergence"), std::string::npos) << run.err;
}

TEST(PcKeyboard, AKeysFileIsTheSameScript) {
  TempDir dir;
  const std::string script = typed_keys;
  write_file(dir.file("keys.txt"), std::vector<std::uint8_t>(script.begin(), script.end()));
  ProcessResult run = run_pc({"--clock=virtual", "--keys-file=" + dir.file("keys.txt")}, "keyboard_echo");
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, typed_codes);
  ProcessResult missing = run_pc({"--keys-file=" + dir.file("none.txt")}, "keyboard_echo");
  EXPECT_EQ(missing.exit_status, 4);
  EXPECT_NE(missing.err.find("keys file"), std::string::npos) << missing.err;
  const std::string bad_script = "ab{nokey}";
  write_file(dir.file("bad.txt"), std::vector<std::uint8_t>(bad_script.begin(), bad_script.end()));
  ProcessResult bad = run_pc({"--keys-file=" + dir.file("bad.txt")}, "keyboard_echo");
  EXPECT_EQ(bad.exit_status, 4);
  EXPECT_NE(bad.err.find("unknown key 'nokey' at offset 2"), std::string::npos) << bad.err;
}

TEST(PcKeyboard, PipedStdinIsTypedCharacterByCharacter) {
  ProcessResult run = run_process({"/bin/sh", "-c",
                                   "printf 'ab\\n' | \"$0\" --machine=pc --load=0x7c00 --entry=07c0:0000 --timeout=30 \"$1\"",
                                   EMU_BINARY, pc_guest("keyboard_echo")});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "1e 9e 30 b0 1c 9c \n");
  EXPECT_NE(run.err.find("nothing is left to interrupt it"), std::string::npos) << run.err;
}

TEST(PcKeyboard, KeyScriptMistakesAreUsageErrors) {
  ProcessResult bad = run_pc({"--keys={f13}"}, "keyboard_echo");
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find("--keys: unknown key 'f13' at offset 0"), std::string::npos) << bad.err;
  ProcessResult bare = run_emu({"--keys=a", guest_path("hello")});
  EXPECT_EQ(bare.exit_status, 2);
  EXPECT_NE(bare.err.find("the bare machine has no keyboard"), std::string::npos) << bare.err;
  ProcessResult both = run_pc({"--keys=a", "--keys-file=/dev/null"}, "keyboard_echo");
  EXPECT_EQ(both.exit_status, 2);
}

// A pseudo-terminal as the user's terminal: stdin, stdout and stderr of emu.
struct Pty {
  Pty() {
    master = UniqueFd(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master.valid() || ::grantpt(master.get()) != 0 || ::unlockpt(master.get()) != 0) return;
    terminal = UniqueFd(::open(::ptsname(master.get()), O_RDWR | O_NOCTTY | O_CLOEXEC));
  }
  termios settings() const {
    termios now{};
    ::tcgetattr(terminal.get(), &now);
    return now;
  }
  void type(const std::string& bytes) const { ASSERT_EQ(::write(master.get(), bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size())); }
  UniqueFd master;
  UniqueFd terminal;
};

std::vector<std::string> emu_pc(const std::string& guest) {
  return {EMU_BINARY, "--machine=pc", "--load=0x7c00", "--entry=07c0:0000", "--timeout=30", pc_guest(guest)};
}

TEST(PcKeyboard, ATerminalIsRawWhileTheGuestRunsCtrlCIsAKeyAndCtrlRightBracketQuits) {
  using namespace std::chrono_literals;
  Pty pty;
  ASSERT_TRUE(pty.terminal.valid());
  const termios before = pty.settings();
  ASSERT_TRUE(before.c_lflag & ICANON);
  SpawnedProcess child(emu_pc("keyboard_echo"), pty.terminal.get(), pty.terminal.get(), pty.terminal.get());
  // Wait for raw mode (no canonical input), then type: q (no echo may appear), Ctrl+C.
  for (int i = 0; i < 200 && (pty.settings().c_lflag & ICANON); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(pty.settings().c_lflag & (ICANON | ECHO | ISIG)) << "raw mode while the guest runs";
  pty.type("q\x03");
  const std::string seen = read_until(pty.master.get(), "9d ", 10s);
  EXPECT_EQ(seen, "10 90 1d 2e ae 9d ") << "Ctrl+C goes to the guest; nothing echoed";
  pty.type("\x1d");
  EXPECT_EQ(child.wait(10s), 18);
  EXPECT_NE(read_until(pty.master.get(), "\r\n", 10s).find("emu: guest stopped: Ctrl+] pressed at 07c0:"), std::string::npos);
  const termios after = pty.settings();
  EXPECT_EQ(after.c_lflag, before.c_lflag) << "the terminal restored";
  EXPECT_EQ(after.c_iflag, before.c_iflag);
}

TEST(PcKeyboard, ASignalRestoresTheTerminalToo) {
  using namespace std::chrono_literals;
  Pty pty;
  ASSERT_TRUE(pty.terminal.valid());
  const termios before = pty.settings();
  SpawnedProcess child(emu_pc("keyboard_echo"), pty.terminal.get(), pty.terminal.get(), pty.terminal.get());
  for (int i = 0; i < 200 && (pty.settings().c_lflag & ICANON); ++i) std::this_thread::sleep_for(10ms);
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait(10s), 18);
  EXPECT_EQ(pty.settings().c_lflag, before.c_lflag);
}

TEST(PcMachine, AResetRequestEndsTheRunWithItsStatus) {
  ProcessResult keyboard = run_pc({"--accel=interp"}, "reset");
  EXPECT_EQ(keyboard.exit_status, 20) << keyboard.err;
  EXPECT_NE(keyboard.err.find("the guest reset the CPU at 07c0:"), std::string::npos) << keyboard.err;
  ProcessResult port_a = run_pc({"--accel=interp", "--reg=ax=1"}, "reset");
  EXPECT_EQ(port_a.exit_status, 20) << port_a.err;
}

TEST(PcMachine, AResetRequestEndsAKvmRunToo) {
  EMU_REQUIRE_KVM();
  ProcessResult run = run_pc({"--accel=kvm"}, "reset");
  EXPECT_EQ(run.exit_status, 20) << run.err;
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

void expect_every_a20_check_passes(const ProcessResult& run, const std::string& how) {
  EXPECT_EQ(run.exit_status, 0) << how << ": " << run.err;
  EXPECT_EQ(run.out.find("FAIL"), std::string::npos) << how << ":\n" << run.out;
  EXPECT_NE(run.out.find("wraps its high byte ok\ndone\n"), std::string::npos) << how << ":\n" << run.out;
}

TEST(PcA20, TheGateWrapsOneMebibyteUntilPort92OrThe8042OpensIt) {
  expect_every_a20_check_passes(run_pc({"--accel=interp"}, "a20_check"), "interp");
}

TEST(PcA20, KvmAndCompareWrapTheSame) {
  EMU_REQUIRE_KVM();
  expect_every_a20_check_passes(run_pc({"--accel=kvm"}, "a20_check"), "kvm");
  expect_every_a20_check_passes(run_pc({"--compare"}, "a20_check"), "compare");
}

TEST(PcA20, TheBareMachineHasNoGate) {
  // On bare, FFFF:0510 is physical 0x100500: outside 1 MiB of RAM, so the write is dropped and
  // 0000:0500 keeps its byte (docs/cpu-model.md).
  ProcessResult run = run_emu({"--accel=interp", "--load=0x7c00", "--entry=07c0:0000", pc_guest("a20_check")});
  EXPECT_NE(run.out.find("A20 closed at reset: 1 MiB wraps to 0 FAIL"), std::string::npos) << run.out;
}

TEST(PcA20, MoreThanOneMebibyteIsRefusedOnThePc) {
  ProcessResult run = run_pc({"--mem=1088K"}, "a20_check");
  EXPECT_EQ(run.exit_status, 2);
  EXPECT_NE(run.err.find("--machine=pc takes at most 1M of --mem"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

// The host's local date as the RTC shows it ("YYYYMMDD").
std::string local_date() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d", &local);
  return text;
}

TEST(PcRtc, VirtualTimeStartsAtTheMillenniumAndIrq8Ticks) {
  ProcessResult run = run_pc({"--clock=virtual"}, "rtc_check");
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "20000101 000000\n64 periodic interrupts on IRQ8\n20000101 000000\n");
}

void expect_host_date(const ProcessResult& run, const std::string& before, const std::string& after) {
  EXPECT_EQ(run.exit_status, 0) << run.err;
  const std::string date = run.out.substr(0, 8);
  EXPECT_TRUE(date == before || date == after) << run.out << " (the host says " << before << ")";
  EXPECT_NE(run.out.find("\n64 periodic interrupts on IRQ8\n"), std::string::npos) << run.out;
}

TEST(PcRtc, TheHostClockGivesTodaysDate) {
  const std::string before = local_date();
  ProcessResult run = run_pc({"--accel=interp"}, "rtc_check");
  expect_host_date(run, before, local_date());
}

TEST(PcRtc, KvmReadsTheSameClockAndCompareAgrees) {
  EMU_REQUIRE_KVM();
  const std::string before = local_date();
  ProcessResult run = run_pc({"--accel=kvm"}, "rtc_check");
  expect_host_date(run, before, local_date());
  ProcessResult compared = run_pc({"--compare"}, "rtc_check");
  EXPECT_EQ(compared.exit_status, 0) << compared.err;
  EXPECT_NE(compared.err.find("64 interrupts), no divergence"), std::string::npos) << compared.err;
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

// serial_echo.S checks loopback, then echoes COM1's input in capitals until a '.'.
ProcessResult run_serial_echo(const std::string& input, const std::vector<std::string>& options) {
  std::string command = "printf '%s' \"$2\" | \"$0\" --machine=pc --load=0x7c00 --entry=07c0:0000 --timeout=30";
  for (const std::string& option : options) command += " " + option;
  command += " \"$1\"";
  return run_process({"/bin/sh", "-c", command, EMU_BINARY, pc_guest("serial_echo"), input});
}

TEST(PcSerial, StdinFeedsCom1WhenTheKeysAreScriptedAndItsOutputJoinsStdout) {
  for (const char* how : {"--accel=interp --clock=virtual", "--accel=interp"}) {
    ProcessResult run = run_serial_echo("hello, serial.", {"--keys='{wait:0}'", how});
    EXPECT_EQ(run.exit_status, 0) << how << ": " << run.err;
    EXPECT_EQ(run.out, "loopback ok\nHELLO, SERIAL.\ndone\n") << how;
  }
}

TEST(PcSerial, KvmAndCompareEchoTheSame) {
  EMU_REQUIRE_KVM();
  ProcessResult kvm = run_serial_echo("kvm.", {"--keys='{wait:0}'", "--accel=kvm"});
  EXPECT_EQ(kvm.out, "loopback ok\nKVM.\ndone\n") << kvm.err;
  ProcessResult compared = run_serial_echo("both sides.", {"--keys='{wait:0}'", "--compare"});
  EXPECT_EQ(compared.exit_status, 0) << compared.err;
  EXPECT_EQ(compared.out, "loopback ok\nBOTH SIDES.\ndone\n");
  EXPECT_NE(compared.err.find("no divergence"), std::string::npos) << compared.err;
}

TEST(PcSerial, AFileTakesCom1sOutput) {
  TempDir dir;
  const std::string log = dir.file("com1.txt");
  ProcessResult run = run_serial_echo("to a file.", {"--keys='{wait:0}'", "--serial=file:" + log});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, "loopback ok\n\ndone\n") << "the debug console stays on stdout";
  EXPECT_EQ(read_text(log), "TO A FILE.");
}

TEST(PcSerial, BadSerialChoicesFailBeforeTheGuestRuns) {
  ProcessResult missing_dir = run_pc({"--serial=file:/nonexistent/x"}, "serial_echo");
  EXPECT_EQ(missing_dir.exit_status, 4);
  EXPECT_EQ(missing_dir.out, "") << "nothing ran";
  EXPECT_NE(missing_dir.err.find("/nonexistent/x"), std::string::npos) << missing_dir.err;
  ProcessResult unknown = run_pc({"--serial=com2"}, "serial_echo");
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(unknown.err.find("one of stdio, file:PATH, pty, none"), std::string::npos) << unknown.err;
  ProcessResult bare = run_emu({"--serial=none", guest_path("hello")});
  EXPECT_EQ(bare.exit_status, 2);
}

TEST(PcSerial, WithoutCom1ItsPortsReadAllOnes) {
  ProcessResult run = run_pc({"--serial=none", "--keys={wait:0}"}, "serial_echo");
  EXPECT_EQ(run.out.rfind("loopback FAIL\n", 0), 0u) << run.out;
}

TEST(PcSerial, APseudoTerminalIsTheOtherEnd) {
  using namespace std::chrono_literals;
  TempDir dir;
  UniqueFd err(::open(dir.file("err.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  host::Pipe out;
  SpawnedProcess child({EMU_BINARY, "--machine=pc", "--load=0x7c00", "--entry=07c0:0000", "--timeout=30", "--serial=pty",
                        "--keys={wait:0}", pc_guest("serial_echo")},
                       out.write_end.get(), err.get());
  out.write_end = UniqueFd();
  // The name comes first on stderr.
  std::string name;
  for (int i = 0; i < 500 && name.empty(); ++i) {
    std::this_thread::sleep_for(10ms);
    const std::string text = read_text(dir.file("err.txt"));
    const std::size_t at = text.find("serial port COM1 is ");
    const std::size_t end = text.find('\n', at);
    if (at != std::string::npos && end != std::string::npos) name = text.substr(at + 20, end - at - 20);
  }
  ASSERT_FALSE(name.empty());
  UniqueFd line(::open(name.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  ASSERT_TRUE(line.valid()) << name;
  // Bytes sent before the guest has set its UART up are lost when it resets the FIFO, as on a
  // PC: wait until it has (its loopback check comes after).
  EXPECT_EQ(read_until(out.read_end.get(), "\n", 10s), "loopback ok\n");
  ASSERT_EQ(::write(line.get(), "pty.", 4), 4);
  EXPECT_EQ(read_until(line.get(), ".", 10s), "PTY.");
  EXPECT_EQ(child.wait(10s), 0);
  EXPECT_EQ(read_until_eof(out.read_end.get(), 10s), "\ndone\n");
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

TEST(PcSpeaker, TonesAreCountedInStatsAndPostCodesShownWithVerbose) {
  ProcessResult run = run_pc({"--clock=virtual", "-v", "--stats"}, "beep");
  EXPECT_EQ(run.exit_status, 0) << run.err;
  // 1,193,182 Hz / 2712 = 439.96 Hz; / 1356 = 879.9 Hz.
  EXPECT_NE(run.err.find("emu: stats: speaker tones 2\n"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("emu: stats:   tone 1 (Hz) 440\n"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("emu: stats:   tone 2 (Hz) 880\n"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("emu: POST code 01\n"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("emu: stats: POST codes written (port 0x80) 2\n"), std::string::npos) << run.err;
  ProcessResult quiet = run_pc({"--clock=virtual"}, "beep");
  EXPECT_EQ(quiet.err.find("POST code"), std::string::npos) << "only with -v";
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

// timer_keys.S prints each scan code with the millisecond tick (IRQ0 at 1193 clocks, 999.85 us)
// it came at. The keys come as docs/devices.md says: the first 50 ms in, each held 20 ms, the
// next 20 ms after a release.
std::string expected_timer_keys() {
  std::string out;
  unsigned ms = 50;
  for (unsigned code : {0x1Eu, 0x30u, 0x01u}) {  // a, b, Esc
    out += fmt::format("{:02x}@{:04x}\n{:02x}@{:04x}\n", code, ms, code | 0x80, ms + 20);
    ms += 40;
  }
  return out;
}

TEST(PcTimerAndKeyboard, KeysArriveAtTheDocumentedPaceOnTheVirtualClock) {
  ProcessResult run = run_pc({"--clock=virtual", "--keys=ab{esc}"}, "timer_keys");
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, expected_timer_keys());
}

TEST(PcTimerAndKeyboard, CompareFollowsTimerAndKeyboardInterruptsTogether) {
  EMU_REQUIRE_KVM();
  ProcessResult run = run_pc({"--compare", "--keys=ab{esc}"}, "timer_keys");
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, expected_timer_keys());
  EXPECT_NE(run.err.find("no divergence"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

// The self-checking guests can fail: without the PC's devices every device check does.
TEST(PcMachine, TheDeviceChecksFailWithoutTheDevices) {
  ProcessResult run = run_emu({"--accel=interp", "--load=0x7c00", "--entry=07c0:0000", pc_guest("pic_pit_check")});
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 8) << run.out;
  std::size_t fails = 0;
  for (std::size_t at = run.out.find(" FAIL\n"); at != std::string::npos; at = run.out.find(" FAIL\n", at + 1)) ++fails;
  EXPECT_EQ(fails, 7u) << run.out;
}

}  // namespace
}  // namespace emu::test
