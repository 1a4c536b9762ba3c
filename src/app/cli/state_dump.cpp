#include "cli/state_dump.h"

#include <fmt/format.h>

#include <string_view>

namespace emu::cli {

std::string state_to_json(const RunResult& result, const CpuState& state) {
  std::string json = fmt::format(R"({{"exit": {{"reason": "{}", "code": {}}})", stop_reason_name(result.reason),
                                 result.exit_status);
  // Sections and groups open as the listing reaches them and close when it leaves them.
  std::string_view section;
  std::string_view group;
  bool in_group = false;
  auto close_group = [&] {
    if (in_group) json += '}';
    in_group = false;
  };
  for_each_field(state, [&](const StateField& field, const auto& value) {
    if (field.section != section) {
      close_group();
      if (!section.empty()) json += '}';
      json += fmt::format(R"(, "{}": {{)", field.section);
      section = field.section;
      group = {};
    }
    const bool first_in_section = group.empty();
    if (field.member.empty() || field.group != group) {
      close_group();
      json += first_in_section ? "" : ", ";
      json += fmt::format(R"("{}": )", field.group);
      if (!field.member.empty()) {
        json += '{';
        in_group = true;
      }
      group = field.group;
    } else {
      json += ", ";
    }
    if (!field.member.empty()) json += fmt::format(R"("{}": )", field.member);
    json += fmt::format("{}", value);
  });
  close_group();
  json += "}, \"insns\": ";
  json += result.insns ? fmt::format("{}", *result.insns) : "null";
  json += "}\n";
  return json;
}

}  // namespace emu::cli
