#include "backends/interp/instruction_log.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "core/trace.h"
#include "decoder/disassemble.h"
#include "decoder/flags.h"
#include "decoder/operation.h"

namespace emu::interp {

namespace {

// A line's indentation under its instruction's.
constexpr std::string_view indent = "    ";
// Accesses shown per instruction (a REP string instruction makes thousands).
constexpr std::size_t max_accesses = 16;

// The family's name, which is its handler file's (backends/interp/NAME.cpp).
std::string_view family_name(x86::Family family) {
  switch (family) {
    case x86::Family::alu: return "alu";
    case x86::Family::shift: return "shift";
    case x86::Family::bcd: return "bcd";
    case x86::Family::move: return "move";
    case x86::Family::control: return "control";
    case x86::Family::string: return "string";
    case x86::Family::system:
    case x86::Family::not_decoded: return "system";
  }
  return "?";
}

// The flags by name (core's flag_names), "none" for none.
std::string flag_letters(std::uint32_t bits) {
  std::string names = flag_names(bits);
  return names.empty() ? "none" : names;
}

std::string operand_text(const x86::Instruction& insn, const x86::Operand& operand, std::uint32_t ip) {
  using x86::OperandKind;
  switch (operand.kind) {
    case OperandKind::reg: return fmt::format("register {}", x86::register_name(operand.reg, operand.size));
    case OperandKind::sreg: return fmt::format("segment register {}", sreg_names[operand.reg % sreg_names.size()]);
    case OperandKind::mem:
      return operand.size == 0 ? fmt::format("address {}", x86::memory_operand_text(insn, 0))
                               : fmt::format("memory {}", x86::memory_operand_text(insn, operand.size));
    case OperandKind::imm: return fmt::format("immediate {:#x}", insn.imm);
    case OperandKind::rel:
      return fmt::format("relative {:+d} (to {:04x})", static_cast<std::int32_t>(insn.imm),
                         (ip + insn.length + insn.imm) & (insn.operand_size == 4 ? 0xFFFFFFFFu : 0xFFFFu));
    case OperandKind::far_ptr: return fmt::format("far pointer {:04x}:{:04x}", insn.imm2, insn.imm);
    case OperandKind::cr: return fmt::format("control register cr{}", operand.reg);
    case OperandKind::dr: return fmt::format("debug register dr{}", operand.reg);
    case OperandKind::st: return fmt::format("x87 register st({})", operand.reg);
    case OperandKind::one: return "the constant 1";
    case OperandKind::none: break;
  }
  return "";
}

std::string value_text(std::uint32_t value, unsigned size) {
  std::string text = fmt::format("{:#0{}x}", value, 2 + 2 * size);
  if (size == 1 && value >= 0x20 && value < 0x7F) text += fmt::format(" '{}'", static_cast<char>(value));
  return text;
}

}  // namespace

std::string handler_name(const Handler& handler) {
  if (handler.name == nullptr) return "(none)";
  std::string_view text = handler.name;
  // "... [with void (* F)(...) = NAME]" (GCC) or "... [F = &ns::NAME]" (Clang).
  const std::size_t start = text.find(" = ", text.find('['));
  if (start == std::string_view::npos || text.back() != ']') return std::string(text);
  text = text.substr(start + 3, text.size() - 1 - (start + 3));
  std::string name(text);
  for (std::string_view noise : {"&", "emu::interp::", "emu::x86::", "(anonymous namespace)::", "{anonymous}::",
                                 "<unnamed>::"}) {
    for (std::size_t at = name.find(noise); at != std::string::npos; at = name.find(noise)) name.erase(at, noise.size());
  }
  return name;
}

std::string decoded_form_text(const x86::Instruction& insn, std::uint32_t ip) {
  std::string operands;
  for (const x86::Operand& operand : insn.operands) {
    if (operand.kind == x86::OperandKind::none) break;
    operands += fmt::format("{}{}", operands.empty() ? "" : ", ", operand_text(insn, operand, ip));
  }
  const x86::FlagInfo flags = x86::flag_info(insn);
  // Jcc, SETcc and CMOVcc are one operation each, the condition a part of the instruction.
  const bool conditional = insn.op == x86::Op::jcc || insn.op == x86::Op::setcc || insn.op == x86::Op::cmovcc;
  std::string text = fmt::format("{}{} (family {}), {} byte{}, operand size {}; operands: {}; flags read: {}, written: {}",
                                 x86::mnemonic(insn.op), conditional ? "cc" : "", family_name(x86::family(insn.op)),
                                 insn.length, insn.length == 1 ? "" : "s", insn.operand_size, operands.empty() ? "none" : operands,
                                 flag_letters(flags.read), flag_letters(flags.written));
  if (flags.undefined != 0) text += fmt::format(" ({} left undefined)", flag_letters(flags.undefined));
  return text;
}

std::string changes_text(const CpuState& before, const CpuState& after) {
  const std::vector<FieldValue> old_values = field_values(before);
  const std::vector<FieldValue> new_values = field_values(after);
  std::string text;
  for (std::size_t i = 0; i < old_values.size(); ++i) {
    const std::uint32_t was = old_values[i].value;
    const std::uint32_t now = new_values[i].value;
    if (was == now) continue;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {:#x} -> {:#x}", field_label(old_values[i].field), was, now);
    if (old_values[i].field.group == "eflags") {
      const std::uint32_t set = now & ~was;
      const std::uint32_t cleared = was & ~now;
      std::string bits;
      if (set != 0) bits += fmt::format("{} set", flag_letters(set));
      if (cleared != 0) bits += fmt::format("{}{} cleared", bits.empty() ? "" : ", ", flag_letters(cleared));
      if (!bits.empty()) text += fmt::format(" ({})", bits);
    }
  }
  return text.empty() ? "nothing" : text;
}

void InstructionLog::note(std::string_view text) { write(fmt::format("{}{}", indent, text)); }

void InstructionLog::begin(const CpuState& before, const CachedInstruction& entry, const Fetch& fetch) {
  before_ = before;
  accesses_told_ = 0;
  accesses_left_out_ = 0;
  ++told_;
  std::string line = format_trace_line(before, fetch.bytes, entry.insn, TraceMode::instructions);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  write(fmt::format("#{} {}", told_, line));
  write(fmt::format("{}fetch: {} byte{} at linear {:#x}; {}", indent, entry.insn.length, entry.insn.length == 1 ? "" : "s",
                    fetch.linear,
                    fetch.was_cached ? "in the decode cache: no decoding" : "not in the decode cache: decoded now and cached"));
  write(fmt::format("{}decoded: {}", indent, decoded_form_text(entry.insn, before.eip)));
  write(fmt::format("{}handler: {} (backends/interp/{}.cpp)", indent, handler_name(entry.handler),
                    family_name(x86::family(entry.insn.op))));
  write(fmt::format("{}run: {}", indent,
                    fetch.block_place.empty() ? "alone, through the single-instruction path (Interpreter::execute_one)"
                                              : fetch.block_place));
}

void InstructionLog::access(const std::string& text) {
  if (accesses_told_ >= max_accesses) {
    ++accesses_left_out_;
    return;
  }
  ++accesses_told_;
  write(fmt::format("{}{}", indent, text));
}

void InstructionLog::memory(std::uint32_t linear, unsigned size, bool is_write, std::uint32_t value) {
  tell_port_access();  // a port access before it (INS reads the port, then writes memory)
  access(fmt::format("memory: {} {} byte{} at linear {:#x}: {}", is_write ? "write" : "read", size, size == 1 ? "" : "s",
                     linear, value_text(value, size)));
}

InstructionLog::InstructionLog(std::uint64_t count, std::function<void(const std::string&)> sink, Bus& ports)
    : count_(count), sink_(std::move(sink)), tap_(ports, *this) {
  // Every port and the bytes past the last that a 4-byte access there reaches.
  tapped_ports_.map(0, 0x10000 + 3, tap_);
}

std::uint8_t InstructionLog::PortTap::read8(std::uint64_t port) {
  const auto value = static_cast<std::uint8_t>(ports_.read(port, 1));
  log_.port_byte(port, false, value);
  return value;
}

void InstructionLog::PortTap::write8(std::uint64_t port, std::uint8_t value) {
  log_.port_byte(port, true, value);
  ports_.write(port, 1, value);
}

// The bus splits an access into bytes at consecutive ports, low byte first: a byte that continues
// the access being told belongs to it. (A string instruction's next element starts again at
// its port, as any other instruction's access does.)
void InstructionLog::port_byte(std::uint64_t port, bool is_out, std::uint8_t value) {
  if (port_access_ && port_access_->is_out == is_out && port_access_->port + port_access_->size == port &&
      port_access_->size < 4) {
    port_access_->value |= std::uint32_t{value} << (8 * port_access_->size);
    ++port_access_->size;
    return;
  }
  tell_port_access();
  port_access_ = PortAccess{port, 1, is_out, value};
}

void InstructionLog::tell_port_access() {
  if (!port_access_) return;
  const PortAccess told = *std::exchange(port_access_, std::nullopt);
  access(fmt::format("port: {} {} byte{} at port {:#x}: {}", told.is_out ? "out" : "in", told.size,
                     told.size == 1 ? "" : "s", told.port, value_text(told.value, told.size)));
}

void InstructionLog::bulk(std::uint32_t destination, std::uint32_t bytes, std::optional<std::uint32_t> source) {
  tell_port_access();
  if (source) {
    access(fmt::format("memory: {} bytes copied from linear {:#x} to {:#x} in one host memmove (string.cpp, bulk)", bytes,
                       *source, destination));
  } else {
    access(fmt::format("memory: {} bytes at linear {:#x} filled in one host loop (string.cpp, bulk)", bytes, destination));
  }
}

void InstructionLog::delivered(std::uint8_t vector, std::string_view why, const CpuState& at_handler) {
  tell_port_access();
  write(fmt::format("{}{} {:#04x}: FLAGS, CS and IP pushed, CS:IP from the IVT entry at {:#x}: handler at {:04x}:{:04x}",
                    indent, why, vector, vector * 4u, at_handler.seg[static_cast<unsigned>(Sreg::cs)].selector,
                    at_handler.eip));
}

void InstructionLog::end(const CpuState& after) {
  tell_port_access();
  if (accesses_left_out_ > 0) write(fmt::format("{}... and {} more accesses", indent, accesses_left_out_));
  if (before_) write(fmt::format("{}changed: {}", indent, changes_text(*before_, after)));
  before_.reset();
  if (!active()) {
    write(fmt::format("--log-interp: {} instructions told; no more are", told_));
  }
}

}  // namespace emu::interp
