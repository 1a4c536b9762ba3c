#pragma once

#include <string>

#include "core/cpu_state.h"
#include "core/run_result.h"

namespace emu::cli {

// The --dump-state JSON object (one line). Keys are stable: tools compare dumps across backends.
// {"exit": {"reason": R, "code": N}, "regs": {"eax":.., ..., "eflags":..},
//  "segs": {"cs": {"selector":.., "base":..}, ...}, "insns": N or null}
std::string state_to_json(const RunResult& result, const CpuState& state);

}  // namespace emu::cli
