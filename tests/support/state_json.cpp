#include "support/state_json.h"

#include <stdexcept>
#include <string>
#include <type_traits>

namespace emu::test {

CpuState state_from_json(const Json& dump) {
  CpuState state;
  for_each_field(state, [&](const StateField& field, auto& value) {
    const Json& group = dump[field.section][field.group];
    const Json& entry = field.member.empty() ? group : group[field.member];
    using Value = std::remove_reference_t<decltype(value)>;
    if constexpr (std::is_same_v<Value, bool>) {
      value = std::get<bool>(entry.value);
    } else {
      value = static_cast<Value>(entry.integer());
    }
  });
  return state;
}

}  // namespace emu::test
