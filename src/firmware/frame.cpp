#include "firmware/frame.h"

#include <array>

namespace emu::bios {

namespace {

// The frame's words in stack order from SS:SP, as bios.S pushes them.
constexpr std::array<std::uint16_t Registers::*, 13> stack_order{
    &Registers::service, &Registers::es, &Registers::ds, &Registers::bp, &Registers::di, &Registers::si, &Registers::dx,
    &Registers::cx,      &Registers::bx, &Registers::ax, &Registers::ip, &Registers::cs, &Registers::flags};

}  // namespace

Registers Registers::load(const GuestRam& ram, std::uint16_t ss, std::uint16_t sp) {
  Registers registers{};
  for (std::size_t i = 0; i < stack_order.size(); ++i) {
    registers.*stack_order[i] = ram.read16(ss, static_cast<std::uint16_t>(sp + 2 * i));
  }
  return registers;
}

void Registers::store(GuestRam& ram, std::uint16_t ss, std::uint16_t sp) const {
  for (std::size_t i = 0; i < stack_order.size(); ++i) {
    ram.write16(ss, static_cast<std::uint16_t>(sp + 2 * i), this->*stack_order[i]);
  }
}

}  // namespace emu::bios
