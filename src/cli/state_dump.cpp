#include "cli/state_dump.h"

#include <fmt/format.h>

#include <array>

namespace emu::cli {

std::string state_to_json(const RunResult& result, const CpuState& state) {
  std::string json = fmt::format(R"({{"exit": {{"reason": "{}", "code": {}}}, "regs": {{)",
                                 stop_reason_name(result.reason), result.exit_status);
  constexpr std::array gpr_order = {Gpr::eax, Gpr::ebx, Gpr::ecx, Gpr::edx, Gpr::esi, Gpr::edi, Gpr::ebp, Gpr::esp};
  for (Gpr gpr : gpr_order) {
    json += fmt::format(R"("{}": {}, )", gpr_names[static_cast<unsigned>(gpr)], state.reg(gpr));
  }
  json += fmt::format(R"("eip": {}, "eflags": {}}}, "segs": {{)", state.eip, state.eflags);
  constexpr std::array sreg_order = {Sreg::cs, Sreg::ds, Sreg::es, Sreg::ss, Sreg::fs, Sreg::gs};
  const char* separator = "";
  for (Sreg sreg : sreg_order) {
    const SegmentRegister& segment = state.sreg(sreg);
    json += fmt::format(R"({}"{}": {{"selector": {}, "base": {}}})", separator, sreg_names[static_cast<unsigned>(sreg)],
                        segment.selector, segment.base);
    separator = ", ";
  }
  json += "}, \"insns\": ";
  json += result.insns ? fmt::format("{}", *result.insns) : "null";
  json += "}\n";
  return json;
}

}  // namespace emu::cli
