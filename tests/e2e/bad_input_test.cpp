// Every kind of bad input: one line on stderr naming the cause, the documented status, no crash.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include "core/cpu_profile.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

// One line, prefixed "emu: ", containing `needle`.
void expect_one_line_error(const ProcessResult& result, int status, const std::string& needle) {
  EXPECT_EQ(result.exit_status, status) << result.err;
  EXPECT_EQ(result.signal, 0);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err.rfind("emu: ", 0), 0u) << result.err;
  ASSERT_FALSE(result.err.empty());
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << result.err;
  EXPECT_NE(result.err.find(needle), std::string::npos) << result.err;
}

// Values and options with control characters in them are named escaped, so that the message
// stays one line (found by cli_fuzz: a newline in any value broke it in two).
TEST(BadInput, ControlCharactersInArgumentsKeepTheMessageOneLine) {
  expect_one_line_error(run_emu({"--mem", "1\n2", "x"}), 2, "invalid value '1\\n2' for --mem");
  expect_one_line_error(run_emu({"--cpu", "a\tb", "x"}), 2, "invalid value 'a\\tb' for --cpu");
  expect_one_line_error(run_emu({"--reg", "a\n=1", "x"}), 2, "unknown register 'a\\n'");
  expect_one_line_error(run_emu({"--entry", "1\r", "x"}), 2, "invalid value '1\\r' for --entry");
  expect_one_line_error(run_emu({"--x\ny", "x"}), 2, "unrecognised option '--x\\ny'");
  expect_one_line_error(run_emu({"--dump-state", "--a\nb", "x"}), 2, "not the option '--a\\nb'");
}

TEST(BadInput, KvmWithAnotherVendorsProfile) {
  CpuProfile other = host_profile() == CpuProfile::intel ? CpuProfile::amd : CpuProfile::intel;
  expect_one_line_error(run_emu({"--accel=kvm", fmt::format("--cpu={}", profile_name(other)), guest_path("hello")}), 2,
                        fmt::format("KVM runs this host's CPU (profile {}), not --cpu={}; use --accel=interp",
                                    profile_name(host_profile()), profile_name(other)));
}

TEST(BadInput, MissingImage) {
  expect_one_line_error(run_emu({"/nonexistent/guest.bin"}), 4,
                        "image '/nonexistent/guest.bin': No such file or directory");
}

TEST(BadInput, DirectoryImage) {
  TempDir dir;
  expect_one_line_error(run_emu({dir.path()}), 4, "is a directory");
}

TEST(BadInput, EmptyImage) {
  TempDir dir;
  write_file(dir.file("empty.bin"), {});
  expect_one_line_error(run_emu({dir.file("empty.bin")}), 4, "is empty");
}

TEST(BadInput, ImageLargerThanRam) {
  TempDir dir;
  write_file(dir.file("big.bin"), std::vector<std::uint8_t>(8193, 0x90));
  expect_one_line_error(run_emu({"--mem", "8K", dir.file("big.bin")}), 4,
                        "is 8193 bytes, more than the 8192 bytes of guest RAM");
}

TEST(BadInput, ImageThatDoesNotFitAtItsLoadAddress) {
  TempDir dir;
  write_file(dir.file("g.bin"), std::vector<std::uint8_t>(0x200, 0x90));
  expect_one_line_error(run_emu({"--mem", "4K", "--load", "0xF00", dir.file("g.bin")}), 4,
                        "image of 512 bytes does not fit in 0x1000 bytes of RAM at load address 0xf00");
}

TEST(BadInput, UnreadableImage) {
  TempDir dir;
  write_file(dir.file("secret.bin"), {0xF4});
  ::chmod(dir.file("secret.bin").c_str(), 0);
  expect_one_line_error(run_emu({dir.file("secret.bin")}, {.env = {}, .drop_root = true}), 4, "Permission denied");
}

struct BadOption {
  std::vector<std::string> args;
  std::string needle;
};

void PrintTo(const BadOption& option, std::ostream* os) {
  for (const std::string& arg : option.args) *os << arg << ' ';
}

class BadOptions : public ::testing::TestWithParam<BadOption> {};

TEST_P(BadOptions, UsageError) {
  std::vector<std::string> args = GetParam().args;
  args.push_back(guest_path("hello"));
  expect_one_line_error(run_emu(args), 2, GetParam().needle);
}

