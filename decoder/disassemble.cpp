#include "decoder/disassemble.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

#include "decoder/flags.h"
#include "decoder/operation.h"

namespace emu::x86 {

namespace {

constexpr std::array<std::string_view, 8> reg8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
constexpr std::array<std::string_view, 8> reg16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
constexpr std::array<std::string_view, 8> reg32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
constexpr std::array<std::string_view, 8> sregs = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};
constexpr std::array<std::string_view, 16> conditions = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                                         "s", "ns", "p", "np", "l", "ge", "le", "g"};

}  // namespace

std::string_view register_name(std::uint8_t reg, unsigned size) {
  return size == 1 ? reg8[reg & 7] : size == 2 ? reg16[reg & 7] : reg32[reg & 7];
}

namespace {

std::string_view size_name(unsigned size) {
  switch (size) {
    case 1: return "byte";
    case 2: return "word";
    case 4: return "dword";
    case 6: return "fword";
    case 8: return "qword";
    case 10: return "tbyte";
    default: return "";
  }
}

std::string hex(std::uint64_t value) { return fmt::format("{:#x}", value); }

std::uint32_t address_mask(const Instruction& insn) { return insn.address32() ? 0xFFFFFFFFu : 0xFFFFu; }

std::string string_instruction(const Instruction& insn) {
  static constexpr std::array<char, 5> suffix = {'?', 'b', 'w', '?', 'd'};
  std::string_view name = mnemonic(insn.op);
  bool compares = has_trait(insn.op, traits::REPCMP);
  std::string prefix;
  if (insn.has(prefix::rep)) prefix = compares ? "repe " : "rep ";
  if (insn.has(prefix::repne)) prefix = compares ? "repne " : "rep ";  // REPNE on a non-compare repeats too
  // The short form when the operands are the defaults: DS:SI (STOS, SCAS and INS read no
  // source, so an override means nothing to them) and ES:DI with 16-bit addressing.
  bool reads_source = has_trait(insn.op, traits::DS_SI);
  bool default_source = !reads_source || insn.segment == 3;
  bool short_form = default_source && !insn.address32();
  if (short_form) return fmt::format("{}{}{}", prefix, name, suffix[insn.operand_size]);

  // With a segment override or 32-bit addressing, spell the operands out as objdump does.
  std::string_view si = insn.address32() ? "esi" : "si";
  std::string_view di = insn.address32() ? "edi" : "di";
  std::string_view size = size_name(insn.operand_size);
  std::string source = fmt::format("{} ptr {}:[{}]", size, sregs[insn.segment], si);
  std::string destination = fmt::format("{} ptr es:[{}]", size, di);
  std::string_view accumulator = register_name(0, insn.operand_size);
  switch (insn.op) {
    case Op::movs: return fmt::format("{}movs {}, {}", prefix, destination, source);
    case Op::cmps: return fmt::format("{}cmps {}, {}", prefix, source, destination);
    case Op::stos: return fmt::format("{}stos {}, {}", prefix, destination, accumulator);
    case Op::lods: return fmt::format("{}lods {}, {}", prefix, accumulator, source);
    case Op::scas: return fmt::format("{}scas {}, {}", prefix, accumulator, destination);
    case Op::ins: return fmt::format("{}ins {}, dx", prefix, destination);
    case Op::outs: return fmt::format("{}outs dx, {}", prefix, source);
    default: return "(bad)";
  }
}

std::string mnemonic_text(const Instruction& insn);

std::string operand_text(const Instruction& insn, const Operand& operand, std::uint32_t address) {
  switch (operand.kind) {
    case OperandKind::none: return "";
    case OperandKind::reg: return std::string(register_name(operand.reg, operand.size));
    case OperandKind::sreg: return std::string(sregs[operand.reg & 7]);
    case OperandKind::mem: {
      // LEA names an address, not an access; objdump prints moffs (A0-A3) and descriptor-table
      // operands without a size.
      bool moffs = !insn.has(prefix::two_byte) && insn.opcode >= 0xA0 && insn.opcode <= 0xA3;
      const bool descriptor_table = insn.op == Op::lgdt || insn.op == Op::sgdt || insn.op == Op::lidt || insn.op == Op::sidt;
      bool sized = !moffs && !descriptor_table;  // LEA's operand has no size to show
      bool prefetch = mnemonic_text(insn).starts_with("prefetch");
      return memory_operand_text(insn, prefetch ? 1 : sized ? operand.size : 0);
    }
    case OperandKind::imm: {
      std::uint32_t value = &operand == &insn.operands[1] && insn.op == Op::enter ? insn.imm2 : insn.imm;
      return hex(value);
    }
    case OperandKind::rel: {
      std::uint32_t mask = operand.size == 4 ? 0xFFFFFFFFu : 0xFFFFu;
      return hex((address + insn.length + insn.imm) & mask);
    }
    case OperandKind::far_ptr: return fmt::format("{:#x}:{:#x}", insn.imm2, insn.imm);
    case OperandKind::cr: return fmt::format("cr{}", operand.reg);
    case OperandKind::dr: return fmt::format("dr{}", operand.reg);
    case OperandKind::st: return fmt::format("st({})", operand.reg);
    case OperandKind::one: return "1";
  }
  return "";
}

// True when an operand (a register or sized memory) shows the operand size.
bool size_is_visible(const Instruction& insn) {
  OperandKind kind = insn.operands[0].kind;
  bool relative_short = kind == OperandKind::rel && !insn.has(prefix::two_byte) && insn.opcode == 0xEB;
  return kind == OperandKind::reg || kind == OperandKind::mem || relative_short;
}

std::string mnemonic_text(const Instruction& insn) {
  bool wide = insn.operand_size == 4;
  switch (insn.op) {
    case Op::jcc: return fmt::format("j{}", conditions[insn.condition()]);
    case Op::setcc: return fmt::format("set{}", conditions[insn.condition()]);
    case Op::cmovcc: return fmt::format("cmov{}", conditions[insn.condition()]);
    case Op::cbw: return wide ? "cwde" : "cbw";
    case Op::cwd: return wide ? "cdq" : "cwd";
    case Op::pusha: return wide ? "pushad" : "pusha";
    case Op::popa: return wide ? "popad" : "popa";
    case Op::pushf: return wide ? "pushfd" : "pushf";
    case Op::popf: return wide ? "popfd" : "popf";
    case Op::iret: return wide ? "iretd" : "iret";
    case Op::jcxz: return insn.address32() ? "jecxz" : "jcxz";
    case Op::lgdt: case Op::sgdt: case Op::lidt: case Op::sidt:
      return fmt::format("{}{}", mnemonic(insn.op), wide ? 'd' : 'w');
    case Op::call: case Op::jmp: case Op::push: case Op::pop: case Op::ret: case Op::retf: case Op::enter:
    case Op::leave:
      // objdump's "d" suffix: a 32-bit operand size that no operand shows.
      return fmt::format("{}{}", mnemonic(insn.op), wide && !size_is_visible(insn) ? "d" : "");
    case Op::nop:
      if (insn.has(prefix::two_byte) && insn.opcode == 0x18 && insn.operands[0].kind == OperandKind::mem) {
        static constexpr std::array<std::string_view, 4> hints = {"prefetchnta", "prefetcht0", "prefetcht1", "prefetcht2"};
        std::uint8_t reg = (insn.modrm >> 3) & 7;
        if (reg < hints.size()) return std::string(hints[reg]);
      }
      return "nop";
    case Op::ud:
      if (!insn.has(prefix::two_byte)) return "ud2";
      return insn.opcode == 0x0B ? "ud2" : insn.opcode == 0xB9 ? "ud1" : "ud0";
    default: return std::string(mnemonic(insn.op));
  }
}

}  // namespace

