// Real-mode interrupt and exception entry through the IVT (SDM Vol. 3, 20.1.4).
#include "backends/interp/operands.h"
#include "backends/interp/interrupts.h"

namespace emu::interp {

void enter_interrupt(Cpu& cpu, std::uint8_t vector, std::uint32_t return_eip) {
  std::uint32_t entry = std::uint32_t{vector} * 4;
  // A vector whose IVT entry lies beyond the IDTR limit raises #GP (the profile's ivt_limit_fault).
  if (entry + 3 > cpu.idtr.limit) throw GuestFault{cpu.ivt_limit_fault};
  std::uint32_t target = cpu.read_physical<4>(cpu.idtr.base + entry);
  // The three pushes happen as one: a fault in any leaves SP as it was.
  std::uint32_t sp = cpu.reg<2>(4);
  try {
    cpu.push<2>(cpu.flags.value() & 0xFFFF);
    cpu.push<2>(cpu.seg[cs_index].selector);
    cpu.push<2>(return_eip & 0xFFFF);
  } catch (const GuestFault&) {
    cpu.set_reg<2>(4, sp);
    throw;
  }
  cpu.flags.set_control(flag::if_ | flag::tf | (1u << 18) /* AC */, false);
  cpu.load_segment(cs_index, static_cast<std::uint16_t>(target >> 16));
  cpu.eip = target & 0xFFFF;
}

}  // namespace emu::interp
