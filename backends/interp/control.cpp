// Control transfer: jumps, calls, returns, loops, software interrupts (SDM Vol. 2).
#include <cstdint>

#include <optional>
#include <utility>

#include "backends/interp/handlers.h"
#include "backends/interp/handler_forms.h"
#include "backends/interp/handlers.h"
#include "backends/interp/operands.h"
#include "backends/interp/interrupts.h"

namespace emu::interp {

namespace {

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

using x86::Op;

template <unsigned N>
void jmp_relative(Cpu& cpu, const Instruction& insn) {
  jump_to(cpu, branch_target(cpu, insn));
}

template <unsigned N>
void jmp_indirect(Cpu& cpu, const Instruction& insn) {
  jump_to(cpu, read_operand<N>(cpu, insn, insn.operands[0]));
}

// Far transfers load CS in the real-mode way (base = selector * 16).
void far_transfer(Cpu& cpu, std::uint16_t selector, std::uint32_t offset) {
  cpu.load_segment(cs_index, selector);
  jump_to(cpu, offset);
}

template <unsigned N>
void jmp_far_direct(Cpu& cpu, const Instruction& insn) {
  far_transfer(cpu, insn.imm2, insn.imm & size_mask<N>());
}

// The far pointer in memory: offset of the operand size, then the selector.
template <unsigned N>
std::pair<std::uint16_t, std::uint32_t> read_far_pointer(Cpu& cpu, const Instruction& insn) {
  std::uint32_t address = cpu.effective_address(insn);
  std::uint32_t offset = cpu.read<N>(insn.segment, address);
  std::uint32_t selector_address = insn.address32() ? address + N : (address + N) & 0xFFFF;
  auto selector = static_cast<std::uint16_t>(cpu.read<2>(insn.segment, selector_address));
  return {selector, offset};
}

template <unsigned N>
void jmp_far_indirect(Cpu& cpu, const Instruction& insn) {
  auto [selector, offset] = read_far_pointer<N>(cpu, insn);
  far_transfer(cpu, selector, offset);
}

template <unsigned N>
void call_relative(Cpu& cpu, const Instruction& insn) {
  std::uint32_t target = branch_target(cpu, insn);
  if (target > cpu.seg[cs_index].limit) throw GuestFault{vector::general_protection};
  cpu.push<N>(cpu.eip);
  cpu.eip = target;
}

template <unsigned N>
void call_indirect(Cpu& cpu, const Instruction& insn) {
  std::uint32_t target = read_operand<N>(cpu, insn, insn.operands[0]);
  if (target > cpu.seg[cs_index].limit) throw GuestFault{vector::general_protection};
  cpu.push<N>(cpu.eip);
  cpu.eip = target;
}

// Pushes CS and the return IP (as one: SP is restored if the second push faults), then jumps.
template <unsigned N>
void far_call(Cpu& cpu, std::uint16_t selector, std::uint32_t offset) {
  std::uint32_t sp = cpu.reg<2>(4);
  try {
    cpu.push<N>(cpu.seg[cs_index].selector);
    cpu.push<N>(cpu.eip);
  } catch (const GuestFault&) {
    cpu.set_reg<2>(4, sp);
    throw;
  }
  far_transfer(cpu, selector, offset);
}

template <unsigned N>
void call_far_direct(Cpu& cpu, const Instruction& insn) {
  far_call<N>(cpu, insn.imm2, insn.imm & size_mask<N>());
}

template <unsigned N>
void call_far_indirect(Cpu& cpu, const Instruction& insn) {
  auto [selector, offset] = read_far_pointer<N>(cpu, insn);
  far_call<N>(cpu, selector, offset);
}

// RET [imm16]: the stack pointer moves past the return address and `imm` more bytes.
template <unsigned N>
void ret(Cpu& cpu, const Instruction& insn) {
  std::uint32_t sp = cpu.reg<2>(4);
  std::uint32_t target = cpu.pop<N>();
  if (target > cpu.seg[cs_index].limit) {
    cpu.set_reg<2>(4, sp);
    throw GuestFault{vector::general_protection};
  }
  cpu.eip = target;
  if (insn.operands[0].kind == OperandKind::imm) cpu.set_reg<2>(4, cpu.reg<2>(4) + (insn.imm & 0xFFFF));
}

template <unsigned N>
void retf(Cpu& cpu, const Instruction& insn) {
  std::uint32_t sp = cpu.reg<2>(4);
  std::uint32_t offset = cpu.pop<N>();
  std::uint32_t selector = 0;
  try {
    selector = cpu.pop<N>();
  } catch (const GuestFault&) {
    cpu.set_reg<2>(4, sp);
    throw;
  }
  far_transfer(cpu, static_cast<std::uint16_t>(selector), offset);
  if (insn.operands[0].kind == OperandKind::imm) cpu.set_reg<2>(4, cpu.reg<2>(4) + (insn.imm & 0xFFFF));
}

// One instance per condition, picked at decode time: the condition's flags and nothing else.
template <unsigned CC>
void jcc(Cpu& cpu, const Instruction& insn) {
  if (cpu.flags.condition(CC)) jump_to(cpu, branch_target(cpu, insn));
}

template <unsigned... CC>
Handler select_jcc(unsigned cc, std::integer_sequence<unsigned, CC...>) {
  static constexpr Handler handlers[] = {handler_of<&jcc<CC>>...};
  return handlers[cc & 15];
}

// LOOP/LOOPE/LOOPNE/JCXZ count in CX, or ECX with a 32-bit address size. True when the branch
// is taken.
template <Op O>
bool loop_taken(Cpu& cpu, const Instruction& insn) {
  std::uint32_t count;
  if (insn.address32()) {
    count = cpu.reg<4>(1) - 1;
    cpu.set_reg<4>(1, count);
  } else {
    count = (cpu.reg<2>(1) - 1) & 0xFFFF;
    cpu.set_reg<2>(1, count);
  }
  bool taken = count != 0;
  if constexpr (O == Op::loope) taken = taken && cpu.flags.zf();
  if constexpr (O == Op::loopne) taken = taken && !cpu.flags.zf();
  return taken;
}

template <Op O>
void loop(Cpu& cpu, const Instruction& insn) {
  if (loop_taken<O>(cpu, insn)) jump_to(cpu, branch_target(cpu, insn));
}

bool cx_zero(const Cpu& cpu, const Instruction& insn) {
  return (insn.address32() ? cpu.reg<4>(1) : cpu.reg<2>(1)) == 0;
}

void jcxz(Cpu& cpu, const Instruction& insn) {
  if (cx_zero(cpu, insn)) jump_to(cpu, branch_target(cpu, insn));
}

// The exit forms (select_block_exit): IP from the exit's ExitIps.
void set_exit_ip(Cpu& cpu, const Instruction& insn, bool taken) {
  cpu.eip = taken ? ExitIps::taken(insn) : ExitIps::not_taken(insn);
}

template <unsigned CC>
void jcc_exit(Cpu& cpu, const Instruction& insn) {
  set_exit_ip(cpu, insn, cpu.flags.condition(CC));
}

template <unsigned... CC>
Handler select_jcc_exit(unsigned cc, std::integer_sequence<unsigned, CC...>) {
  static constexpr Handler handlers[] = {handler_of<&jcc_exit<CC>>...};
  return handlers[cc & 15];
}

template <Op O>
void loop_exit(Cpu& cpu, const Instruction& insn) {
  set_exit_ip(cpu, insn, loop_taken<O>(cpu, insn));
}

void jcxz_exit(Cpu& cpu, const Instruction& insn) { set_exit_ip(cpu, insn, cx_zero(cpu, insn)); }

void jmp_exit(Cpu& cpu, const Instruction& insn) { set_exit_ip(cpu, insn, true); }

// Software interrupts are traps: the pushed IP is the next instruction's.
void int3(Cpu& cpu, const Instruction&) { enter_interrupt(cpu, vector::breakpoint, cpu.eip); }
void int_n(Cpu& cpu, const Instruction& insn) { enter_interrupt(cpu, static_cast<std::uint8_t>(insn.imm), cpu.eip); }
void int1(Cpu& cpu, const Instruction&) { enter_interrupt(cpu, vector::debug, cpu.eip); }
void into(Cpu& cpu, const Instruction&) {
  if (cpu.flags.of()) enter_interrupt(cpu, vector::overflow, cpu.eip);
}

// IRET: IP, CS, FLAGS. In real mode every FLAGS bit POPF can write is loaded (IOPL and NT too).
template <unsigned N>
void iret(Cpu& cpu, const Instruction&) {
  std::uint32_t sp = cpu.reg<2>(4);
  std::uint32_t offset;
  std::uint32_t selector;
  std::uint32_t flags;
  try {
    offset = cpu.pop<N>();
    selector = cpu.pop<N>();
    flags = cpu.pop<N>();
  } catch (const GuestFault&) {
    cpu.set_reg<2>(4, sp);
    throw;
  }
  cpu.load_flags<N>(flags);
  far_transfer(cpu, static_cast<std::uint16_t>(selector), offset);
}

// BOUND: #BR (a fault, pointing at BOUND) when the signed index is outside [lower, upper].
template <unsigned N>
void bound(Cpu& cpu, const Instruction& insn) {
  std::uint32_t address = cpu.effective_address(insn);
  std::int32_t lower = to_signed<N>(cpu.read<N>(insn.segment, address));
  std::uint32_t upper_address = insn.address32() ? address + N : (address + N) & 0xFFFF;
  std::int32_t upper = to_signed<N>(cpu.read<N>(insn.segment, upper_address));
  std::int32_t index = to_signed<N>(cpu.reg<N>(insn.operands[0].reg));
  if (index < lower || index > upper) throw GuestFault{vector::bound_range};
}

}  // namespace

Handler select_control(const Instruction& insn) {
  unsigned size = insn.operand_size;
  OperandKind first = insn.operands[0].kind;
  switch (insn.op) {
    case Op::jmp: return first == OperandKind::rel ? EMU_WIDE(jmp_relative, size) : EMU_WIDE(jmp_indirect, size);
    case Op::jmp_far: return first == OperandKind::far_ptr ? EMU_WIDE(jmp_far_direct, size) : EMU_WIDE(jmp_far_indirect, size);
    case Op::call: return first == OperandKind::rel ? EMU_WIDE(call_relative, size) : EMU_WIDE(call_indirect, size);
    case Op::call_far:
      return first == OperandKind::far_ptr ? EMU_WIDE(call_far_direct, size) : EMU_WIDE(call_far_indirect, size);
    case Op::ret: return EMU_WIDE(ret, size);
    case Op::retf: return EMU_WIDE(retf, size);
    case Op::jcc: return select_jcc(insn.condition(), std::make_integer_sequence<unsigned, 16>{});
    case Op::loop: return handler_of<&loop<Op::loop>>;
    case Op::loope: return handler_of<&loop<Op::loope>>;
    case Op::loopne: return handler_of<&loop<Op::loopne>>;
    case Op::jcxz: return handler_of<&jcxz>;
    case Op::int3: return handler_of<&int3>;
    case Op::int_: return handler_of<&int_n>;
    case Op::int1: return handler_of<&int1>;
    case Op::into: return handler_of<&into>;
    case Op::iret: return EMU_WIDE(iret, size);
    case Op::bound: return EMU_WIDE(bound, size);
    default: return {};
  }
}

std::optional<BlockExit> select_block_exit(const Instruction& insn, std::uint32_t next_ip, std::uint32_t limit) {
  if (!insn.valid() || insn.operands[0].kind != OperandKind::rel) return std::nullopt;
  Handler handler;
  switch (insn.op) {
    case Op::jcc: handler = select_jcc_exit(insn.condition(), std::make_integer_sequence<unsigned, 16>{}); break;
    case Op::jmp: handler = handler_of<&jmp_exit>; break;
    case Op::loop: handler = handler_of<&loop_exit<Op::loop>>; break;
    case Op::loope: handler = handler_of<&loop_exit<Op::loope>>; break;
    case Op::loopne: handler = handler_of<&loop_exit<Op::loopne>>; break;
    case Op::jcxz: handler = handler_of<&jcxz_exit>; break;
    default: return std::nullopt;
  }
  std::uint32_t target = branch_target(next_ip, insn);
  if (target > limit) return std::nullopt;  // #GP when taken: the ordinary handler raises it
  Instruction exit = insn;
  ExitIps::store(exit, target, next_ip);
  return BlockExit{handler.silent_chain, exit, target};  // an exit form reports no event
}

}  // namespace emu::interp
