#pragma once

// How a step function becomes a Handler (handler.h): its chain forms for blocks, the fast forms
// with a try function, and the macros that pick a handler's instance for an operand size.

#include "backends/interp/cpu.h"
#include "backends/interp/handler.h"
#include "backends/interp/operands.h"
#include "decoder/instruction.h"

namespace emu::interp {

using x86::Instruction;
using x86::OperandKind;

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

// The compiler's text naming step function F's instance, template arguments and all (GCC:
// "... [with ... F = add<1, Form::reg>]"; handler_name() in instruction_log.cpp takes the name out).
template <StepFunction F>
constexpr const char* step_function_name() {
  return __PRETTY_FUNCTION__;
}

// The handler made from step function F.
template <StepFunction F>
inline constexpr Handler handler_of{F, &chain<F, false>, &chain<F, true>, step_function_name<F>()};

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
inline constexpr Handler handler_with_try{F, &chain_try<F, T, false>, &chain_try<F, T, true>, step_function_name<F>()};

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

// The handler of flag-setting operation O (Pick: PickAlu, PickUnary or PickShift, which choose
// by the operands) for the instruction's operand size and destination form.
template <x86::Op O, bool W, template <x86::Op, unsigned, Form, bool> class Pick>
Handler pick_sized(const Instruction& insn) {
  auto by_form = [&]<unsigned N>() {
    if (insn.operands[0].kind == OperandKind::reg) return Pick<O, N, Form::reg, W>::pick(insn);
    return insn.address32() ? Pick<O, N, Form::mem32, W>::pick(insn) : Pick<O, N, Form::mem16, W>::pick(insn);
  };
  switch (insn.operand_size) {
    case 1: return by_form.template operator()<1>();
    case 2: return by_form.template operator()<2>();
    default: return by_form.template operator()<4>();
  }
}

}  // namespace emu::interp
