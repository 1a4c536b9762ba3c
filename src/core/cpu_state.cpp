#include "core/cpu_state.h"

#include <fmt/format.h>

namespace emu {

std::string flag_names(std::uint32_t flags) {
  static constexpr std::pair<std::uint32_t, const char*> names[] = {
      {flag::cf, "CF"}, {flag::pf, "PF"}, {flag::af, "AF"}, {flag::zf, "ZF"}, {flag::sf, "SF"},
      {flag::tf, "TF"}, {flag::if_, "IF"}, {flag::df, "DF"}, {flag::of, "OF"}};
  std::string text;
  for (auto [bit, name] : names) {
    if (flags & bit) text += text.empty() ? name : std::string(" ") + name;
  }
  return text;
}

std::string field_label(const StateField& field) {
  if (field.member.empty()) return std::string(field.group);
  return fmt::format("{}.{}", field.group, field.member);
}

std::vector<FieldValue> field_values(const CpuState& state) {
  std::vector<FieldValue> values;
  for_each_field(state, [&](const StateField& field, const auto& value) {
    values.push_back({field, static_cast<std::uint32_t>(value)});
  });
  return values;
}

void load_real_mode_segment(SegmentRegister& segment, std::uint16_t selector) {
  segment.selector = selector;
  segment.base = std::uint32_t{selector} << 4;
}

CpuState reset_state(std::uint16_t entry_segment, std::uint16_t entry_offset) {
  CpuState state;
  for (SegmentRegister& segment : state.seg) {
    load_real_mode_segment(segment, entry_segment);
    segment.limit = 0xFFFF;
  }
  state.sreg(Sreg::cs).attributes = segment_attributes::code;
  state.eip = entry_offset;
  return state;
}

}  // namespace emu
