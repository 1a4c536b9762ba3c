// --cpu through the whole program: the profile decides a result the manuals leave undefined,
// and the default (the host's profile) computes what KVM computes on this host.
#include <gtest/gtest.h>

#include "support/guest_files.h"
#include "support/json.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

// mov ax, 8000h; mov dx, 00FFh; mov cl, 17; shrd ax, dx, cl; hlt. A 16-bit SHRD by more than 16
// shifts in bits the manuals leave undefined: Intel repeats the destination, AMD the source.
const std::vector<std::uint8_t> wide_shrd = {0xB8, 0x00, 0x80, 0xBA, 0xFF, 0x00, 0xB1, 0x11, 0x0F, 0xAD, 0xD0, 0xF4};

std::int64_t final_eax(const std::vector<std::string>& args) {
  ProcessResult result = run_emu(args);
  EXPECT_EQ(result.exit_status, 0) << result.err;
  return parse_json(result.out)["regs"]["eax"].integer();
}

// --reg sets the initial state on both backends alike: the reset state's data segments (0)
// with a BIOS-style entry point.
TEST(InitialRegisters, BothBackendsStartFromThem) {
  TempDir dir;
  write_file(dir.file("hlt.bin"), {0xF4});
  for (std::string accel : {"interp", "kvm"}) {
    if (accel == "kvm" && kvm_unusable_reason()) continue;  // the interpreter alone still checks --reg
    ProcessResult result = run_emu({"--accel=" + accel, "--load", "0x1000", "--entry", "0100:0000", "--reg", "ds=0",
                                    "--reg", "ss=0x50", "--reg", "sp=0x400", "--reg", "bh=0x12", "--dump-state", "-",
                                    dir.file("hlt.bin")});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    Json state = parse_json(result.out);
    EXPECT_EQ(state["segs"]["cs"]["base"].integer(), 0x1000) << accel;
    EXPECT_EQ(state["segs"]["ds"]["selector"].integer(), 0) << accel;
    EXPECT_EQ(state["segs"]["es"]["selector"].integer(), 0x100) << accel;
    EXPECT_EQ(state["segs"]["ss"]["base"].integer(), 0x500) << accel;
    EXPECT_EQ(state["regs"]["esp"].integer(), 0x400) << accel;
    EXPECT_EQ(state["regs"]["ebx"].integer(), 0x1200) << accel;
  }
}

TEST(CpuProfile, DecidesAnUndefinedResult) {
  TempDir dir;
  write_file(dir.file("shrd.bin"), wide_shrd);
  EXPECT_EQ(final_eax({"--accel=interp", "--cpu=intel", "--dump-state", "-", dir.file("shrd.bin")}), 0x007F);
  EXPECT_EQ(final_eax({"--accel=interp", "--cpu=amd", "--dump-state", "-", dir.file("shrd.bin")}), 0x807F);
}

// CPUID names the profile's vendor inside the guest; on KVM too where the host takes the table.
// xor eax, eax; cpuid; hlt
TEST(CpuProfile, CpuidNamesTheProfilesVendor) {
  TempDir dir;
  write_file(dir.file("cpuid.bin"), {0x66, 0x31, 0xC0, 0x0F, 0xA2, 0xF4});
  auto ebx = [&](const std::vector<std::string>& options) {
    std::vector<std::string> args = options;
    args.insert(args.end(), {"--dump-state", "-", dir.file("cpuid.bin")});
    ProcessResult result = run_emu(args);
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return parse_json(result.out)["regs"]["ebx"].integer();
  };
  EXPECT_EQ(ebx({"--accel=interp", "--cpu=intel"}), 0x756E6547);  // "Genu"
  EXPECT_EQ(ebx({"--accel=interp", "--cpu=amd"}), 0x68747541);    // "Auth"
  if (kvm_unusable_reason()) GTEST_SKIP() << *kvm_unusable_reason();
  ProcessResult stats = run_emu({"--accel=kvm", "--stats", dir.file("cpuid.bin")});
  if (stats.err.find("CPUID table set (KVM_SET_CPUID2 accepted) 1") == std::string::npos) {
    GTEST_SKIP() << "this host's KVM refuses KVM_SET_CPUID2 (kvm_pvm): its guests' CPUID answers zeros";
  }
  EXPECT_EQ(ebx({"--accel=kvm"}), ebx({"--accel=interp"}));
}

