// Data movement, the stack, and flag transfers (SDM Vol. 2).
#include <cstdint>

#include "backends/interp/handler_forms.h"
#include "backends/interp/handlers.h"
#include "backends/interp/operands.h"
#include "decoder/flags.h"

namespace emu::interp {

namespace {

using x86::Op;

// MOV SS and POP SS hold off the single-step trap and interrupts for one instruction, so that
// SS:SP can be set as a pair (SDM Vol. 3, 6.8.3). LSS, which sets both at once, does not.
void load_segment_register(Cpu& cpu, unsigned sreg, std::uint16_t selector) {
  cpu.load_segment(sreg, selector);
  if (sreg == ss_index) cpu.events |= Cpu::inhibit_trap;
}

template <unsigned N>
void mov(Cpu& cpu, const Instruction& insn) {
  write_operand<N>(cpu, insn, insn.operands[0], read_operand<N>(cpu, insn, insn.operands[1]));
}

template <unsigned N>
void mov_reg_reg(Cpu& cpu, const Instruction& insn) {
  cpu.set_reg<N>(insn.operands[0].reg, cpu.reg<N>(insn.operands[1].reg));
}

template <unsigned N>
void mov_reg_imm(Cpu& cpu, const Instruction& insn) {
  cpu.set_reg<N>(insn.operands[0].reg, insn.imm);
}

template <unsigned N, Form F>
void mov_reg_mem(Cpu& cpu, const Instruction& insn) {
  cpu.set_reg<N>(insn.operands[0].reg, cpu.read<N>(insn.segment, effective_address<F>(cpu, insn)));
}

template <unsigned N, Form F>
[[gnu::always_inline]] inline bool try_mov_reg_mem(Cpu& cpu, const Instruction& insn) {
  std::uint32_t value;
  if (!cpu.try_read<N>(insn.segment, effective_address<F>(cpu, insn), value)) return false;
  cpu.set_reg<N>(insn.operands[0].reg, value);
  return true;
}

template <unsigned N, Form F>
void mov_mem_reg(Cpu& cpu, const Instruction& insn) {
  cpu.write<N>(insn.segment, effective_address<F>(cpu, insn), cpu.reg<N>(insn.operands[1].reg));
}

template <unsigned N, Form F>
[[gnu::always_inline]] inline bool try_mov_mem_reg(Cpu& cpu, const Instruction& insn) {
  return cpu.try_write<N>(insn.segment, effective_address<F>(cpu, insn), cpu.reg<N>(insn.operands[1].reg));
}

// MOV Sreg, r/m16 (a register operand is read at 16 bits whatever the operand size).
void mov_to_sreg(Cpu& cpu, const Instruction& insn) {
  load_segment_register(cpu, insn.operands[0].reg, static_cast<std::uint16_t>(read_operand<2>(cpu, insn, insn.operands[1])));
}

// MOV r/m, Sreg: a 32-bit register receives the selector zero-extended; memory gets a word.
void mov_from_sreg(Cpu& cpu, const Instruction& insn) {
  std::uint16_t selector = cpu.seg[insn.operands[1].reg].selector;
  const Operand& destination = insn.operands[0];
  if (destination.kind == OperandKind::reg && destination.size == 4) {
    cpu.set_reg<4>(destination.reg, selector);
  } else {
    write_operand<2>(cpu, insn, destination, selector);
  }
}

// MOVZX/MOVSX from an S-byte source into an N-byte register.
template <unsigned N, unsigned S, bool Signed>
void move_extend(Cpu& cpu, const Instruction& insn) {
  std::uint32_t value = read_operand<S>(cpu, insn, insn.operands[1]);
  cpu.set_reg<N>(insn.operands[0].reg, Signed ? sign_extend<S>(value) : value);
}

template <unsigned N>
void lea(Cpu& cpu, const Instruction& insn) {
  cpu.set_reg<N>(insn.operands[0].reg, cpu.effective_address(insn));
}

// LDS/LES/LSS/LFS/LGS: offset then selector from memory.
template <unsigned N, unsigned Sreg>
void load_far_pointer(Cpu& cpu, const Instruction& insn) {
  std::uint32_t offset_address = cpu.effective_address(insn);
  std::uint32_t offset = cpu.read<N>(insn.segment, offset_address);
  std::uint32_t selector_address = offset_address + N;
  if (!insn.address32()) selector_address &= 0xFFFF;
  auto selector = static_cast<std::uint16_t>(cpu.read<2>(insn.segment, selector_address));
  cpu.set_reg<N>(insn.operands[0].reg, offset);
  cpu.load_segment(Sreg, selector);
}

template <unsigned N>
void xchg(Cpu& cpu, const Instruction& insn) {
  Location<N> first(cpu, insn, insn.operands[0]);
  Location<N> second(cpu, insn, insn.operands[1]);
  std::uint32_t a = first.read();
  std::uint32_t b = second.read();
  first.write(b);
  second.write(a);
}

// BSWAP with a 16-bit operand is undefined; emu clears the register's low word, as Intel and AMD
// CPUs do (docs/cpu-model.md).
template <unsigned N>
void bswap(Cpu& cpu, const Instruction& insn) {
  unsigned r = insn.operands[0].reg;
  if constexpr (N == 4) {
    std::uint32_t v = cpu.reg<4>(r);
    cpu.set_reg<4>(r, (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24));
  } else {
    cpu.set_reg<2>(r, 0);
  }
}

// PUSH of an immediate or memory at the operand size. A segment register with a 32-bit operand
// size takes a 4-byte slot of which only the low word is written, as recent Intel CPUs do (SDM:
// PUSH).
template <unsigned N>
void push(Cpu& cpu, const Instruction& insn) {
  const Operand& source = insn.operands[0];
  if (source.kind == OperandKind::sreg) {
    std::uint32_t sp = (cpu.reg<2>(4) - N) & 0xFFFF;
    cpu.linear_address<N>(ss_index, sp);  // the whole slot must be inside the stack segment
    cpu.write<2>(ss_index, sp, cpu.seg[source.reg].selector);
    cpu.set_reg<2>(4, sp);
    return;
  }
  cpu.push<N>(read_operand<N>(cpu, insn, source));
}

// PUSH SP pushes SP as it was before the push (every CPU since the 286).
template <unsigned N>
void push_reg(Cpu& cpu, const Instruction& insn) {
  cpu.push<N>(cpu.reg<N>(insn.operands[0].reg));
}

template <unsigned N>
void pop(Cpu& cpu, const Instruction& insn) {
  const Operand& destination = insn.operands[0];
  if (destination.kind == OperandKind::sreg) {
    std::uint32_t value = cpu.pop<N>();
    load_segment_register(cpu, destination.reg, static_cast<std::uint16_t>(value));
    return;
  }
  if (destination.kind == OperandKind::mem) {
    // POP to memory addresses with SP already incremented (SDM: POP), so read first, compute
    // the address after, and restore SP if the store faults.
    std::uint32_t old_sp = cpu.reg<2>(4);
    std::uint32_t value = cpu.pop<N>();
    try {
      cpu.write<N>(insn.segment, cpu.effective_address(insn), value);
    } catch (const GuestFault&) {
      cpu.set_reg<2>(4, old_sp);
      throw;
    }
    return;
  }
  cpu.set_reg<N>(destination.reg, cpu.pop<N>());
}

template <unsigned N>
void pop_reg(Cpu& cpu, const Instruction& insn) {
  cpu.set_reg<N>(insn.operands[0].reg, cpu.pop<N>());
}

// PUSHA/POPA: AX CX DX BX (original) SP BP SI DI; POPA skips SP.
template <unsigned N>
void pusha(Cpu& cpu, const Instruction&) {
  std::uint32_t original_sp = cpu.reg<N>(4);
  for (unsigned r = 0; r < 8; ++r) cpu.push<N>(r == 4 ? original_sp : cpu.reg<N>(r));
}

template <unsigned N>
void popa(Cpu& cpu, const Instruction&) {
  for (int r = 7; r >= 0; --r) {
    std::uint32_t value = cpu.pop<N>();
    if (r != 4) cpu.set_reg<N>(static_cast<unsigned>(r), value);
  }
}

// FLAGS as PUSHF stores them: bit 1 set, RF (16) and VM (17) cleared.
template <unsigned N>
void pushf(Cpu& cpu, const Instruction&) {
  cpu.push<N>(cpu.flags.value() & (N == 4 ? 0x00FCFFFFu : 0xFFFFu));
}

template <unsigned N>
void popf(Cpu& cpu, const Instruction&) {
  cpu.load_flags<N>(cpu.pop<N>());
}

template <unsigned N>
void cbw(Cpu& cpu, const Instruction&) {
  if constexpr (N == 2) cpu.set_reg<2>(0, sign_extend<1>(cpu.reg<1>(0)));
  if constexpr (N == 4) cpu.set_reg<4>(0, sign_extend<2>(cpu.reg<2>(0)));
}

template <unsigned N>
void cwd(Cpu& cpu, const Instruction&) {
  bool negative = (cpu.reg<N>(0) >> (8 * N - 1)) & 1;
  cpu.set_reg<N>(2, negative ? 0xFFFFFFFFu : 0);
}

void lahf(Cpu& cpu, const Instruction&) { cpu.set_reg<1>(4, cpu.flags.value() & 0xFF); }

void sahf(Cpu& cpu, const Instruction&) {
  constexpr std::uint32_t mask = flag::sf | flag::zf | flag::af | flag::pf | flag::cf;
  cpu.flags.set((cpu.flags.value() & ~mask) | (cpu.reg<1>(4) & mask) | flag::reserved1);
}

void xlat(Cpu& cpu, const Instruction& insn) {
  std::uint32_t address = (insn.address32() ? cpu.reg<4>(3) : cpu.reg<2>(3)) + cpu.reg<1>(0);
  if (!insn.address32()) address &= 0xFFFF;
  cpu.set_reg<1>(0, cpu.read<1>(insn.segment, address));
}

// SALC: AL = CF ? 0xFF : 0.
void salc(Cpu& cpu, const Instruction&) { cpu.set_reg<1>(0, cpu.flags.cf() ? 0xFF : 0); }

template <unsigned N>
void cmovcc(Cpu& cpu, const Instruction& insn) {
  // The source is read (and can fault) whether or not the condition holds; a 32-bit destination
  // is written either way (zero-extension is a 64-bit-mode matter only).
  std::uint32_t value = read_operand<N>(cpu, insn, insn.operands[1]);
  if (cpu.flags.condition(insn.condition())) cpu.set_reg<N>(insn.operands[0].reg, value);
}

void setcc(Cpu& cpu, const Instruction& insn) {
  write_operand<1>(cpu, insn, insn.operands[0], cpu.flags.condition(insn.condition()) ? 1 : 0);
}

// ENTER size, level (SDM: ENTER, with a 16-bit stack).
template <unsigned N>
void enter(Cpu& cpu, const Instruction& insn) {
  std::uint32_t size = insn.imm & 0xFFFF;
  unsigned level = insn.imm2 & 0x1F;
  cpu.push<N>(cpu.reg<N>(5));
  std::uint32_t frame = cpu.reg<2>(4);
  if (level > 0) {
    std::uint32_t bp = cpu.reg<2>(5);
    for (unsigned i = 1; i < level; ++i) {
      bp = (bp - N) & 0xFFFF;
      cpu.push<N>(cpu.read<N>(ss_index, bp));
    }
    cpu.push<N>(frame);
  }
  cpu.set_reg<N>(5, frame);
  std::uint32_t sp = (cpu.reg<2>(4) - size) & 0xFFFF;
  cpu.set_reg<2>(4, sp);
}

// LEAVE: SP = BP, then POP BP; the read comes first, so that a fault (BP = 0xFFFF) leaves SP as
// it was, on every CPU.
template <unsigned N>
void leave(Cpu& cpu, const Instruction&) {
  const std::uint32_t bp = cpu.reg<2>(5);
  const std::uint32_t value = cpu.read<N>(ss_index, bp);
  cpu.set_reg<2>(4, bp + N);
  cpu.set_reg<N>(5, value);
}

template <unsigned N>
Handler select_mov(const Instruction& insn) {
  OperandKind d = insn.operands[0].kind;
  OperandKind s = insn.operands[1].kind;
  if (d == OperandKind::reg && s == OperandKind::reg) return handler_of<&mov_reg_reg<N>>;
  if (d == OperandKind::reg && s == OperandKind::imm) return handler_of<&mov_reg_imm<N>>;
  if (d == OperandKind::reg && s == OperandKind::mem) {
    return insn.address32() ? handler_with_try<&mov_reg_mem<N, Form::mem32>, &try_mov_reg_mem<N, Form::mem32>>
                            : handler_with_try<&mov_reg_mem<N, Form::mem16>, &try_mov_reg_mem<N, Form::mem16>>;
  }
  if (d == OperandKind::mem && s == OperandKind::reg) {
    return insn.address32() ? handler_with_try<&mov_mem_reg<N, Form::mem32>, &try_mov_mem_reg<N, Form::mem32>>
                            : handler_with_try<&mov_mem_reg<N, Form::mem16>, &try_mov_mem_reg<N, Form::mem16>>;
  }
  return handler_of<&mov<N>>;
}

}  // namespace

Handler select_move(const Instruction& insn) {
  unsigned size = insn.operand_size;
  const Operand& first = insn.operands[0];
  const Operand& second = insn.operands[1];
  switch (insn.op) {
    case Op::mov:
      if (first.kind == OperandKind::sreg) return handler_of<&mov_to_sreg>;
      if (second.kind == OperandKind::sreg) return handler_of<&mov_from_sreg>;
      return size == 1 ? select_mov<1>(insn) : size == 2 ? select_mov<2>(insn) : select_mov<4>(insn);
    case Op::movzx:
    case Op::movsx: {
      bool is_signed = insn.op == Op::movsx;
      if (second.size == 1) {
        if (size == 4) return is_signed ? handler_of<&move_extend<4, 1, true>> : handler_of<&move_extend<4, 1, false>>;
        return is_signed ? handler_of<&move_extend<2, 1, true>> : handler_of<&move_extend<2, 1, false>>;
      }
      if (size == 4) return is_signed ? handler_of<&move_extend<4, 2, true>> : handler_of<&move_extend<4, 2, false>>;
      return is_signed ? handler_of<&move_extend<2, 2, true>> : handler_of<&move_extend<2, 2, false>>;
    }
    case Op::lea: return EMU_WIDE(lea, size);
    case Op::les: return size == 4 ? handler_of<&load_far_pointer<4, 0>> : handler_of<&load_far_pointer<2, 0>>;
    case Op::lss: return size == 4 ? handler_of<&load_far_pointer<4, 2>> : handler_of<&load_far_pointer<2, 2>>;
    case Op::lds: return size == 4 ? handler_of<&load_far_pointer<4, 3>> : handler_of<&load_far_pointer<2, 3>>;
    case Op::lfs: return size == 4 ? handler_of<&load_far_pointer<4, 4>> : handler_of<&load_far_pointer<2, 4>>;
    case Op::lgs: return size == 4 ? handler_of<&load_far_pointer<4, 5>> : handler_of<&load_far_pointer<2, 5>>;
    case Op::xchg: return EMU_SIZED(xchg, size);
    case Op::bswap: return EMU_WIDE(bswap, size);
    case Op::push:
      if (first.kind == OperandKind::reg) return EMU_WIDE(push_reg, size);
      return EMU_WIDE(push, size);
    case Op::pop:
      if (first.kind == OperandKind::reg) return EMU_WIDE(pop_reg, size);
      return EMU_WIDE(pop, size);
    case Op::pusha: return EMU_WIDE(pusha, size);
    case Op::popa: return EMU_WIDE(popa, size);
    case Op::pushf: return EMU_WIDE(pushf, size);
    case Op::popf: return EMU_WIDE(popf, size);
    case Op::cbw: return EMU_WIDE(cbw, size);
    case Op::cwd: return EMU_WIDE(cwd, size);
    case Op::lahf: return handler_of<&lahf>;
    case Op::sahf: return handler_of<&sahf>;
    case Op::xlat: return handler_of<&xlat>;
    case Op::salc: return handler_of<&salc>;
    case Op::cmovcc: return EMU_WIDE(cmovcc, size);
    case Op::setcc: return handler_of<&setcc>;
    case Op::enter: return EMU_WIDE(enter, size);
    case Op::leave: return EMU_WIDE(leave, size);
    default: return {};
  }
}

}  // namespace emu::interp
