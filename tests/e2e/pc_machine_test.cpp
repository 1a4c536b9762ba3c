// --machine pc as a user runs it: timer interrupts on both backends, HLT waiting without
// spinning, virtual time that makes runs repeat exactly, and the command line's checks.
#include <gtest/gtest.h>

#include <sstream>

#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

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
