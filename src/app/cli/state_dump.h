#pragma once

#include <string>

#include "core/cpu_state.h"
#include "core/run_result.h"

namespace emu::cli {

// The --dump-state JSON object (one line): every field of CpuState in the order of
// for_each_field. Keys are stable: tools compare dumps across backends.
// {"exit": {"reason": R, "code": N}, "regs": {"eax":.., ..., "eip":.., "eflags":..},
//  "segs": {"es": {"selector":.., "base":.., "limit":.., "attributes":..}, ...},
//  "system": {"idtr": {"base":.., "limit":..}, "gdtr": {..}, "cr0":.., "interrupt_shadow": B},
//  "insns": N or null}
std::string state_to_json(const RunResult& result, const CpuState& state);

}  // namespace emu::cli
