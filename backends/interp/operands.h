#pragma once

// Reading and writing an instruction's operands, shared by every handler file.

#include "backends/interp/cpu.h"
#include "core/cpu_profile.h"
#include "decoder/instruction.h"

namespace emu::interp {

using x86::Instruction;
using x86::Operand;
using x86::OperandKind;

inline constexpr unsigned ss_index = static_cast<unsigned>(Sreg::ss);
inline constexpr unsigned es_index = static_cast<unsigned>(Sreg::es);
inline constexpr unsigned cs_index = static_cast<unsigned>(Sreg::cs);
inline constexpr unsigned ds_index = static_cast<unsigned>(Sreg::ds);

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

// Where a relative branch of `insn` goes from `next_ip`, the IP just past it.
inline std::uint32_t branch_target(std::uint32_t next_ip, const Instruction& insn) {
  std::uint32_t target = next_ip + insn.imm;
  return insn.operand_size == 4 ? target : target & 0xFFFF;
}
// The same while `insn` executes (cpu.eip already points past it).
inline std::uint32_t branch_target(const Cpu& cpu, const Instruction& insn) { return branch_target(cpu.eip, insn); }

// Transfers control within CS; a target past the limit raises #GP (SDM: JMP, real mode).
inline void jump_to(Cpu& cpu, std::uint32_t target) {
  if (target > cpu.seg[cs_index].limit) throw GuestFault{vector::general_protection};
  cpu.eip = target;
}

// The chain forms of step function F (handler.h): F on the entry's instruction, then the next
// entry's chain form as a tail call, so that a block runs as a series of jumps with no return to
// a loop between instructions. An entry that faults, or (unless Silent: the block builder knows
// it cannot) reports an event, leaves itself in Cpu::block_entry for the run loop.
template <StepFunction F, bool Silent>
[[gnu::noinline]] void chain(Cpu& cpu, const BlockEntry& entry) {  // chain_try jumps to it: never inlined there
  try {
    F(cpu, entry.insn);
  } catch (const GuestFault&) {
    cpu.block_entry = &entry;
    throw;
  }
  if (!Silent && cpu.events != 0) [[unlikely]] {
    cpu.block_entry = &entry;
    return;
  }
  const BlockEntry& next = (&entry)[1];
  return next.chain(cpu, next);
}

// The handler made from step function F.
template <StepFunction F>
inline constexpr Handler handler_of{F, &chain<F, false>, &chain<F, true>};

// A fast form of a step function for blocks: the same instruction through Cpu::try_read and
// try_write only, returning false with nothing changed where those decline.
using TryFunction = bool (*)(Cpu& cpu, const Instruction& insn);

// The chain form of a step function F with fast form T: T, and only where it declines F through
// the ordinary chain form (a tail call, so the fast form calls nothing and needs no frame). T
// never faults and never reports an event.
template <StepFunction F, TryFunction T, bool Silent>
void chain_try(Cpu& cpu, const BlockEntry& entry) {
  if (!T(cpu, entry.insn)) [[unlikely]] return chain<F, Silent>(cpu, entry);
  const BlockEntry& next = (&entry)[1];
  return next.chain(cpu, next);
}

// T is always_inline: inlined into chain_try, so that the common case calls nothing (left to the
// compiler's judgement it was not, once string.cpp's instances grew: strloop 23.5 -> 26.2 host
// instructions per guest instruction).
template <StepFunction F, TryFunction T>
inline constexpr Handler handler_with_try{F, &chain_try<F, T, false>, &chain_try<F, T, true>};

// Picks the instance of a size-templated handler for the instruction's operand size.
#define EMU_SIZED(handler, size) \
  ((size) == 1 ? handler_of<&handler<1>> : (size) == 2 ? handler_of<&handler<2>> : handler_of<&handler<4>>)
#define EMU_WIDE(handler, size) ((size) == 4 ? handler_of<&handler<4>> : handler_of<&handler<2>>)
// The same for handlers templated on an operation first: handler<op, N>.
#define EMU_SIZED_OP(handler, op, size) \
  ((size) == 1 ? handler_of<&handler<op, 1>> : (size) == 2 ? handler_of<&handler<op, 2>> : handler_of<&handler<op, 4>>)
#define EMU_WIDE_OP(handler, op, size) ((size) == 4 ? handler_of<&handler<op, 4>> : handler_of<&handler<op, 2>>)
// The same for handlers that also take a CPU profile's choices (profile_choices.h) last.
#define EMU_SIZED_P(handler, size, P)                                                          \
  ((size) == 1 ? handler_of<&handler<1, P>> : (size) == 2 ? handler_of<&handler<2, P>> \
               : handler_of<&handler<4, P>>)
#define EMU_WIDE_P(handler, size, P) ((size) == 4 ? handler_of<&handler<4, P>> : handler_of<&handler<2, P>>)
#define EMU_WIDE_OP_P(handler, op, size, P) \
  ((size) == 4 ? handler_of<&handler<op, 4, P>> : handler_of<&handler<op, 2, P>>)
// handler<N, Form>, with the Form the first operand has.
#define EMU_SIZED_RM(handler, insn)                                                                \
  ((insn).operands[0].kind == OperandKind::reg ? EMU_SIZED_FORM(handler, (insn).operand_size, Form::reg)   \
   : (insn).address32()                        ? EMU_SIZED_FORM(handler, (insn).operand_size, Form::mem32) \
                                               : EMU_SIZED_FORM(handler, (insn).operand_size, Form::mem16))
#define EMU_SIZED_FORM(handler, size, form)              \
  ((size) == 1   ? handler_of<&handler<1, form>>            \
   : (size) == 2 ? handler_of<&handler<2, form>>            \
                 : handler_of<&handler<4, form>>)

// Each file of handlers offers its operations through one selector; an empty Handler: not mine.
Handler select_alu(const Instruction& insn, CpuProfile profile);
Handler select_move(const Instruction& insn);
Handler select_control(const Instruction& insn);
Handler select_string(const Instruction& insn, CpuProfile profile);
Handler select_bcd(const Instruction& insn, CpuProfile profile);
Handler select_system(const Instruction& insn, CpuProfile profile);

// Delivers interrupt `vector` through the IVT, pushing FLAGS, CS and `return_eip`
// (interrupts.cpp). Throws GuestFault when the IVT entry or the stack is out of reach.
void enter_interrupt(Cpu& cpu, std::uint8_t vector, std::uint32_t return_eip);

}  // namespace emu::interp
