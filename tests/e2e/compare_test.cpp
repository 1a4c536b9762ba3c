// emu --compare: KVM single-stepped against the interpreter.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

// Every guest: no divergence. The endless loop is stopped by --timeout; the triple-fault guest
// enters protected mode, which the interpreter does not model.
TEST(Compare, EveryGuestShowsNoDivergence) {
  EMU_REQUIRE_KVM();
  for (const auto& entry : std::filesystem::directory_iterator(EMU_GUEST_DIR)) {
    if (entry.path().extension() != ".bin") continue;
    std::string name = entry.path().stem().string();
    // 64 KiB of RAM (enough for every guest) keeps the per-step RAM comparison cheap; the
    // timeout is a safety net for loaded machines, not a bar.
    std::string timeout = name == "endless_loop" ? "0.3" : "120";
    ProcessResult result = run_emu({"--compare", "--mem", "64K", "--timeout", timeout, entry.path().string()},
                                   {.env = {}, .drop_root = false, .deadline = std::chrono::seconds(300)});
    int expected = name == "endless_loop" ? 10 : name == "triple_fault" ? 8 : 0;
    EXPECT_EQ(result.exit_status, expected) << name << ": " << result.err;
    EXPECT_EQ(result.err.find("divergence after"), std::string::npos) << name << ": " << result.err;
    if (expected == 0) {
      EXPECT_NE(result.err.find("no divergence; the guest ended with"), std::string::npos) << name;
    }
  }
}

// --trace on KVM single-steps and prints the same lines as the interpreter, so the two traces
// diff clean (a guest without port input, where kvm_pvm's single-step is exact).
TEST(Compare, KvmAndInterpreterTracesAreIdentical) {
  EMU_REQUIRE_KVM();
  ProcessResult kvm = run_emu({"--accel=kvm", "--trace=regs", guest_path("bench_alu")});
  ProcessResult interp = run_emu({"--accel=interp", "--trace=regs", guest_path("bench_alu")});
  EXPECT_EQ(kvm.exit_status, 1);  // benchmark guests end through the exit port with 0
  EXPECT_EQ(kvm.out, interp.out);
  // One line per instruction: bench_alu's default 1,000 iterations execute 8,177 (its model in
  // bench/guest_references.h, checked against the interpreter's count by interp_tests).
  EXPECT_EQ(std::count(kvm.err.begin(), kvm.err.end(), '\n'), 8177);
  EXPECT_EQ(kvm.err, interp.err);
}

TEST(Compare, PrintsTheGuestOutputOnce) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({"--compare", guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out, "Hello, world!\n");
}

