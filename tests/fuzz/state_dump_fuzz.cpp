// libFuzzer target: --dump-state's writer and the regression-file reader. A state made from the
// input (every field of for_each_field) is written as JSON and read back with the tests' own
// JSON parser: every field must come back as written. The input is also read as a regression file, which may be
// refused but must not crash, and whatever it accepts must write back to a file that reads the
// same.
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <algorithm>

#include "cli/state_dump.h"
#include "differential/reduce.h"
#include "support/json.h"
#include "support/state_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  // Every field of the state from the input's bytes, in the order of the listing.
  CpuState state = reset_state(0, 0);
  std::size_t offset = 0;
  for_each_field(state, [&](const StateField&, auto& value) {
    using Value = std::remove_reference_t<decltype(value)>;
    std::uint64_t bits = 0;
    const std::size_t take = std::min(sizeof(Value), size - std::min(size, offset));
    for (std::size_t i = 0; i < take; ++i) bits |= std::uint64_t{data[offset + i]} << (8 * i);
    offset += sizeof(Value);
    if constexpr (std::is_same_v<Value, bool>) {
      value = (bits & 1) != 0;
    } else {
      value = static_cast<Value>(bits);
    }
  });
  RunResult result{StopReason::hlt, 0, "", size};
  const test::Json dump = test::parse_json(cli::state_to_json(result, state));
  if (test::state_from_json(dump) != state) std::abort();  // every field comes back as written
  if (static_cast<std::size_t>(dump["insns"].integer()) != size) std::abort();

  std::string text(reinterpret_cast<const char*>(data), size);
  if (std::optional<test::Reduction> parsed = test::parse_regression(text)) {
    std::optional<test::Reduction> again = test::parse_regression(test::regression_text(*parsed, "fuzz"));
    if (!again || again->blocks != parsed->blocks || again->state.gpr != parsed->state.gpr ||
        again->state.eflags != parsed->state.eflags) {
      std::abort();
    }
  }
  return 0;
}
