#pragma once

#include <cstdint>

#include "firmware/guest_ram.h"

namespace emu::bios {

// The registers a service's entry pushed (bios.S, "The hypercall"), read when a call arrives and
// written back when it is done: what the service receives and returns, the caller's CS:IP (for
// messages) and the FLAGS that its IRET restores (CF, ZF: the services' results).
struct Registers {
  std::uint16_t service, es, ds, bp, di, si, dx, cx, bx, ax, ip, cs, flags;

  static std::uint8_t high(std::uint16_t word) { return static_cast<std::uint8_t>(word >> 8); }
  static std::uint8_t low(std::uint16_t word) { return static_cast<std::uint8_t>(word); }
  static void set_high(std::uint16_t& word, std::uint8_t value) { word = static_cast<std::uint16_t>((word & 0x00FF) | value << 8); }
  static void set_low(std::uint16_t& word, std::uint8_t value) { word = static_cast<std::uint16_t>((word & 0xFF00) | value); }

  std::uint8_t ah() const { return high(ax); }
  std::uint8_t al() const { return low(ax); }
  std::uint8_t bh() const { return high(bx); }
  std::uint8_t bl() const { return low(bx); }
  std::uint8_t ch() const { return high(cx); }
  std::uint8_t cl() const { return low(cx); }
  std::uint8_t dh() const { return high(dx); }
  std::uint8_t dl() const { return low(dx); }
  void set_ah(std::uint8_t value) { set_high(ax, value); }
  void set_al(std::uint8_t value) { set_low(ax, value); }
  void set_bh(std::uint8_t value) { set_high(bx, value); }
  void set_bl(std::uint8_t value) { set_low(bx, value); }
  void set_ch(std::uint8_t value) { set_high(cx, value); }
  void set_cl(std::uint8_t value) { set_low(cx, value); }
  void set_dh(std::uint8_t value) { set_high(dx, value); }
  void set_dl(std::uint8_t value) { set_low(dx, value); }

  static constexpr std::uint16_t carry_flag = 0x0001;
  static constexpr std::uint16_t zero_flag = 0x0040;
  void set_carry(bool on) { flags = static_cast<std::uint16_t>(on ? flags | carry_flag : flags & ~carry_flag); }
  void set_zero(bool on) { flags = static_cast<std::uint16_t>(on ? flags | zero_flag : flags & ~zero_flag); }
  bool carry() const { return (flags & carry_flag) != 0; }

  bool operator==(const Registers&) const = default;

  // Reads the frame at SS:SP; writes it back there.
  static Registers load(const GuestRam& ram, std::uint16_t ss, std::uint16_t sp);
  void store(GuestRam& ram, std::uint16_t ss, std::uint16_t sp) const;
};

}  // namespace emu::bios
