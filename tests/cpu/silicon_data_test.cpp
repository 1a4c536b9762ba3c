// The interpreter against silicon: every case of tests/data/cpu (results and flags measured
// natively where the manuals leave them undefined) run under the CPU profile that claims to be
// that CPU. The bar is every case.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>

#include "cpu/silicon_cases.h"
#include "interp/interp_test_support.h"

namespace emu::test {
namespace {

struct Mismatch {
  std::size_t count = 0;
  std::size_t total = 0;
  std::string first;
};

// Runs every case; returns the mismatches per "op/size" (every group, with its total).
std::map<std::string, Mismatch> run_cases(const SiliconData& data, CpuProfile profile) {
  // Every distinct instruction once, each followed by HLT, in one image at code_base.
  std::map<std::vector<std::uint8_t>, std::uint16_t> offsets;
  std::vector<std::uint8_t> image;
  for (const SiliconCase& test : data.cases) {
    std::vector<std::uint8_t> code = silicon_case_code(test);
    if (offsets.contains(code)) continue;
    offsets[code] = static_cast<std::uint16_t>(code_base + image.size());
    image.insert(image.end(), code.begin(), code.end());
    image.push_back(0xF4);
  }
  InterpRun run(image, 0x110000, profile);
  std::map<std::string, Mismatch> groups;
  for (const SiliconCase& test : data.cases) {
    run.set([&](CpuState& s) {
      s.reg(Gpr::eax) = test.a;
      s.reg(Gpr::edx) = silicon_case_uses_edx(test) ? test.b : 0;
      s.reg(Gpr::ebx) = test.c;
      s.reg(Gpr::ecx) = test.c;
      s.eflags = test.flags_in | 2;
      s.eip = offsets.at(silicon_case_code(test));
    });
    RunResult result = run.interpreter->step();
    if (result.reason == StopReason::limit) result = run.interpreter->step();  // the HLT after it
    CpuState after = run.state();
    Mismatch& group = groups[fmt::format("{}/{}", test.op, test.size)];
    ++group.total;
    const std::uint32_t flags = after.eflags & arithmetic_flags;
    if (result.reason == StopReason::hlt && after.reg(Gpr::eax) == test.r0 && after.reg(Gpr::edx) == test.r1 &&
        flags == test.flags_out) {
      continue;
    }
    if (group.count++ == 0) {
      group.first = fmt::format("a={:#x} b={:#x} c={:#x} flags_in={:#x}: silicon r0={:#x} r1={:#x} flags={:#x}, "
                                "interpreter r0={:#x} r1={:#x} flags={:#x} ({})",
                                test.a, test.b, test.c, test.flags_in, test.r0, test.r1, test.flags_out,
                                after.reg(Gpr::eax), after.reg(Gpr::edx), flags, stop_reason_name(result.reason));
    }
  }
  return groups;
}

TEST(SiliconData, AmdZen3) {
  SiliconData data = read_silicon_data(EMU_TEST_DATA_DIR "/cpu/amd-zen3-epyc-fam19h.jsonl");
  ASSERT_EQ(data.cases.size(), 40000u);
  std::size_t failed = 0;
  for (const auto& [name, group] : run_cases(data, CpuProfile::amd)) {
    if (group.count == 0) continue;
    failed += group.count;
    ADD_FAILURE() << fmt::format("{}: {} of {} differ; first: {}", name, group.count, group.total, group.first);
  }
  EXPECT_EQ(failed, 0u) << data.cpu;
}

}  // namespace
}  // namespace emu::test
