#pragma once

// Reading and writing an instruction's operands (registers, memory forms, immediates), shared by
// every handler file.

#include "backends/interp/cpu.h"
#include "decoder/instruction.h"

namespace emu::interp {

using x86::Instruction;
using x86::Operand;
using x86::OperandKind;

template <unsigned N>
constexpr unsigned msb() {
  return 8 * N - 1;
}

// What decode time knows of an r/m operand: a handler instantiated for Form::reg has no memory
// path at all (no address, no limit check, nothing that can fault), the common case; one for
// a memory form has no test for a register, and computes the address at its address size.
enum class Form : std::uint8_t { any, reg, mem16, mem32 };

constexpr bool is_memory_form(Form form) { return form == Form::mem16 || form == Form::mem32; }
// The address size of a memory form.
constexpr unsigned address_size(Form form) { return form == Form::mem32 ? 4 : 2; }

// The offset of `insn`'s memory operand, at the address size of form F.
template <Form F>
[[gnu::always_inline]] inline std::uint32_t effective_address(const Cpu& cpu, const Instruction& insn) {
  if constexpr (is_memory_form(F)) return cpu.effective_address<address_size(F)>(insn);
  return cpu.effective_address(insn);
}

// A register or a memory location of N bytes, resolved once (limit check included) so that a
// read-modify-write computes the address a single time.
template <unsigned N, Form F = Form::any>
class Location {
 public:
  Location(Cpu& cpu, const Instruction& insn, const Operand& operand) : cpu_(cpu) {
    if (is_memory_form(F) || (F == Form::any && operand.kind == OperandKind::mem)) {
      is_memory_ = true;
      where_ = cpu.linear_address<N>(insn.segment, effective_address<F>(cpu, insn));
    } else {
      where_ = operand.reg;
    }
  }
  std::uint32_t read() const {
    if constexpr (F == Form::reg) return cpu_.reg<N>(where_);
    if constexpr (is_memory_form(F)) return cpu_.read_physical<N>(where_);
    return is_memory_ ? cpu_.read_physical<N>(where_) : cpu_.reg<N>(where_);
  }
  void write(std::uint32_t value) const {
    if (is_memory_form(F) || (F == Form::any && is_memory_)) {
      cpu_.write_physical<N>(where_, value);
    } else {
      cpu_.set_reg<N>(where_, value);
    }
  }
  bool is_memory() const { return is_memory_form(F) || (F == Form::any && is_memory_); }

 private:
  Cpu& cpu_;
  std::uint32_t where_;  // linear address or register number
  bool is_memory_ = false;
};

template <unsigned N>
std::uint32_t read_operand(Cpu& cpu, const Instruction& insn, const Operand& operand) {
  switch (operand.kind) {
    case OperandKind::reg: return cpu.reg<N>(operand.reg);
    case OperandKind::mem: return cpu.read<N>(insn.segment, cpu.effective_address(insn));
    case OperandKind::imm: return insn.imm & size_mask<N>();
    case OperandKind::one: return 1;
    case OperandKind::sreg: return cpu.seg[operand.reg].selector;
    default: return 0;
  }
}

template <unsigned N>
void write_operand(Cpu& cpu, const Instruction& insn, const Operand& operand, std::uint32_t value) {
  if (operand.kind == OperandKind::reg) {
    cpu.set_reg<N>(operand.reg, value);
  } else {
    cpu.write<N>(insn.segment, cpu.effective_address(insn), value);
  }
}

}  // namespace emu::interp
