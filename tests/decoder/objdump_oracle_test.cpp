// The decoder against GNU objdump (docs/decoder.md, "The objdump oracle"): instruction lengths
// and normalised disassembly must agree on every instruction objdump decodes, except in the
// documented categories (tests/support/objdump_categories.cpp).
#include <gtest/gtest.h>

#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "support/guest_files.h"
#include "support/objdump_oracle.h"

namespace emu::test {
namespace {

void report_differences(const OracleReport& report) {
  for (const auto& [category, count] : report.explained) {
    ::testing::Test::RecordProperty(category, static_cast<int>(count));
  }
  std::size_t shown = 0;
  for (const Difference& difference : report.unexplained) {
    if (shown++ == 20) break;
    ADD_FAILURE() << fmt::format("at {:#x}: {:02x} | length {} vs objdump {} | '{}' vs objdump '{}'", difference.address,
                                 fmt::join(difference.bytes, " "), difference.our_length, difference.objdump_length,
                                 difference.ours, difference.objdump);
  }
  EXPECT_EQ(report.unexplained.size(), 0u);
}

TEST(ObjdumpOracle, AssembledCorpusOfEveryForm) {
  std::vector<std::uint8_t> corpus = read_file(std::string(EMU_TEST_DATA_DIR) + "/decoder_corpus.bin");
  auto report = check_against_objdump(corpus);
  if (!report) GTEST_SKIP() << "objdump is not installed";
  EXPECT_GT(report->compared, 700u);
  report_differences(*report);
  // The corpus holds only valid, in-scope forms: nothing should need a documented excuse.
  // (SALC is skipped: objdump does not know it.)
  for (const auto& [category, count] : report->explained) ADD_FAILURE() << category << ": " << count;
  EXPECT_EQ(report->matched, report->compared);
}

TEST(ObjdumpOracle, HundredThousandRandomSequences) {
  constexpr std::size_t sequences = 100000;
  constexpr std::size_t sequence_length = 16;
  std::mt19937 random(20261122);
  std::vector<std::uint8_t> code(sequences * sequence_length);
  for (std::uint8_t& byte : code) byte = static_cast<std::uint8_t>(random());
  auto report = check_against_objdump(code);
  if (!report) GTEST_SKIP() << "objdump is not installed";
  // objdump decodes the stream from every instruction boundary it finds: about 7 per sequence.
  EXPECT_GT(report->compared, sequences);
  report_differences(*report);
  std::size_t explained = 0;
  for (const auto& [category, count] : report->explained) explained += count;
  EXPECT_EQ(report->matched + explained, report->compared);
}

}  // namespace
}  // namespace emu::test
