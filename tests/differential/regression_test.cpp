// Every saved divergence (tests/differential/regressions) must compare clean now, and the
// reducer must shrink a divergence to the instruction that causes it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "differential/reduce.h"
#include "support/kvm_available.h"

namespace emu::test {
namespace {

TEST(DifferentialRegressions, EverySavedProgramAgrees) {
  EMU_REQUIRE_KVM();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(EMU_REGRESSION_DIR)) {
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    auto regression = parse_regression(text.str());
    ASSERT_TRUE(regression) << entry.path();
    EXPECT_EQ(lockstep_divergence(regression->blocks, regression->state), std::nullopt) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 3);
}

// A damaged file is refused, not thrown out of (found by state_dump_fuzz: std::stoul threw).
TEST(DifferentialRegressions, DamagedFilesAreRefused) {
  EXPECT_FALSE(parse_regression("state eax=zz\n"));
  EXPECT_FALSE(parse_regression("state eax=0x100000000\n"));
  EXPECT_FALSE(parse_regression("state eax=0\nblock 1g\n"));
  EXPECT_FALSE(parse_regression("state eax=0\nblock 100\n"));
  EXPECT_FALSE(parse_regression("block\r'\xa2\x99\x8dl"));
  std::optional<Reduction> fine = parse_regression("state eax=0x10 ecx=5\nblock 90 f4\n");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->state.gpr[0], 0x10u);
  EXPECT_EQ(fine->state.gpr[1], 5u);
  EXPECT_EQ(fine->blocks, (Blocks{{0x90, 0xF4}}));
}

TEST(DifferentialRegressions, RegressionFilesRoundTrip) {
  Reduction reduction{{{0x90}, {0xB8, 0x34, 0x12}}, reset_state(0, program_start), ""};
  reduction.state.reg(Gpr::esi) = 0x1234;
  auto parsed = parse_regression(regression_text(reduction, "test"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->blocks, reduction.blocks);
  EXPECT_EQ(parsed->state.gpr, reduction.state.gpr);
  EXPECT_FALSE(parse_regression("block 90\n"));  // no state line
}

// RDTSC differs between the backends (the interpreter's instruction count against the host's
// TSC): hidden among random blocks, the reducer must find it.
TEST(DifferentialRegressions, ReducerFindsTheDivergingBlock) {
  EMU_REQUIRE_KVM();
  std::mt19937 random(99);
  RandomProgram program = generate_program(random, 60);
  std::vector<std::uint8_t> rdtsc = {0x0F, 0x31};
  program.blocks.insert(program.blocks.begin() + static_cast<std::ptrdiff_t>(program.blocks.size() / 2), rdtsc);
  program.image = assemble_program(program.blocks);
  ASSERT_TRUE(lockstep_divergence(program.blocks, program.initial_state));
  Reduction reduced = reduce(program, lockstep_divergence);
  ASSERT_EQ(reduced.blocks.size(), 1u);
  EXPECT_EQ(reduced.blocks[0], rdtsc);
  EXPECT_NE(reduced.report.find("rdtsc"), std::string::npos) << reduced.report;
  EXPECT_TRUE(lockstep_divergence(reduced.blocks, reduced.state));
}

}  // namespace
}  // namespace emu::test
