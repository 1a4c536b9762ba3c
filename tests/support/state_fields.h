#pragma once

#include <cstdint>
#include <type_traits>

#include "core/cpu_state.h"

namespace emu::test {

// The number of fields for_each_field lists.
inline unsigned state_field_count() {
  unsigned count = 0;
  const CpuState listing;
  for_each_field(listing, [&](const StateField&, const auto&) { ++count; });
  return count;
}

// `base` with field number `index` of the listing changed to a value no other field holds and
// that a real-mode vCPU can hold (FLAGS: the arithmetic flags, DF and IF; attributes: their
// defined bits); `name` is set to the field's.
inline CpuState with_field_changed(CpuState base, unsigned index, StateField& name) {
  unsigned at = 0;
  for_each_field(base, [&](const StateField& field, auto& value) {
    if (at++ != index) return;
    name = field;
    using Value = std::remove_reference_t<decltype(value)>;
    if constexpr (std::is_same_v<Value, bool>) {
      value = !value;
    } else {
      std::uint32_t meaningful = ~0u;
      if (field.member == "attributes") meaningful = segment_attributes::defined_bits;
      if (field.group == "eflags") meaningful = 0x0ED5;
      value = static_cast<Value>(value ^ (0xA5A5A5A5u & meaningful));
    }
  });
  return base;
}

}  // namespace emu::test
