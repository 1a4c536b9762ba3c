#pragma once

#include "core/cpu_state.h"
#include "support/json.h"

namespace emu::test {

// The CpuState a --dump-state object describes, read field by field through for_each_field:
// a field the dump lacks throws std::runtime_error (as Json does).
CpuState state_from_json(const Json& dump);

}  // namespace emu::test
