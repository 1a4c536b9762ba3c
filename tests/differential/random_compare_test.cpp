// Random programs run on KVM and the interpreter in lockstep: no divergence allowed. A bounded
// run with a fixed seed; tests/differential/random_compare_main.cpp runs longer ones.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/compare/lockstep.h"
#include "backends/kvm/kvm_system.h"
#include "core/log.h"
#include "decoder/instruction.h"
#include "differential/program_generator.h"
#include "support/kvm_available.h"

namespace emu::test {
namespace {

compare::LockstepResult compare_program(const RandomProgram& program) {
  compare::LockstepOptions options;
  options.machine = MachineConfig{.mem_size = program_memory};
  options.kvm_device = kvm::default_device_path();
  options.initial_state = program.initial_state;
  options.max_steps = 100000;
  Log quiet(stderr, false);
  return compare::run_lockstep(program.image, options, quiet);
}

TEST(RandomPrograms, GeneratedCodeDecodesAsIntended) {
  std::mt19937 random(7);
  for (int i = 0; i < 50; ++i) {
    RandomProgram program = generate_program(random, 100);
    EXPECT_GE(program.instructions, 100u);
    std::size_t decoded = 0;
    std::span<const std::uint8_t> code(program.image);
    for (std::size_t at = program_start; at < code.size();) {
      x86::Instruction insn = x86::decode(code.subspan(at));
      ASSERT_TRUE(insn.valid()) << "at " << at;
      at += insn.length;
      ++decoded;
    }
    EXPECT_EQ(decoded, program.instructions + 1);  // + the final HLT
  }
}

TEST(RandomPrograms, NoDivergenceOnFixedSeed) {
  EMU_REQUIRE_KVM();
  constexpr int programs = 2000;
  constexpr std::size_t length = 200;
  std::mt19937 random(20261122);
  std::uint64_t steps = 0;
  int agreed = 0;
  for (int i = 0; i < programs; ++i) {
    RandomProgram program = generate_program(random, length);
    compare::LockstepResult result = compare_program(program);
    steps += result.steps;
    if (result.verdict == compare::Verdict::agree) {
      ++agreed;
      continue;
    }
    ADD_FAILURE() << fmt::format("program {} (seed 20261122): {}\ncode: {:02x}", i, result.report,
                                 fmt::join(std::span(program.image).subspan(program_start), " "));
  }
  EXPECT_EQ(agreed, programs);
  std::cout << fmt::format("{} programs, {} steps compared\n", programs, steps);
}

}  // namespace
}  // namespace emu::test
