// The benchmark guests against their C++ models (bench/guest_references.h): the same printed
// checksum and exactly the same instruction count as the interpreter, at several iteration
// counts, so the MIPS figures of every engine rest on a count checked by two derivations.
#include <gtest/gtest.h>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "platform/machine.h"
#include "guest_references.h"
#include "guest_runner.h"

namespace {

struct Outcome {
  emu::RunResult result;
  std::string console;
};

Outcome run_interpreter(const std::vector<std::uint8_t>& image) {
  emu::StringSink console;
  emu::Machine machine(emu::MachineConfig{}, console);
  machine.load_image(image);
  emu::interp::Interpreter interpreter(machine);
  emu::RunResult result = interpreter.run({});
  return {result, console.text()};
}

TEST(BenchGuests, OutputAndInstructionCountMatchTheModel) {
  ASSERT_EQ(bench_model::bench_guests().size(), 10u);
  for (const bench_model::BenchGuest& guest : bench_model::bench_guests()) {
    for (std::uint32_t iterations : {1u, 2u, 7u, 300u}) {
      SCOPED_TRACE(fmt::format("{} x {}", guest.name, iterations));
      Outcome outcome = run_interpreter(bench_image(guest.name, iterations));
      bench_model::GuestRun model = guest.reference(iterations);
      EXPECT_EQ(outcome.result.reason, emu::StopReason::exit_device);
      EXPECT_EQ(outcome.result.exit_status, 1);
      EXPECT_EQ(outcome.console, model.output);
      ASSERT_TRUE(outcome.result.insns.has_value());
      EXPECT_EQ(*outcome.result.insns, model.instructions);
    }
  }
}

// The models are not the guests' own arithmetic copied: a wrong iteration count changes them.
TEST(BenchGuests, ModelsDependOnTheIterationCount) {
  for (const bench_model::BenchGuest& guest : bench_model::bench_guests()) {
    EXPECT_NE(guest.reference(5).instructions, guest.reference(6).instructions) << guest.name;
  }
}

}  // namespace