INSTANTIATE_TEST_SUITE_P(Options, BadOptions,
                         ::testing::Values(BadOption{{"--mem", "lots"}, "invalid value 'lots' for --mem"},
                                           BadOption{{"--mem", "2K"}, "expected a multiple of 4K from 4K to 1088K"},
                                           BadOption{{"--mem", "2M"}, "expected a multiple of 4K from 4K to 1088K"},
                                           BadOption{{"--mem", "4097"}, "expected a multiple of 4K from 4K to 1088K"},
                                           BadOption{{"--load", "here"}, "invalid value 'here' for --load"},
                                           BadOption{{"--load", "1M"}, "outside the 0x100000 bytes of RAM"},
                                           BadOption{{"--entry", "7c00"},
                                                     "invalid value '7c00' for --entry: expected SEG:OFF in hex"},
                                           BadOption{{"--entry", "0:10000"}, "invalid value '0:10000' for --entry"},
                                           BadOption{{"--accel", "tcg"}, "invalid value 'tcg' for --accel"},
                                           BadOption{{"--timeout", "0"}, "invalid value '0' for --timeout"},
                                           BadOption{{"--timeout", "soon"}, "invalid value 'soon' for --timeout"},
                                           BadOption{{"--timeout", "-5"}, "--timeout"},
                                           BadOption{{"--bogus"}, "unrecognised option '--bogus'"},
                                           BadOption{{"extra.bin"}, "see 'emu --help'"}),
                         [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(BadInput, NoImage) { expect_one_line_error(run_emu({}), 2, "no image given"); }

TEST(BadInput, NoKvmDevice) {
  expect_one_line_error(
      run_emu({"--accel=kvm", guest_path("hello")}, {.env = {{"EMU_KVM_DEVICE", "/nonexistent/kvm"}}}), 6,
      "KVM is not available: /nonexistent/kvm does not exist; try --accel=interp");
}

// Advice only where it helps: --compare needs KVM whatever, and auto has passed over it already.
TEST(BadInput, NoKvmDeviceForCompare) {
  ProcessResult result =
      run_emu({"--compare", guest_path("hello")}, {.env = {{"EMU_KVM_DEVICE", "/nonexistent/kvm"}}});
  expect_one_line_error(result, 6, "--compare needs KVM: KVM is not available: /nonexistent/kvm does not exist");
  EXPECT_EQ(result.err.find("try --accel"), std::string::npos) << result.err;
}

// An instruction that runs past the end of RAM is described the same way by both backends.
TEST(BadInput, InstructionRunningPastTheEndOfRam) {
  TempDir dir;
  write_file(dir.file("edge.bin"), {0x90, 0x90, 0x0F});  // nop; nop; then a two-byte opcode cut short
  for (std::vector<std::string> accel : {std::vector<std::string>{"--accel=interp"}, {"--accel=kvm"},
                                         {"--accel=kvm", "--no-assist"}}) {
    if (accel[0] == "--accel=kvm" && kvm_unusable_reason()) continue;
    std::vector<std::string> args = accel;
    args.insert(args.end(), {"--mem", "4K", "--load", "0xffd", "--entry", "0000:0ffd", dir.file("edge.bin")});
    expect_one_line_error(run_emu(args), 8, "guest executed unassigned memory at 0000:0fff (outside RAM)");
  }
}

TEST(BadInput, KvmDeviceWithoutPermission) {
  TempDir dir;
  write_file(dir.file("kvm"), {});
  ::chmod(dir.file("kvm").c_str(), 0);
  ::chmod(dir.path().c_str(), 0755);
  expect_one_line_error(
      run_emu({"--accel=kvm", guest_path("hello")}, {.env = {{"EMU_KVM_DEVICE", dir.file("kvm")}}, .drop_root = true}),
      6, "no permission to open " + dir.file("kvm") + " (add yourself to the kvm group); try --accel=interp");
}

TEST(BadInput, KvmDeviceThatIsNotKvm) {
  expect_one_line_error(run_emu({"--accel=kvm", guest_path("hello")}, {.env = {{"EMU_KVM_DEVICE", "/dev/null"}}}), 6,
                        "/dev/null is not a KVM device");
}

TEST(BadInput, AutoFallsBackToTheInterpreterWithoutKvm) {
  ProcessResult result = run_emu({"-v", guest_path("hello")}, {.env = {{"EMU_KVM_DEVICE", "/nonexistent/kvm"}}});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out, "Hello, world!\n");
  // Said once, without advice that could not help (auto has passed over KVM already).
  EXPECT_NE(result.err.find("emu: --accel=auto: passing over kvm: KVM is not available: /nonexistent/kvm does not "
                            "exist\n"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("emu: accelerator: interp"), std::string::npos) << result.err;
}

TEST(BadInput, MaxInsnsAndTraceNeedTheInterpreter) {
  expect_one_line_error(run_emu({"--accel=kvm", "--max-insns", "10", guest_path("hello")}), 2,
                        "--max-insns needs the interpreter (--accel=interp)");
  expect_one_line_error(run_emu({"--max-insns", "0", guest_path("hello")}), 2, "invalid value '0' for --max-insns");
  expect_one_line_error(run_emu({"--trace=all", guest_path("hello")}), 2, "invalid value 'all' for --trace");
}

TEST(BadInput, UnwritableDumpStatePath) {
  expect_one_line_error(run_emu({"--dump-state", "/nonexistent/dir/state.json", guest_path("hello")}), 4,
                        "cannot write --dump-state file '/nonexistent/dir/state.json': No such file or directory");
}

TEST(BadInput, UnwritableDumpMemPath) {
  TempDir dir;
  expect_one_line_error(run_emu({"--dump-mem", dir.path(), guest_path("hello")}), 4, "cannot write --dump-mem file");
}

}  // namespace
}  // namespace emu::test
