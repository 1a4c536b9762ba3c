// How much code interp_fuzz reaches: random inputs (as libFuzzer starts from) must mostly run
// more than 10 instructions of their own, not stop at the first fault. The measure behind
// docs/testing.md's figure.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <random>

#include "fuzz/interp_fuzz_guest.h"

namespace emu::test {
namespace {

TEST(FuzzTarget, MostRandomInputsRunMoreThanTenOwnInstructions) {
  std::mt19937 random(1);
  constexpr int inputs = 2000;
  int reaching = 0;
  std::uint64_t total_own = 0;
  for (int i = 0; i < inputs; ++i) {
    std::vector<std::uint8_t> input(2 + random() % 256);
    for (std::uint8_t& byte : input) byte = static_cast<std::uint8_t>(random());
    input[0] &= 0xFE;  // 64 KiB of RAM, as the earlier measure
    fuzz::FuzzGuest guest(input.data(), input.size());
    RunResult result = guest.interpreter->run({2000});
    const std::uint64_t own = guest.own_instructions(result.insns.value_or(0));
    total_own += own;
    if (own > 10) ++reaching;
  }
  fmt::print("{} of {} random inputs (2-257 bytes) run more than 10 instructions of their own; {:.1f} on average\n",
             reaching, inputs, static_cast<double>(total_own) / inputs);
  EXPECT_GT(reaching, inputs / 2);
}

}  // namespace
}  // namespace emu::test
