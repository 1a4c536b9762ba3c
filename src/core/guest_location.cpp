#include "core/guest_location.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/instruction.h"

#include <algorithm>

namespace emu {

std::string format_cs_ip(const CpuState& state) {
  return fmt::format("{:04x}:{:04x}", state.sreg(Sreg::cs).selector, state.eip & 0xFFFF);
}

std::vector<std::uint8_t> code_bytes_at(const GuestMemory& memory, const CpuState& state, std::size_t max_bytes) {
  std::uint64_t linear = std::uint64_t{state.sreg(Sreg::cs).base} + (state.eip & 0xFFFF);
  if (linear >= memory.size()) return {};
  std::size_t count = std::min<std::uint64_t>(max_bytes, memory.size() - linear);
  const std::uint8_t* first = memory.data() + linear;
  return {first, first + count};
}

std::string describe_instruction_at(const GuestMemory& memory, const CpuState& state, x86::InstructionSet set) {
  auto bytes = code_bytes_at(memory, state);
  if (bytes.empty()) return fmt::format("{} (outside RAM)", format_cs_ip(state));
  x86::Instruction insn = x86::decode(bytes, set);
  if (!insn.valid()) return fmt::format("{}: {} (bytes {:02x})", format_cs_ip(state), "(bad)", fmt::join(bytes, " "));
  std::span<const std::uint8_t> own(bytes.data(), insn.length);
  return fmt::format("{}: {} (bytes {:02x})", format_cs_ip(state), x86::disassemble(insn, state.eip & 0xFFFF),
                     fmt::join(own, " "));
}

}  // namespace emu
