// Runs the built `emu` on every guest and checks stdout, stderr and the exit status.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

struct GuestCase {
  const char* guest;
  std::vector<std::string> extra_args;
  int exit_status;
  std::string out;
  std::string err;
};

void PrintTo(const GuestCase& c, std::ostream* os) { *os << c.guest; }

class GuestOnKvm : public ::testing::TestWithParam<GuestCase> {};

TEST_P(GuestOnKvm, OutputAndExitStatus) {
  EMU_REQUIRE_KVM();
  const GuestCase& c = GetParam();
  std::vector<std::string> args{"--accel=kvm"};
  args.insert(args.end(), c.extra_args.begin(), c.extra_args.end());
  args.push_back(guest_path(c.guest));
  ProcessResult result = run_emu(args);
  EXPECT_EQ(result.exit_status, c.exit_status);
  EXPECT_EQ(result.out, c.out);
  EXPECT_EQ(result.err, c.err);
}

INSTANTIATE_TEST_SUITE_P(
    Guests, GuestOnKvm,
    ::testing::Values(
        GuestCase{"hello", {}, 0, "Hello, world!\n", ""}, GuestCase{"rep_outsb", {}, 0, "rep outsb to port 0xe9\n", ""},
        GuestCase{"rep_insb", {}, 0, "e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9\n5a\n", ""},
        GuestCase{"exit_code", {}, 85, "exiting with 0x2a\n", ""},
        GuestCase{"debug_target", {"--load", "0x7c00", "--entry", "07c0:0000"}, 7, "done after the debugger\n", ""},
        GuestCase{"unassigned", {}, 0, "ff ff ffff ff ffff\n", ""},
        GuestCase{"triple_fault", {}, 8, "", "emu: guest triple fault (shutdown) at 0000:000d\n"},
        GuestCase{
            "endless_loop", {"--timeout", "0.2"}, 10, "", "emu: guest stopped: --timeout reached at 0000:0000\n"}),
    [](const auto& info) { return std::string(info.param.guest); });

TEST(Guests, DefaultAcceleratorRunsHello) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out, "Hello, world!\n");
  EXPECT_EQ(result.err, "");
}

TEST(Guests, LoadAddressAndEntry) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({"--load", "0x7c00", "--entry", "07c0:0000", "--mem", "64K", guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out, "Hello, world!\n");
}

TEST(Guests, DumpStateToStdout) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({"--dump-state", "-", guest_path("exit_code")});
  EXPECT_EQ(result.exit_status, 85);
  const std::string prefix = "exiting with 0x2a\n";
  ASSERT_EQ(result.out.substr(0, prefix.size()), prefix);
  std::string json = result.out.substr(prefix.size());
  EXPECT_EQ(json.rfind(R"({"exit": {"reason": "exit-device", "code": 85}, "regs": {"eax": 42, )", 0), 0u) << json;
  EXPECT_NE(json.find(R"("cs": {"selector": 0, "base": 0, "limit": 65535, "attributes": 155}, )"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("insns": null})"), std::string::npos) << json;
  EXPECT_EQ(json.back(), '\n');
}

TEST(Guests, DumpStateAndMemToFiles) {
  EMU_REQUIRE_KVM();
  TempDir dir;
  ProcessResult result = run_emu({"--mem", "64K", "--dump-state", dir.file("state.json"), "--dump-mem",
                                  dir.file("ram.bin"), guest_path("rep_insb")});
  EXPECT_EQ(result.exit_status, 0);
  std::vector<std::uint8_t> ram = read_file(dir.file("ram.bin"));
  ASSERT_EQ(ram.size(), 65536u);
  std::vector<std::uint8_t> image = read_guest("rep_insb");
  // The image is at 0, except for the buffer the guest filled: 16 x 0xE9, then the guard 0x5a.
  std::size_t buffer = image.size() - 17;
  for (std::size_t i = 0; i < buffer; ++i) ASSERT_EQ(ram[i], image[i]) << i;
  for (std::size_t i = buffer; i < buffer + 16; ++i) ASSERT_EQ(ram[i], 0xE9) << i;
  EXPECT_EQ(ram[buffer + 16], 0x5A);
  // Untouched RAM stays zero up to the stack, which grows down from SS:SP = 0000:0000.
  for (std::size_t i = image.size(); i < 0xFF00; ++i) ASSERT_EQ(ram[i], 0) << i;
  EXPECT_NE(ram[0xFFFA], 0);  // a return address of print_hex8's nested call
  std::vector<std::uint8_t> state = read_file(dir.file("state.json"));
  std::string json(state.begin(), state.end());
  EXPECT_EQ(json.rfind(R"({"exit": {"reason": "hlt", "code": 0}, )", 0), 0u) << json;
}

TEST(Guests, StatsAndVerboseGoToStderr) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({"--stats", "-v", guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out, "Hello, world!\n");
  EXPECT_NE(result.err.find("emu: accelerator: kvm (KVM ("), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("emu: stats: exit hlt (status 0)"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("emu: stats: port-out exits 14\n"), std::string::npos) << result.err;
}

// The instruction-set corpus's checksums, pinned, so that a change in any result the corpus
// reaches fails here even where both backends would change alike (the interpreter assists KVM).
// Where each value came from:
// - every guest but isa_alu and isa_shift: KVM on the project's Intel Xeon host (kvm_pvm) and on
//   its AMD EPYC family 1Ah hosts (2026-11-29) print the same, and so does every profile: they
//   hold no result the manuals leave open.
// - isa_shift reads undefined shift and rotate results: 0581cfd6 is what KVM printed on the Intel
//   Xeon host (the suite's value until the CPU profiles), 17806014 what it prints on the AMD EPYC
//   family 1Ah hosts; `intel` and the AMD profiles must reproduce them.
// - isa_alu: kvm_pvm runs its TZCNT/LZCNT as BSF/BSR (docs/cpu-model.md), so KVM's c7aadb2c is
//   wrong by the manuals; e666f859 is the interpreter's, whose TZCNT/LZCNT the instruction-set
//   corpus checks against objdump's decoding and the SDM (tests/interp), with KVM agreeing on
//   everything else (`--compare` replaces only those two instructions' results).
TEST(Guests, InstructionSetChecksumsArePinned) {
  struct Pinned {
    const char* guest;
    std::string intel;  // stdout under --cpu=intel
    std::string amd;    // under --cpu=amd and --cpu=amd-zen5
  };
  const std::vector<Pinned> pinned = {
      {"isa_alu", "e666f859 0000 00\n", "e666f859 0000 00\n"},
      {"isa_control", "d26c9456 0005 05\n", "d26c9456 0005 05\n"},
      {"isa_muldiv", "fc508fc7 0099 00\n", "fc508fc7 0099 00\n"},
      {"isa_shift", "0581cfd6 0000 00\n", "17806014 0000 00\n"},
      {"isa_string", "strings\ns!\n16be2e4b 0000 00\n", "strings\ns!\n16be2e4b 0000 00\n"},
      {"isa_system", "aa9266a6 0013 0d\n", "aa9266a6 0013 0d\n"},
  };
  for (const Pinned& p : pinned) {
    for (const char* cpu : {"intel", "amd", "amd-zen5"}) {
      ProcessResult result = run_emu({"--accel=interp", fmt::format("--cpu={}", cpu), guest_path(p.guest)});
      EXPECT_EQ(result.exit_status, 0) << p.guest << " " << cpu << ": " << result.err;
      EXPECT_EQ(result.out, std::string_view(cpu) == "intel" ? p.intel : p.amd) << p.guest << " --cpu=" << cpu;
    }
  }
}

}  // namespace
}  // namespace emu::test