std::string memory_operand_text(const Instruction& insn, unsigned size) {
  std::string text;
  if (size != 0) text = fmt::format("{} ptr ", size_name(size));
  bool no_registers = insn.base == no_register && insn.index == no_register;
  // objdump names the segment for absolute addresses and whenever a prefix overrides it.
  if (no_registers || insn.has(prefix::segment)) text += fmt::format("{}:", sregs[insn.segment]);
  if (no_registers) {
    text += hex(static_cast<std::uint32_t>(insn.displacement) & address_mask(insn));
    return text;
  }
  unsigned width = insn.address32() ? 4 : 2;
  text += '[';
  if (insn.base != no_register) text += register_name(insn.base, width);
  if (insn.index != no_register) {
    if (insn.base != no_register) text += '+';
    text += register_name(insn.index, width);
    if (insn.address32()) text += fmt::format("*{}", 1u << insn.scale);
  }
  if (insn.has(prefix::has_displacement)) {
    std::int64_t displacement = insn.displacement;
    if (!insn.address32()) displacement = static_cast<std::int16_t>(displacement);
    text += displacement < 0 ? fmt::format("-{:#x}", -displacement) : fmt::format("+{:#x}", displacement);
  }
  text += ']';
  return text;
}

std::string disassemble(const Instruction& insn, std::uint32_t address) {
  if (!insn.valid()) return "(bad)";
  if (insn.op == Op::fpu) return disassemble_x87(insn);
  if (is_string(insn.op)) return string_instruction(insn);
  if (insn.op == Op::xlat) return fmt::format("xlat byte ptr {}:[{}]", sregs[insn.segment], insn.address32() ? "ebx" : "bx");
  std::string text = insn.has(prefix::lock) ? "lock " : "";
  text += mnemonic_text(insn);
  const char* separator = " ";
  for (const Operand& operand : insn.operands) {
    if (operand.kind == OperandKind::none) break;
    text += separator;
    text += operand_text(insn, operand, address);
    separator = ", ";
  }
  return text;
}

}  // namespace emu::x86