// A REP STOSB that overwrites its own bytes goes on as decoded, on both sides: no false
// divergence, and the same end as the plain runs.
//   mov di, 9; mov cx, 2; mov al, 90h; cld; rep stosb (at 9, overwritten with NOPs); hlt
TEST(Compare, ARepOverwritingItselfIsNoDivergence) {
  EMU_REQUIRE_KVM();
  TempDir dir;
  write_file(dir.file("rep.bin"), {0xBF, 0x09, 0x00, 0xB9, 0x02, 0x00, 0xB0, 0x90, 0xFC, 0xF3, 0xAA, 0xF4});
  ProcessResult result = run_emu({"--compare", dir.file("rep.bin")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.err.find("no divergence; the guest ended with hlt"), std::string::npos) << result.err;
}

TEST(Compare, ReportsTheFirstDifferenceSideBySide) {
  EMU_REQUIRE_KVM();
  // rdtsc; hlt: the interpreter's time stamp is its instruction count (0), KVM's the host's
  // TSC, so EAX differs (docs/cpu-model.md).
  TempDir dir;
  write_file(dir.file("rdtsc.bin"), {0x0F, 0x31, 0xF4});
  ProcessResult result = run_emu({"--compare", dir.file("rdtsc.bin")});
  EXPECT_EQ(result.exit_status, 14) << result.err;
  EXPECT_NE(result.err.find("emu: compare: divergence after 1 steps, after 0000:0000: rdtsc (bytes 0f 31): the states differ"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("  eax      "), std::string::npos);
  EXPECT_NE(result.err.find("  00000000   <<"), std::string::npos) << result.err;  // the interpreter's count
}

// kvm_pvm runs TZCNT as BSF: with a zero source BSF leaves ECX alone, TZCNT writes 16. The
// comparison takes the interpreter's (the CPU's) result, says so, and finds no divergence.
TEST(Compare, ReplacesResultsKvmIsKnownToGetWrong) {
  EMU_REQUIRE_KVM();
  // xor ax, ax; mov ecx, 0x5a5a5a5a; tzcnt cx, ax; mov dx, cx; hlt
  TempDir dir;
  write_file(dir.file("tzcnt.bin"), {0x31, 0xC0, 0x66, 0xB9, 0x5A, 0x5A, 0x5A, 0x5A, 0xF3, 0x0F, 0xBC, 0xC8, 0x89, 0xCA, 0xF4});
  ProcessResult result = run_emu({"--compare", dir.file("tzcnt.bin")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.err.find("emu: compare: 5 steps compared (5 states), no divergence"), std::string::npos) << result.err;
  if (host_is_kvm_pvm()) {
    EXPECT_NE(result.err.find("emu: compare: KVM results known to be wrong, replaced by the interpreter's: 1 "
                              "(first: 0000:0008: tzcnt cx, ax (bytes f3 0f bc c8)"),
              std::string::npos)
        << result.err;
  }
}

TEST(Compare, AnUndefinedFlagBothSidesHaveTheSameIsReadOnAndCounted) {
  EMU_REQUIRE_KVM();
  // mov ax, 3; mov bx, 5; mul bx (SF ZF AF PF undefined); jz +0; hlt. The interpreter computes
  // the host CPU's undefined flags (--compare runs it on the host's profile): KVM's ZF and its
  // agree, so the JZ reads the same on both.
  TempDir dir;
  write_file(dir.file("mul.bin"), {0xB8, 0x03, 0x00, 0xBB, 0x05, 0x00, 0xF7, 0xE3, 0x74, 0x00, 0xF4});
  ProcessResult result = run_emu({"--compare", dir.file("mul.bin")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.err.find("no divergence; the guest ended with hlt; it read flags left undefined 1 time, the same on "
                            "both sides"),
            std::string::npos)
      << result.err;
}

TEST(Compare, StopsWhereTheGuestReadsAnUndefinedFlagTheSidesHaveDifferent) {
  EMU_REQUIRE_KVM();
  if (!host_is_kvm_pvm()) {
    GTEST_SKIP() << "needs a flag the two sides leave different: kvm_pvm's AAM (docs/differential.md); this host's "
                    "KVM runs AAM right";
  }
  // xor ax, ax; mov al, 10; aam (AH = 1, AL = 0: ZF = 1 by the SDM, 0 on kvm_pvm); jz +0; hlt.
  TempDir dir;
  write_file(dir.file("aam.bin"), {0x31, 0xC0, 0xB0, 0x0A, 0xD4, 0x0A, 0x74, 0x00, 0xF4});
  ProcessResult result = run_emu({"--compare", dir.file("aam.bin")});
  EXPECT_EQ(result.exit_status, 16) << result.err;
  EXPECT_NE(result.err.find("0000:0006: je 0x8 (bytes 74 00) reads ZF left undefined by an earlier instruction; either "
                            "result is correct"),
            std::string::npos)
      << result.err;
}

TEST(Compare, MaskedFlagsAreComparedOnceDefinedAgain) {
  EMU_REQUIRE_KVM();
  // mul bx leaves ZF undefined; cmp ax, ax defines it again; jz is then fine.
  TempDir dir;
  write_file(dir.file("mul.bin"), {0xB8, 0x03, 0x00, 0xBB, 0x05, 0x00, 0xF7, 0xE3, 0x39, 0xC0, 0x74, 0x00, 0xF4});
  ProcessResult result = run_emu({"--compare", dir.file("mul.bin")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("emu: compare: 6 steps compared (6 states), no divergence; the guest ended with hlt"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace emu::test
