// --log-kvm and --log-interp from the command line: which backend each picks, what they refuse,
// and that the guest's own output is untouched by them.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

TEST(LearningLogs, LogInterpPicksTheInterpreterAndTellsExactlyN) {
  ProcessResult result = run_emu({"--log-interp=4", guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out, "Hello, world!\n");
  EXPECT_NE(result.err.find("#1 0000:0000  be 0e 00"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("\n#4 "), std::string::npos);
  EXPECT_EQ(result.err.find("\n#5 "), std::string::npos);
  EXPECT_NE(result.err.find("--log-interp: 4 instructions told; no more are\n"), std::string::npos);
}

TEST(LearningLogs, TheLogsRefuseABackendTheyCannotShow) {
  const std::string hello = guest_path("hello");
  struct Refusal {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Refusal> refusals = {
      {{"--log-kvm", "--accel=interp", hello}, "emu: --log-kvm shows the KVM backend's calls: use --accel=kvm or --compare\n"},
      {{"--log-interp=5", "--accel=kvm", hello},
       "emu: --log-interp shows the interpreter at work: use --accel=interp or --compare\n"},
      {{"--log-kvm", "--log-interp=5", hello},
       "emu: --log-kvm and --log-interp show one backend each: choose one, or both with --compare\n"},
      {{"--log-interp=0", hello}, "emu: invalid value '0' for --log-interp: expected a count of instructions above 0\n"},
  };
  for (const Refusal& refusal : refusals) {
    ProcessResult result = run_emu(refusal.args);
    EXPECT_EQ(result.exit_status, 2) << refusal.message;
    EXPECT_EQ(result.err, refusal.message);
    EXPECT_EQ(result.out, "");
  }
}

TEST(LearningLogs, LogKvmWhereKvmCannotBeOpenedShowsTheFailedOpen) {
  ProcessResult result = run_emu({"--log-kvm", guest_path("hello")}, {.env = {{"EMU_KVM_DEVICE", "/nonexistent/kvm"}}});
  EXPECT_EQ(result.exit_status, 6);  // --log-kvm made auto mean kvm
  EXPECT_EQ(result.err,
            "open /nonexistent/kvm -> ENOENT (No such file or directory)\n"
            "emu: KVM is not available: /nonexistent/kvm does not exist; try --accel=interp\n");
}

TEST(LearningLogs, LogKvmShowsEachExitAndTheSummary) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({"--log-kvm", guest_path("seed_hello")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out, "Hi\n");
  EXPECT_NE(result.err.find("KVM_RUN -> KVM_EXIT_IO out port=0xf1 size=1 count=1 data='H'\n"
                            "KVM_RUN -> KVM_EXIT_IO out port=0xf1 size=1 count=1 data='i'\n"
                            "KVM_RUN -> KVM_EXIT_IO out port=0xf1 size=1 count=1 data=0x0a\n"
                            "KVM_RUN -> KVM_EXIT_HLT\n"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("KVM summary: 4 exits from KVM_RUN\n"), std::string::npos);
  // Four calls, and the summary's count of them and header of the exits.
  EXPECT_EQ(count_of(result.err, "KVM_RUN"), 6u);
}

TEST(LearningLogs, LogKvmShowsTheTimersInterruptsInjected) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({"--log-kvm", "--accel=kvm", "--machine=pc", "--load=0x7c00", "--entry=07c0:0000",
                                  "--timeout=30", guest_path("pc/timer_ticks")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  // IRQ0 through the master PIC at vector 8, queued for the next entry.
  EXPECT_NE(result.err.find("\nKVM_INTERRUPT irq=0x8\n"), std::string::npos);
  EXPECT_NE(result.err.find("\n  KVM_INTERRUPT "), std::string::npos);  // counted in the summary
}

TEST(LearningLogs, UnderCompareBothLogsTellTheirSide) {
  EMU_REQUIRE_KVM();
  ProcessResult result = run_emu({"--compare", "--log-kvm", "--log-interp=2", guest_path("seed_hello")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out, "Hi\n");
  EXPECT_NE(result.err.find("KVM_SET_GUEST_DEBUG control=ENABLE|SINGLESTEP\n"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("KVM_RUN -> KVM_EXIT_DEBUG exception=1 pc=0x2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("#2 0000:0002  e6 f1"), std::string::npos);
  EXPECT_NE(result.err.find("    run: alone, through the single-instruction path (Interpreter::execute_one): stepped "
                            "one at a time"),
            std::string::npos);
  EXPECT_EQ(result.err.find("\n#3 "), std::string::npos);
  EXPECT_NE(result.err.find("KVM summary: "), std::string::npos);
}

}  // namespace
}  // namespace emu::test
