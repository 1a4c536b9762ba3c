// The documented differences between the decoder and objdump: docs/decoder.md lists each
// category with its reason. A difference outside them fails the oracle tests.
#include <string_view>

#include <fmt/format.h>

#include "decoder/instruction.h"
#include "decoder/opcode_table.h"
#include "support/objdump_oracle.h"

namespace emu::test {

namespace {

using x86::Op;
namespace prefix = x86::prefix;

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// objdump prints branch targets from the file offset without wrapping them to 16 bits; a
// real-mode IP wraps. Same text once objdump's target is cut to 16 bits?
bool same_after_ip_wrap(const Difference& difference, const x86::Instruction& insn) {
  bool relative = false;
  for (const auto& operand : insn.operands) relative |= operand.kind == x86::OperandKind::rel && operand.size == 2;
  if (!relative || difference.our_length != difference.objdump_length) return false;
  std::size_t at = difference.objdump.rfind("0x");
  if (at == std::string::npos) return false;
  unsigned long long target = std::stoull(difference.objdump.substr(at + 2), nullptr, 16);
  std::string wrapped = difference.objdump.substr(0, at) + fmt::format("{:#x}", target & 0xFFFF);
  return wrapped == difference.ours;
}

}  // namespace

std::string category_of(const Difference& difference, const x86::Instruction& insn) {
  bool two_byte = insn.has(prefix::two_byte);
  std::uint8_t opcode = insn.opcode;
  if (insn.op == Op::truncated) return "instruction cut off by the end of the input";
  if (contains(difference.objdump, "only)")) return "x87 opcodes of the 8087/287 only";
  bool indirect_branch = insn.op == Op::call || insn.op == Op::jmp;
  if (indirect_branch && insn.has(prefix::segment) && insn.segment == 3 && contains(difference.ours, "ds:")) {
    return "3E on an indirect branch: objdump shows it as the CET NOTRACK prefix";
  }
  if (insn.op == Op::wait && difference.objdump_length > difference.our_length) return "FWAIT merged into the next x87 instruction";
  if (same_after_ip_wrap(difference, insn)) return "branch target past 0xFFFF not wrapped by objdump";
  if (insn.op == Op::nop && two_byte && opcode >= 0x19 && difference.our_length == difference.objdump_length) {
    return "hint in the reserved-NOP space (CLDEMOTE, MPX, CET) shown as NOP";
  }
  if (insn.op == Op::invalid) {
    if (insn.has(prefix::lock)) return "LOCK on an instruction or operand that cannot be locked (#UD)";
    if (two_byte && x86::two_byte_map()[opcode].op == Op::invalid) return "0F-map opcode outside emu's scope (SSE, MMX, ...)";
    if (two_byte && opcode == 0x01) return "0F 01 register form outside emu's scope (VMX, MONITOR, ...)";
    if (two_byte && (opcode == 0x20 || opcode == 0x22)) return "MOV to/from a control register that does not exist (#UD)";
    if (!two_byte && (opcode == 0xC4 || opcode == 0xC5 || opcode == 0x62 || opcode == 0x8F)) {
      return "VEX/EVEX/XOP prefix: real mode decodes LES/LDS/BOUND/POP (#UD for register operands)";
    }
    if (!two_byte && (opcode == 0x8C || opcode == 0x8E)) return "MOV with a segment register that does not exist, or to CS (#UD)";
    if (!two_byte && (opcode == 0xC6 || opcode == 0xC7)) return "XABORT/XBEGIN (TSX) not modelled (#UD)";
  }
  return "";
}

}  // namespace emu::test
