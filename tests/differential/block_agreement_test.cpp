// The interpreter's blocks on random programs: the lockstep comparison single-steps (no blocks),
// so this holds run(), which executes straight-line code as blocks, to step() on the same
// programs. Each program runs once to fill the decode cache (so that the second run finds its
// instructions decoded and builds blocks at every branch target), then again from the start.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "platform/machine.h"
#include "differential/program_generator.h"

namespace emu::test {
namespace {

struct Outcome {
  CpuState state;
  std::string console;
  std::uint64_t instructions = 0;
  StopReason stop = StopReason::limit;
  std::uint64_t blocks_built = 0;
};

std::uint64_t blocks_built(const interp::Interpreter& interpreter) {
  for (const StatCounter& counter : interpreter.stats()) {
    if (counter.name == "blocks built") return counter.value;
  }
  return 0;
}

constexpr std::uint64_t max_instructions = 100000;

// A program loaded into a fresh machine and interpreter, at its initial state.
struct Loaded {
  explicit Loaded(const RandomProgram& program)
      : machine(MachineConfig{.mem_size = program_memory}, console), interpreter(machine) {
    machine.load_image(program.image);
    interpreter.set_state(program.initial_state);
  }
  StringSink console;
  Machine machine;
  interp::Interpreter interpreter;
};

Outcome with_blocks(const RandomProgram& program) {
  Loaded loaded(program);
  auto& [console, machine, interpreter] = loaded;
  RunResult warm = interpreter.run({max_instructions});
  // Back to the start: RAM as it was (the programs write data and stack, not code, so every
  // cached instruction stays right).
  std::fill(machine.memory().data(), machine.memory().data() + machine.memory().size(), std::uint8_t{0});
  machine.load_image(program.image);
  interpreter.set_state(program.initial_state);
  std::size_t printed = console.text().size();
  RunResult result = interpreter.run({warm.insns.value_or(0) + max_instructions});
  return {interpreter.state(), console.text().substr(printed), result.insns.value_or(0) - warm.insns.value_or(0),
          result.reason, blocks_built(interpreter)};
}

Outcome stepped(const RandomProgram& program) {
  Loaded loaded(program);
  Outcome outcome;
  for (std::uint64_t i = 0; i < max_instructions; ++i) {
    RunResult result = loaded.interpreter.step();
    outcome.instructions = result.insns.value_or(0);
    if (result.reason != StopReason::limit) {
      outcome.stop = result.reason;
      break;
    }
  }
  outcome.state = loaded.interpreter.state();
  outcome.console = loaded.console.text();
  return outcome;
}

TEST(RandomPrograms, BlocksAgreeWithSingleSteps) {
  std::mt19937 random(20261123);
  std::uint64_t blocks = 0;
  for (int i = 0; i < 300; ++i) {
    RandomProgram program = generate_program(random, 200);
    Outcome with = with_blocks(program), steps = stepped(program);
    ASSERT_EQ(with.stop, steps.stop) << "program " << i;
    ASSERT_EQ(with.instructions, steps.instructions) << "program " << i;
    ASSERT_EQ(with.console, steps.console) << "program " << i;
    ASSERT_TRUE(with.state == steps.state)
        << fmt::format("program {}: IP {:#x} vs {:#x}, FLAGS {:#x} vs {:#x}", i, with.state.eip, steps.state.eip,
                       with.state.eflags, steps.state.eflags);
    blocks += with.blocks_built;
  }
  // The second runs did go through blocks: several per program (one per branch target reached).
  EXPECT_GT(blocks, 300u * 5u);
}

}  // namespace
}  // namespace emu::test
