#include "backends/kvm/kvm_backend.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "backends/kvm/kvm_system.h"
#include "backends/registry.h"
#include "cli/interruptions.h"
#include "core/error.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"

namespace emu::kvm {
namespace {

// A machine with an image loaded, run on a fresh KVM backend.
struct KvmRun {
  explicit KvmRun(const std::vector<std::uint8_t>& image, MachineConfig config = {}, bool assist = true)
      : machine(config, console),
        backend((machine.load_image(image), machine), default_device_path(),
                assist ? interpreter_assistant(machine) : nullptr) {}
  RunResult run(RunLimits limits = {}) { return backend.run(limits); }

  StringSink console;
  Machine machine;
  KvmBackend backend;
};

TEST(KvmBackend, Hello) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("hello"));
  RunResult result = run.run();
  EXPECT_EQ(result.reason, StopReason::hlt);
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(run.console.text(), "Hello, world!\n");
  EXPECT_FALSE(result.insns);
}

TEST(KvmBackend, HelloAtAnotherLoadAddressAndEntry) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("hello"),
             MachineConfig{.mem_size = 64 * 1024, .load_address = 0x7C00, .entry_segment = 0x07C0});
  EXPECT_EQ(run.run().reason, StopReason::hlt);
  EXPECT_EQ(run.console.text(), "Hello, world!\n");
  CpuState state = run.backend.state();
  EXPECT_EQ(state.sreg(Sreg::cs).selector, 0x07C0);
  EXPECT_EQ(state.sreg(Sreg::cs).base, 0x7C00u);
}

TEST(KvmBackend, RepOutsb) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("rep_outsb"));
  EXPECT_EQ(run.run().reason, StopReason::hlt);
  EXPECT_EQ(run.console.text(), "rep outsb to port 0xe9\n");
}

TEST(KvmBackend, RepInsbHonoursCountAndLeavesTheGuardByte) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("rep_insb"));
  EXPECT_EQ(run.run().reason, StopReason::hlt);
  EXPECT_EQ(run.console.text(), "e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9\n5a\n");
}

TEST(KvmBackend, ExitDevice) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("exit_code"));
  RunResult result = run.run();
  EXPECT_EQ(result.reason, StopReason::exit_device);
  EXPECT_EQ(result.exit_status, 85);
  EXPECT_EQ(run.console.text(), "exiting with 0x2a\n");
}

TEST(KvmBackend, UnassignedMemoryAndPortsReadAllOnes) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("unassigned"));
  EXPECT_EQ(run.run().reason, StopReason::hlt);
  EXPECT_EQ(run.console.text(), "ff ff ffff ff ffff\n");
  auto stats = run.backend.stats();
  bool saw_mmio_read = false;
  for (const StatCounter& counter : stats) saw_mmio_read |= counter.name == "mmio-read exits" && counter.value == 3;
  EXPECT_TRUE(saw_mmio_read);
}

TEST(KvmBackend, RamEndsWhereMemSaysSo) {
  EMU_REQUIRE_KVM();
  // mov al, [0x1000] (just past 4 KiB of RAM); out 0xF1, al; mov al, [0x0FFF]; out 0xF1, al; hlt
  std::vector<std::uint8_t> image = {0xA0, 0x00, 0x10, 0xE6, 0xF1, 0xA0, 0xFF, 0x0F, 0xE6, 0xF1, 0xF4};
  image.resize(0x1000, 0);
  image[0xFFF] = 'r';
  KvmRun run(image, MachineConfig{.mem_size = 4096});
  EXPECT_EQ(run.run().reason, StopReason::hlt);
  EXPECT_EQ(run.console.text(), "\xFFr");
}

TEST(KvmBackend, TripleFaultIsShutdown) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("triple_fault"));
  RunResult result = run.run();
  EXPECT_EQ(result.reason, StopReason::shutdown);
  EXPECT_EQ(result.exit_status, 8);
  EXPECT_EQ(result.message, "guest triple fault (shutdown) at 0000:000d");
}

TEST(KvmBackend, TimeoutStopsASpinningGuest) {
  EMU_REQUIRE_KVM();
  KvmRun run(test::read_guest("endless_loop"));
  StopRequest stop;
  cli::Interruptions interruptions(stop);
  interruptions.arm_deadline(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  RunResult result = run.run({std::nullopt, &stop});
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.reason, StopReason::timeout);
  EXPECT_EQ(result.exit_status, 10);
  EXPECT_EQ(result.message, "guest stopped: --timeout reached at 0000:0000");
  EXPECT_GE(elapsed, std::chrono::milliseconds(100));
  EXPECT_LT(elapsed, std::chrono::seconds(10));
}

