// Ports, flag control, processor identification, descriptor tables, control registers, and
// what real mode refuses (SDM Vol. 2 and Vol. 3, chapter 20).
#include <cstdint>

#include "backends/interp/handler_forms.h"
#include "backends/interp/handlers.h"
#include "backends/interp/operands.h"
#include "backends/interp/profile_choices.h"
#include "core/cpuid_table.h"

namespace emu::interp {

namespace {

using x86::Op;

template <unsigned N>
void in(Cpu& cpu, const Instruction& insn) {
  const Operand& port = insn.operands[1];
  std::uint32_t number = port.kind == OperandKind::imm ? insn.imm & 0xFF : cpu.reg<2>(2);
  cpu.set_reg<N>(0, static_cast<std::uint32_t>(cpu.io->read(number, N)));
}

template <unsigned N>
void out(Cpu& cpu, const Instruction& insn) {
  const Operand& port = insn.operands[0];
  std::uint32_t number = port.kind == OperandKind::imm ? insn.imm & 0xFF : cpu.reg<2>(2);
  cpu.io->write(number, N, cpu.reg<N>(0));
  if (cpu.exit_request.attention()) [[unlikely]] cpu.on_port_attention();
}

// HLT with no device that could interrupt the CPU ends the run (IP already past the HLT).
void hlt(Cpu& cpu, const Instruction&) { cpu.request_stop(Stop::hlt); }

void cmc(Cpu& cpu, const Instruction&) { cpu.flags.set(cpu.flags.value() ^ flag::cf); }
void clc(Cpu& cpu, const Instruction&) { cpu.flags.set(cpu.flags.value() & ~flag::cf); }
void stc(Cpu& cpu, const Instruction&) { cpu.flags.set(cpu.flags.value() | flag::cf); }
void cli(Cpu& cpu, const Instruction&) { cpu.flags.set_control(flag::if_, false); }
void cld(Cpu& cpu, const Instruction&) { cpu.flags.set_control(flag::df, false); }
void std_(Cpu& cpu, const Instruction&) { cpu.flags.set_control(flag::df, true); }

// STI enables interrupts after the next instruction: the shadow travels in the CPU state.
void sti(Cpu& cpu, const Instruction&) {
  if (!cpu.flags.if_()) cpu.events |= Cpu::sti_shadow;
  cpu.flags.set_control(flag::if_, true);
}

void nothing(Cpu&, const Instruction&) {}

// CPUID: the profile's table (core/cpuid_table.h), the same values KVM is given.
template <CpuProfile P>
void cpuid(Cpu& cpu, const Instruction&) {
  CpuidLeaf result = cpuid_query(P, cpu.reg<4>(0));
  cpu.set_reg<4>(0, result.eax);
  cpu.set_reg<4>(3, result.ebx);
  cpu.set_reg<4>(1, result.ecx);
  cpu.set_reg<4>(2, result.edx);
}

void undefined_opcode(Cpu&, const Instruction&) { throw GuestFault{vector::invalid_opcode}; }
void general_protection(Cpu&, const Instruction&) { throw GuestFault{vector::general_protection}; }

// Instructions emu does not model: the run stops naming them (docs/cpu-model.md).
void unsupported(Cpu& cpu, const Instruction&) { cpu.request_stop(Stop::unsupported, "unsupported instruction"); }
void loadall(Cpu& cpu, const Instruction&) {
  cpu.request_stop(Stop::unsupported, "LOADALL (the 80286's undocumented 0F 05) is not modelled");
}

template <unsigned N>
void load_descriptor_table(Cpu& cpu, const Instruction& insn) {
  std::uint32_t address = cpu.effective_address(insn);
  auto limit = static_cast<std::uint16_t>(cpu.read<2>(insn.segment, address));
  std::uint32_t base_address = insn.address32() ? address + 2 : (address + 2) & 0xFFFF;
  std::uint32_t base = cpu.read<4>(insn.segment, base_address);
  if constexpr (N == 2) base &= 0x00FFFFFF;  // a 16-bit operand size loads a 24-bit base
  DescriptorTable& table = insn.op == Op::lidt ? cpu.idtr : cpu.gdtr;
  table = {base, limit};
}

template <unsigned N, class P>
void store_descriptor_table(Cpu& cpu, const Instruction& insn) {
  const DescriptorTable& table = insn.op == Op::sidt ? cpu.idtr : cpu.gdtr;
  std::uint32_t address = cpu.effective_address(insn);
  std::uint32_t base_address = insn.address32() ? address + 2 : (address + 2) & 0xFFFF;
  cpu.linear_address<2>(insn.segment, address);
  cpu.linear_address<4>(insn.segment, base_address);
  cpu.write<2>(insn.segment, address, table.limit);
  constexpr std::uint32_t top_byte16 = std::uint32_t{P::table_base_top_byte16} << 24;
  cpu.write<4>(insn.segment, base_address, N == 2 ? (table.base & 0x00FFFFFF) | top_byte16 : table.base);
}

template <unsigned N, class P>
void smsw(Cpu& cpu, const Instruction& insn) {
  const Operand& destination = insn.operands[0];
  const std::uint32_t msw = cpu.cr0 | P::msw_fixed_ones;
  if (destination.kind == OperandKind::reg) {
    cpu.set_reg<N>(destination.reg, msw);
  } else {
    cpu.write<2>(insn.segment, cpu.effective_address(insn), msw & 0xFFFF);
  }
}

// Sets CR0; entering protected mode (or paging) is outside what emu models.
void write_cr0(Cpu& cpu, std::uint32_t value) {
  if (value & 1) {
    cpu.request_stop(Stop::unsupported, "protected mode is not supported (CR0.PE set)");
    return;
  }
  if (value & 0x80000000u) {
    cpu.request_stop(Stop::unsupported, "paging is not supported (CR0.PG set)");
    return;
  }
  cpu.cr0 = value | 0x10;  // ET is fixed to 1
}

// LMSW loads PE, MP, EM and TS; it can set PE but never clear it.
void lmsw(Cpu& cpu, const Instruction& insn) {
  std::uint32_t value = read_operand<2>(cpu, insn, insn.operands[0]);
  write_cr0(cpu, (cpu.cr0 & ~0xEu) | (value & 0xF));
}

void mov_cr(Cpu& cpu, const Instruction& insn) {
  const Operand& first = insn.operands[0];
  if (first.kind == OperandKind::cr) {
    std::uint32_t value = cpu.reg<4>(insn.operands[1].reg);
    switch (first.reg) {
      case 0: write_cr0(cpu, value); break;
      default: cpu.request_stop(Stop::unsupported, "writes to CR2, CR3 and CR4 are not supported"); break;
    }
  } else {
    unsigned cr = insn.operands[1].reg;
    cpu.set_reg<4>(first.reg, cr == 0 ? cpu.cr0 : 0);
  }
  // The arithmetic flags are undefined after MOV CRn: emu leaves them as they were.
}

void clts(Cpu& cpu, const Instruction&) { cpu.cr0 &= ~0x8u; }

// RDTSC: the instruction count, so that runs stay deterministic (docs/cpu-model.md).
void rdtsc(Cpu& cpu, const Instruction&) {
  cpu.set_reg<4>(0, static_cast<std::uint32_t>(cpu.instructions));
  cpu.set_reg<4>(2, static_cast<std::uint32_t>(cpu.instructions >> 32));
}

}  // namespace

Handler select_system(const Instruction& insn, CpuProfile profile) {
  unsigned size = insn.operand_size;
  switch (insn.op) {
    case Op::in: return EMU_SIZED(in, size);
    case Op::out: return EMU_SIZED(out, size);
    case Op::hlt: return handler_of<&hlt>;
    case Op::cmc: return handler_of<&cmc>;
    case Op::clc: return handler_of<&clc>;
    case Op::stc: return handler_of<&stc>;
    case Op::cli: return handler_of<&cli>;
    case Op::sti: return handler_of<&sti>;
    case Op::cld: return handler_of<&cld>;
    case Op::std: return handler_of<&std_>;
    case Op::wait: case Op::nop: case Op::pause: case Op::invlpg: case Op::invd: case Op::wbinvd:
      return handler_of<&nothing>;
    case Op::cpuid: return with_choices(profile, []<class P>() { return handler_of<&cpuid<P::profile>>; });
    case Op::rdtsc: return handler_of<&rdtsc>;
    case Op::lgdt: case Op::lidt: return EMU_WIDE(load_descriptor_table, size);
    case Op::sgdt: case Op::sidt:
      return with_choices(profile, [&]<class P>() { return EMU_WIDE_P(store_descriptor_table, size, P); });
    case Op::smsw: return with_choices(profile, [&]<class P>() { return EMU_WIDE_P(smsw, size, P); });
    case Op::lmsw: return handler_of<&lmsw>;
    case Op::mov_cr: return handler_of<&mov_cr>;
    case Op::clts: return handler_of<&clts>;
    // Real mode raises #UD for the protected-mode-only instructions and for RSM outside SMM.
    case Op::ud: case Op::invalid: case Op::sldt: case Op::str: case Op::lldt: case Op::ltr: case Op::verr:
    case Op::verw: case Op::lar: case Op::lsl: case Op::arpl: case Op::rsm:
      return handler_of<&undefined_opcode>;
    // SYSENTER/SYSEXIT raise #GP(0) in real mode; an instruction over 15 bytes raises #GP.
    case Op::sysenter: case Op::sysexit: case Op::too_long:
      return handler_of<&general_protection>;
    case Op::fpu: case Op::mov_dr: case Op::wrmsr: case Op::rdmsr: case Op::rdpmc:
      return handler_of<&unsupported>;
    case Op::loadall: return handler_of<&loadall>;
    default: return {};
  }
}

}  // namespace emu::interp
