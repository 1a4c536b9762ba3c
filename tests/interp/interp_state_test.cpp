// The interpreter's get and set against the one listing of the state (core/cpu_state.h): every
// field set through set_state() comes back through state(), so none is forgotten by either.
#include <gtest/gtest.h>

#include "interp_test_support.h"
#include "support/state_fields.h"

namespace emu::test {
namespace {

TEST(InterpState, EveryFieldOfTheListingComesBack) {
  InterpRun run({0xF4});
  const CpuState start = run.state();
  for (unsigned index = 0; index < state_field_count(); ++index) {
    StateField field;
    const CpuState state = with_field_changed(start, index, field);
    ASSERT_NE(state, start);
    run.interpreter->set_state(state);
    EXPECT_EQ(run.state(), state) << field.group << " " << field.member;
  }
}

// The machine's reset state is the listing's reset_state(), on the interpreter as on KVM.
TEST(InterpState, StartsFromTheResetState) {
  InterpRun run({0xF4});
  EXPECT_EQ(run.state(), reset_state(0, code_base));
}

}  // namespace
}  // namespace emu::test
