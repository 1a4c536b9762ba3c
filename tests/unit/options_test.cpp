#include "cli/options.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <vector>

#include "core/error.h"

namespace emu::cli {
namespace {

Command parse(std::vector<const char*> args) {
  args.insert(args.begin(), "emu");
  return parse_command_line(args);
}

std::string usage_error(std::vector<const char*> args) {
  try {
    parse(std::move(args));
  } catch (const Error& error) {
    EXPECT_EQ(error.status(), ExitStatus::usage);
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(Options, DefaultsFollowTheConventions) {
  Command command = parse({"guest.bin"});
  EXPECT_EQ(command.action, Action::run);
  const Options& options = command.options;
  EXPECT_EQ(options.image, "guest.bin");
  EXPECT_EQ(options.machine.mem_size, 1024u * 1024);
  EXPECT_EQ(options.machine.load_address, 0u);
  EXPECT_EQ(options.machine.entry_segment, 0);
  EXPECT_EQ(options.machine.entry_offset, 0);
  EXPECT_EQ(options.accel, "auto");
  EXPECT_FALSE(options.timeout);
  EXPECT_FALSE(options.dump_state);
  EXPECT_FALSE(options.dump_mem);
  EXPECT_FALSE(options.stats);
  EXPECT_FALSE(options.verbose);
}

TEST(Options, ParsesEveryOption) {
  Command command = parse({"--mem", "64K", "--load=0x7c00", "--entry", "07c0:0000", "--accel=kvm", "--timeout", "1.5",
                           "--stats", "--dump-state", "-", "--dump-mem", "ram.bin", "-v", "img"});
  const Options& options = command.options;
  EXPECT_EQ(options.machine.mem_size, 64u * 1024);
  EXPECT_EQ(options.machine.load_address, 0x7C00u);
  EXPECT_EQ(options.machine.entry_segment, 0x07C0);
  EXPECT_EQ(options.machine.entry_offset, 0);
  EXPECT_EQ(options.accel, "kvm");
  EXPECT_EQ(options.timeout, std::chrono::milliseconds(1500));
  EXPECT_TRUE(options.stats);
  EXPECT_EQ(options.dump_state, "-");
  EXPECT_EQ(options.dump_mem, "ram.bin");
  EXPECT_TRUE(options.verbose);
  EXPECT_EQ(options.image, "img");
}

TEST(Options, MemLimits) {
  EXPECT_EQ(parse({"--mem", "4K", "x"}).options.machine.mem_size, 4096u);
  EXPECT_EQ(parse({"--mem", "1088K", "x"}).options.machine.mem_size, 0x110000u);
  EXPECT_NE(usage_error({"--mem", "0", "x"}).find("--mem"), std::string::npos);
  EXPECT_NE(usage_error({"--mem", "2K", "x"}).find("4K to 1088K"), std::string::npos);
  EXPECT_NE(usage_error({"--mem", "1092K", "x"}).find("4K to 1088K"), std::string::npos);
  EXPECT_NE(usage_error({"--mem", "5000", "x"}).find("multiple of 4K"), std::string::npos);
}

TEST(Options, LoadMustBeInsideRam) {
  EXPECT_NE(usage_error({"--mem", "64K", "--load", "64K", "x"}).find("outside"), std::string::npos);
  EXPECT_EQ(parse({"--mem", "64K", "--load", "0xFFFF", "x"}).options.machine.load_address, 0xFFFFu);
}

TEST(Options, TraceDoesNotSwallowTheImage) {
  Command command = parse({"--trace", "guest.bin"});
  EXPECT_EQ(command.options.trace, TraceMode::instructions);
  EXPECT_EQ(command.options.image, "guest.bin");
  EXPECT_EQ(parse({"--trace=regs", "guest.bin"}).options.trace, TraceMode::registers);
}

// --gdb takes the next word only when it is an address; --gdb-wait and --gdb-magic-break need it.
TEST(Options, GdbTakesAnAddressOrTheDefault) {
  Command bare = parse({"--gdb", "guest.bin"});
  EXPECT_EQ(bare.options.gdb, "127.0.0.1:1234");
  EXPECT_EQ(bare.options.image, "guest.bin");
  EXPECT_TRUE(bare.options.gdb_wait);
  EXPECT_FALSE(bare.options.gdb_magic_break);
  EXPECT_EQ(parse({"--gdb", "4321", "guest.bin"}).options.gdb, "4321");
  EXPECT_EQ(parse({"--gdb", ":0", "guest.bin"}).options.gdb, ":0");
  EXPECT_EQ(parse({"--gdb", "0.0.0.0:1234", "guest.bin"}).options.gdb, "0.0.0.0:1234");
  Command full = parse({"--gdb=localhost:7", "--gdb-wait=no", "--gdb-magic-break", "guest.bin"});
  EXPECT_EQ(full.options.gdb, "localhost:7");
  EXPECT_FALSE(full.options.gdb_wait);
  EXPECT_TRUE(full.options.gdb_magic_break);
  EXPECT_EQ(usage_error({"--gdb=70000", "x"}), "--gdb: '70000' is not [HOST:]PORT (a port from 0 to 65535)");
  EXPECT_EQ(usage_error({"--gdb", "--gdb-wait=maybe", "x"}),
            "invalid value 'maybe' for --gdb-wait: expected yes or no");
  EXPECT_EQ(usage_error({"--gdb-wait=no", "x"}), "--gdb-wait needs --gdb");
  EXPECT_EQ(usage_error({"--gdb", "--compare", "x"}), "--gdb does not apply to --compare: it debugs one backend's run");
}

TEST(Options, CpuProfileDefaultsToTheHostsAndTakesEveryName) {
  EXPECT_EQ(parse({"x"}).options.machine.cpu, host_profile());
  EXPECT_EQ(parse({"--cpu=host", "x"}).options.machine.cpu, host_profile());
  for (CpuProfile profile : all_profiles()) {
    std::string option = fmt::format("--cpu={}", profile_name(profile));
    EXPECT_EQ(parse({option.c_str(), "--accel=interp", "x"}).options.machine.cpu, profile);
  }
  EXPECT_NE(usage_error({"--cpu=pentium", "x"}).find("'pentium' for --cpu: expected one of intel, amd, amd-zen5, 286, host"),
            std::string::npos);
}

TEST(Options, CompareRefusesAProfileOtherThanTheHosts) {
  CpuProfile other = host_profile() == CpuProfile::intel ? CpuProfile::amd : CpuProfile::intel;
  std::string option = fmt::format("--cpu={}", profile_name(other));
  EXPECT_NE(usage_error({"--compare", option.c_str(), "x"}).find("--compare runs the interpreter as the CPU under KVM"),
            std::string::npos);
  EXPECT_TRUE(parse({"--compare", "--cpu=host", "x"}).options.compare);
}

TEST(Options, AValueThatLooksLikeAnOptionIsRefused) {
  EXPECT_NE(usage_error({"--dump-state", "--stats", "hello.bin"})
                .find("--dump-state needs a value, not the option '--stats' (write --dump-state=--stats"),
            std::string::npos);
  EXPECT_EQ(parse({"--dump-state=--stats", "hello.bin"}).options.dump_state, "--stats");
  EXPECT_EQ(parse({"--dump-state", "-", "hello.bin"}).options.dump_state, "-");
}

TEST(Options, NothingIsRewrittenAfterTheDoubleDash) {
  EXPECT_EQ(parse({"--", "--trace"}).options.image, "--trace");
  EXPECT_EQ(parse({"--", "--trace"}).options.trace, TraceMode::off);
  EXPECT_EQ(parse({"--trace", "--", "--trace"}).options.trace, TraceMode::instructions);
}

TEST(Options, CompareRefusesOptionsThatDescribeOneBackend) {
  for (std::vector<const char*> extra : {std::vector<const char*>{"--dump-state", "s.json"}, {"--dump-mem", "m.bin"},
                                         {"--trace"}, {"--stats"}, {"--no-assist"}, {"--accel=kvm"}}) {
    std::vector<const char*> args = {"--compare"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("x");
    EXPECT_NE(usage_error(args).find("does not apply to --compare"), std::string::npos) << extra[0];
  }
  Command command = parse({"--compare", "--max-insns", "5", "x"});
  EXPECT_EQ(command.options.max_insns, 5u);
  EXPECT_EQ(command.options.accel, "auto");
}

TEST(Options, RegistersAreRepeatableAndChecked) {
  Options options = parse({"--entry", "f000:fff0", "--reg", "DS=0", "--reg=sp=0x7c00", "x"}).options;
  ASSERT_EQ(options.machine.registers.size(), 2u);
  EXPECT_EQ(options.machine.registers[0].name, "ds");
  EXPECT_EQ(options.machine.registers[1].value, 0x7C00u);
  EXPECT_NE(usage_error({"--reg", "ds", "x"}).find("expected NAME=VALUE"), std::string::npos);
  EXPECT_NE(usage_error({"--reg", "xx=1", "x"}).find("unknown register 'xx'"), std::string::npos);
  EXPECT_NE(usage_error({"--reg", "cs=0x10000", "x"}).find("does not fit"), std::string::npos);
  EXPECT_NE(usage_error({"--reg", "eax=0x100000000", "x"}).find("does not fit 32 bits"), std::string::npos);
}

TEST(Options, HelpAndVersionNeedNoImage) {
  EXPECT_EQ(parse({"--help"}).action, Action::help);
  EXPECT_EQ(parse({"-h"}).action, Action::help);
  EXPECT_EQ(parse({"--version"}).action, Action::version);
}

TEST(Options, RejectsBadCommandLines) {
  EXPECT_NE(usage_error({}).find("no image"), std::string::npos);
  EXPECT_NE(usage_error({"--frobnicate", "x"}).find("frobnicate"), std::string::npos);
  EXPECT_NE(usage_error({"a", "b"}).find("see 'emu --help'"), std::string::npos);
  EXPECT_NE(usage_error({"--accel=tcg", "x"}).find("'tcg' for --accel"), std::string::npos);
  EXPECT_NE(usage_error({"--mem"}).find("mem"), std::string::npos);
  // Prefixes are not guessed: --me is not --mem.
  EXPECT_NE(usage_error({"--me", "4K", "x"}).find("--me"), std::string::npos);
}

// Boost's messages fill placeholders such as %original_token% until none is left: a word holding
// one used to make emu loop forever (found by cli_fuzz).
TEST(Options, WordsHoldingBoostPlaceholdersAreQuotedNotExpanded) {
  EXPECT_NE(usage_error({"-x%original_token%", "x"}).find("-x%original_token%"), std::string::npos);
  EXPECT_NE(usage_error({"--bogus=%value%%canonical_option%", "x"}).find("--bogus"), std::string::npos);
  EXPECT_NE(usage_error({"--stats=%option%", "x"}).find("'--stats' does not take"), std::string::npos);
  EXPECT_NE(usage_error({"%prefix%", "--x%prefix%\x01", "x"}).find("--x%prefix%"), std::string::npos);
}

TEST(Options, HelpTextListsGroupsDefaultsAndLimits) {
  std::string help = help_text();
  for (const char* needle :
       {"Usage: emu [OPTIONS] IMAGE", "Machine:", "Execution:", "Output:", "--mem SIZE (=1M)", "4K to 1088K",
        "4K steps", "--accel NAME (=auto)", "--timeout SECONDS", "--dump-state FILE", "--dump-mem FILE", "--stats",
        "-v [ --verbose ]", "--version", "Exit status:"}) {
    EXPECT_NE(help.find(needle), std::string::npos) << needle;
  }
}

// emu(1) comes from the same table: every option --help lists is in it, hyphens escaped for roff.
TEST(Options, TheManualPageListsEveryOptionOfTheHelp) {
  const std::string page = man_page();
  EXPECT_EQ(page.rfind(".TH EMU 1", 0), 0u);
  const std::string help = help_text();
  unsigned options = 0;
  for (std::size_t at = help.find("  --"); at != std::string::npos; at = help.find("  --", at + 1)) {
    const std::size_t end = help.find_first_of(" =\n", at + 2);
    std::string name;
    for (char c : help.substr(at + 4, end - at - 4)) name += c == '-' ? std::string("\\-") : std::string(1, c);
    EXPECT_NE(page.find("\\fB\\-\\-" + name), std::string::npos) << name;
    ++options;
  }
  EXPECT_GE(options, 15u);
  EXPECT_NE(page.find(".SH EXIT STATUS"), std::string::npos);
}

}  // namespace
}  // namespace emu::cli