// guests/cpu_detect.S tells the 80286 from later CPUs as programs of the time did (FLAGS bits
// 12-15); the stats name the profile.
TEST(CpuProfile, The286ProfileIsTheCpuAProgramDetects) {
  ProcessResult on_286 = run_emu({"--accel=interp", "--cpu=286", "--stats", guest_path("cpu_detect")});
  EXPECT_EQ(on_286.exit_status, 0) << on_286.err;
  EXPECT_EQ(on_286.out, "80286\n");
  EXPECT_NE(on_286.err.find("CPU profile 286"), std::string::npos) << on_286.err;
  for (std::string profile : {"intel", "amd", "amd-zen5"}) {
    ProcessResult later = run_emu({"--accel=interp", "--cpu=" + profile, guest_path("cpu_detect")});
    EXPECT_EQ(later.out, "80386 or later\n") << profile;
  }
  if (kvm_unusable_reason()) GTEST_SKIP() << *kvm_unusable_reason();
  EXPECT_EQ(run_emu({"--accel=kvm", guest_path("cpu_detect")}).out, "80386 or later\n");
}

// guests/cpuid_vendor.S reads the vendor string as programs do, storing EBX, EDX and ECX: each
// profile's, and no CPUID on the 286 (which it tells apart first).
TEST(CpuProfile, TheVendorAProgramReads) {
  for (auto [profile, line] : {std::pair<std::string, std::string>{"intel", "vendor GenuineIntel\n"},
                               {"amd", "vendor AuthenticAMD\n"}, {"amd-zen5", "vendor AuthenticAMD\n"},
                               {"286", "no CPUID\n"}}) {
    ProcessResult run = run_emu({"--accel=interp", "--cpu=" + profile, guest_path("cpuid_vendor")});
    EXPECT_EQ(run.exit_status, 0) << profile << ": " << run.err;
    EXPECT_EQ(run.out, line) << profile;
  }
}

// A 386 instruction under --cpu=286 is an undefined opcode: #UD through the guest's IVT, here to
// a HLT. Loaded at 0000:1000: mov word [18h], 1100h; mov word [1Ah], 0; cpuid; hlt; and at
// 0000:1100 the handler's hlt.
TEST(CpuProfile, The286RaisesUdForA386Instruction) {
  TempDir dir;
  std::vector<std::uint8_t> image = {0xC7, 0x06, 0x18, 0x00, 0x00, 0x11, 0xC7, 0x06, 0x1A, 0x00,
                                     0x00, 0x00, 0x0F, 0xA2, 0xF4};
  image.resize(0x101, 0x90);
  image[0x100] = 0xF4;
  write_file(dir.file("cpuid.bin"), image);
  auto final_ip = [&](const std::string& cpu) {
    ProcessResult result = run_emu({"--accel=interp", "--load", "0x1000", "--entry", "0000:1000", "--cpu=" + cpu,
                                    "--dump-state", "-", dir.file("cpuid.bin")});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return parse_json(result.out)["regs"]["eip"].integer();
  };
  EXPECT_EQ(final_ip("286"), 0x1101) << "halted in the #UD handler";
  EXPECT_EQ(final_ip("intel"), 0x100f) << "CPUID ran, then the HLT after it";
}

TEST(CpuProfile, TheDefaultComputesWhatKvmComputes) {
  EMU_REQUIRE_KVM();
  TempDir dir;
  write_file(dir.file("shrd.bin"), wide_shrd);
  EXPECT_EQ(final_eax({"--accel=interp", "--dump-state", "-", dir.file("shrd.bin")}),
            final_eax({"--accel=kvm", "--dump-state", "-", dir.file("shrd.bin")}));
}

}  // namespace
}  // namespace emu::test
