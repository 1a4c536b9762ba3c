// libFuzzer target: --dump-state's writer and the regression-file reader. A state made from the
// input is written as JSON and read back with the tests' own JSON parser: every register and
// segment must come back as written. The input is also read as a regression file, which may be
// refused but must not crash, and whatever it accepts must write back to a file that reads the
// same.
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/state_dump.h"
#include "differential/reduce.h"
#include "support/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  CpuState state = reset_state(0, 0);
  std::size_t used = std::min(size, sizeof(std::uint32_t) * state.gpr.size());
  std::memcpy(state.gpr.data(), data, used);
  if (size > used + 4) std::memcpy(&state.eip, data + used, 4);
  if (size > used + 8) std::memcpy(&state.eflags, data + used + 4, 4);
  for (std::size_t i = 0; i < state.seg.size() && used + 8 + 2 * i + 2 <= size; ++i) {
    std::uint16_t selector = static_cast<std::uint16_t>(data[used + 8 + 2 * i] | (data[used + 9 + 2 * i] << 8));
    load_real_mode_segment(state.seg[i], selector);
  }
  RunResult result{StopReason::hlt, 0, "", size};
  test::Json dump = test::parse_json(cli::state_to_json(result, state));
  if (static_cast<std::uint32_t>(dump["regs"]["eax"].integer()) != state.reg(Gpr::eax)) std::abort();
  if (static_cast<std::uint32_t>(dump["regs"]["edi"].integer()) != state.reg(Gpr::edi)) std::abort();
  if (static_cast<std::uint32_t>(dump["regs"]["eip"].integer()) != state.eip) std::abort();
  if (static_cast<std::uint32_t>(dump["regs"]["eflags"].integer()) != state.eflags) std::abort();
  if (static_cast<std::uint32_t>(dump["segs"]["gs"]["selector"].integer()) != state.sreg(Sreg::gs).selector) std::abort();
  if (static_cast<std::uint32_t>(dump["segs"]["cs"]["base"].integer()) != state.sreg(Sreg::cs).base) std::abort();

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