TEST(KvmBackend, TimeoutStopsAGuestThatExitsConstantly) {
  EMU_REQUIRE_KVM();
  // The timer signal often lands while emu handles an exit; immediate_exit must catch it.
  std::vector<std::uint8_t> image = {0xE6, 0x80, 0xEB, 0xFC};  // 1: out 0x80, al; jmp 1b
  KvmRun run(image);
  {
    StopRequest stop;
    cli::Interruptions interruptions(stop);
    interruptions.arm_deadline(std::chrono::milliseconds(100));
    RunResult result = run.run({std::nullopt, &stop});
    EXPECT_EQ(result.reason, StopReason::timeout);
  }
  // The backend can run again after a stop: immediate_exit was cleared.
  StopRequest stop;
  cli::Interruptions interruptions(stop);
  interruptions.arm_deadline(std::chrono::milliseconds(20));
  RunResult again = run.run({std::nullopt, &stop});
  EXPECT_EQ(again.reason, StopReason::timeout);
}

TEST(KvmBackend, InstructionKvmCannotEmulateIsAGuestFaultWithoutAssist) {
  EMU_REQUIRE_KVM();
  KvmRun run({0x27, 0xF4}, MachineConfig{}, /*assist=*/false);  // daa; hlt
  RunResult result = run.run();
  if (!test::host_is_kvm_pvm()) {
    // Hardware-assisted KVM runs DAA natively.
    EXPECT_EQ(result.reason, StopReason::hlt);
    return;
  }
  EXPECT_EQ(result.reason, StopReason::error);
  EXPECT_EQ(result.exit_status, 8);
  EXPECT_EQ(result.message,
            "KVM cannot run the instruction at 0000:0000: daa (bytes 27): internal error, emulation failure; try --accel=interp");
}

TEST(KvmBackend, FetchFromUnassignedMemoryIsAGuestFault) {
  EMU_REQUIRE_KVM();
  KvmRun run({0xEA, 0x10, 0x00, 0xFF, 0xFF});  // jmp 0xffff:0x0010, physical 0x100000: not RAM
  RunResult result = run.run();
  EXPECT_EQ(result.reason, StopReason::error);
  EXPECT_EQ(result.exit_status, 8);
  EXPECT_EQ(result.message, "guest executed unassigned memory at ffff:0010 (outside RAM)");
}

TEST(KvmBackend, StateRoundTripsThroughTheVcpu) {
  EMU_REQUIRE_KVM();
  KvmRun run({0xF4});
  CpuState state = reset_state(0x2000, 0x0100);
  for (unsigned i = 0; i < 8; ++i) state.gpr[i] = 0x01020304u * (i + 1);
  state.eflags = 0x0002 | flag::cf | flag::zf | flag::df | flag::of;
  load_real_mode_segment(state.sreg(Sreg::es), 0xB800);
  state.idtr = {0x500, 0xFF};
  run.backend.set_state(state);
  EXPECT_EQ(run.backend.state(), state);
}

TEST(KvmBackend, RegistersAfterARun) {
  EMU_REQUIRE_KVM();
  // mov ax, 0x1234; mov ds, ax; mov ecx, 0x89abcdef (66 b9); stc; hlt
  KvmRun run({0xB8, 0x34, 0x12, 0x8E, 0xD8, 0x66, 0xB9, 0xEF, 0xCD, 0xAB, 0x89, 0xF9, 0xF4});
  EXPECT_EQ(run.run().reason, StopReason::hlt);
  CpuState state = run.backend.state();
  EXPECT_EQ(state.reg(Gpr::eax), 0x1234u);
  EXPECT_EQ(state.reg(Gpr::ecx), 0x89ABCDEFu);
  EXPECT_EQ(state.sreg(Sreg::ds).selector, 0x1234);
  EXPECT_EQ(state.sreg(Sreg::ds).base, 0x12340u);
  EXPECT_EQ(state.eflags & flag::cf, flag::cf);
  EXPECT_EQ(state.eip, 13u);  // one past the HLT
}

TEST(KvmSystem, MissingDeviceIsUnavailableWithAdvice) {
  try {
    KvmSystem::open("/nonexistent/kvm");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.status(), ExitStatus::backend_unavailable);
    EXPECT_STREQ(error.what(), "KVM is not available: /nonexistent/kvm does not exist; try --accel=interp");
  }
}

TEST(KvmSystem, NonKvmDeviceIsUnusable) {
  try {
    KvmSystem::open("/dev/null");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.status(), ExitStatus::backend_unavailable);
    EXPECT_NE(std::string(error.what()).find("/dev/null is not a KVM device"), std::string::npos);
  }
}

}  // namespace
}  // namespace emu::kvm
