#include "core/trace.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/guest_location.h"
#include "decoder/disassemble.h"

namespace emu {

std::string format_trace_line(const CpuState& state, std::span<const std::uint8_t> bytes,
                              const x86::Instruction& instruction, TraceMode mode) {
  std::string hex = fmt::format("{:02x}", fmt::join(bytes.first(std::min<std::size_t>(bytes.size(), instruction.length)), " "));
  std::string line = fmt::format("{}  {:<29} {}", format_cs_ip(state), hex, x86::disassemble(instruction, state.eip & 0xFFFF));
  if (mode == TraceMode::registers) {
    bool wide = false;
    for (std::uint32_t value : state.gpr) wide |= (value >> 16) != 0;
    constexpr Gpr order[] = {Gpr::eax, Gpr::ebx, Gpr::ecx, Gpr::edx, Gpr::esi, Gpr::edi, Gpr::ebp, Gpr::esp};
    line += "  ";
    for (Gpr gpr : order) {
      std::string_view name = gpr_names[static_cast<unsigned>(gpr)];
      if (wide) {
        line += fmt::format("{}={:08x} ", name, state.reg(gpr));
      } else {
        line += fmt::format("{}={:04x} ", name.substr(1), state.reg(gpr) & 0xFFFF);
      }
    }
    line += fmt::format("ds={:04x} es={:04x} ss={:04x} fl={:04x}", state.sreg(Sreg::ds).selector,
                        state.sreg(Sreg::es).selector, state.sreg(Sreg::ss).selector, state.eflags & 0xFFFF);
  }
  line += '\n';
  return line;
}

}  // namespace emu
