#pragma once

// What each CPU profile does where the manuals leave a result undefined: one row per profile,
// one column per choice. Handlers that differ take the row as a template parameter, so a choice
// is made once, when the handler is selected (handlers.h), and never tested per instruction.
// docs/cpu-model.md lists the same choices in prose with the silicon each was checked against.

#include <cstdint>

#include "backends/interp/guest_exception.h"
#include "core/cpu_profile.h"

namespace emu::interp {

struct IntelChoices {
  static constexpr CpuProfile profile = CpuProfile::intel;
  // SHL/SHR/SAR/SHLD/SHRD by a non-zero count: AF set (true) or cleared.
  static constexpr bool shift_sets_af = false;
  // OF after a shift or rotate by more than 1, and after SHLD/SHRD: from the last 1-bit step,
  // i.e. from the result (true), or from the first step on the original operand (Intel; for
  // SHLD/SHRD: whether the sign changed).
  static constexpr bool shift_of_from_result = false;
  // An RCL/RCR by a whole turn through CF (9 or 17 for bytes and words) still writes OF as a
  // rotate by that count does (true), or changes nothing, flags included.
  static constexpr bool whole_turn_rotate_sets_of = false;
  // 16-bit SHLD/SHRD by 16-31: the operand shifted through destination:source:destination
  // (false; Intel), or through source:source:destination (SHRD) and destination:source:source
  // (SHLD) with CF and OF as Zen leaves them (true; double_shift in alu.cpp).
  static constexpr bool wide_double_shift_amd = false;
  // MUL/IMUL: SF, ZF and PF from the low half and AF cleared (false), or all four unchanged.
  static constexpr bool multiply_keeps_szap = false;
  // DIV/IDIV: every flag unchanged (false), or CF OF kept, AF set, SF ZF PF cleared.
  static constexpr bool divide_sets_szap = false;
  // DAA/DAS OF, AAA/AAS OF SF ZF PF, AAD OF AF CF: OF cleared and AAA/AAS's from the final AL,
  // AAD's cleared (false); or as the adjustment's own addition leaves them (true: DAA/DAS OF is
  // the signed overflow of AL's change; AAA/AAS from AX +/- 0x106 before AL is masked; AAD from
  // AL + AH * base).
  static constexpr bool bcd_flags_from_addition = false;
  // BSF/BSR: CF OF SF AF PF unchanged (false); or CF OF SF AF cleared and PF from the index
  // found, or for a zero source ZF and PF set (true).
  static constexpr bool bit_scan_sets_flags = false;
  // FLAGS bits the CPU holds at all (set_state drops the rest), and those POPF and IRET with a
  // 16-bit operand load (from the 386 on NT and IOPL too).
  static constexpr std::uint32_t flags_held = 0xFFFFFFFFu;
  static constexpr std::uint32_t loadable_flags16 = 0x7FD5;
  // The fault an access through SS past its limit raises.
  static constexpr std::uint8_t stack_limit_fault = vector::stack_fault;
  // String instructions: each index register (and CX under REP) is advanced before its own
  // access, so that a faulting access leaves it advanced, and CMPS reads ES:DI first (true); or
  // they change only when the iteration completes (false: precise faults).
  static constexpr bool string_advances_before_access = false;
  // The vector raised when an interrupt's IVT entry lies beyond the IDTR limit.
  static constexpr std::uint8_t ivt_limit_fault = vector::general_protection;
  // SMSW: bits 4-15 as the CPU holds them set (none: they are CR0's).
  static constexpr std::uint16_t msw_fixed_ones = 0;
  // SGDT/SIDT with a 16-bit operand: the byte stored above the 24-bit base (SDM Vol. 2, SGDT,
  // "IA-32 Architecture Compatibility": 0s from the 386 on, 1s on the 286).
  static constexpr std::uint8_t table_base_top_byte16 = 0x00;
};

// The rows below list what differs from IntelChoices; the rest they inherit.
struct AmdChoices : IntelChoices {
  static constexpr CpuProfile profile = CpuProfile::amd;
  static constexpr bool shift_sets_af = true;
  static constexpr bool shift_of_from_result = true;
  static constexpr bool whole_turn_rotate_sets_of = true;
  static constexpr bool wide_double_shift_amd = true;
  static constexpr bool multiply_keeps_szap = true;
  static constexpr bool divide_sets_szap = true;
  static constexpr bool bcd_flags_from_addition = true;
  static constexpr bool bit_scan_sets_flags = false;
};

// Zen 5 (family 1Ah), measured live on this project's hosts (tests/cpu): Zen 3's choices but for
// BSF/BSR, whose flags it writes.
struct AmdZen5Choices : AmdChoices {
  static constexpr CpuProfile profile = CpuProfile::amd_zen5;
  static constexpr bool bit_scan_sets_flags = true;
};

// The 80286 of tests/data/conformance (a Harris 80C286 in real mode).
// Sources: the 80286 Programmer's Reference Manual (FLAGS, real-address-mode exceptions, the MSW)
// and the silicon states of tests/data/conformance, which exercise the shift choices, FLAGS, the
// SS overrun and the string faults (not the IVT limit, SMSW or SGDT: manual only).
struct I286Choices : IntelChoices {
  static constexpr CpuProfile profile = CpuProfile::i286;
  // As on AMD Zen (the data leaves AF after shifts and OF after word shifts masked; byte rotates
  // by an immediate count show OF from the result, a whole turn through CF included).
  static constexpr bool shift_of_from_result = true;
  static constexpr bool whole_turn_rotate_sets_of = true;
  // Real mode holds FLAGS bits 12-15 at 0 (what CPU-identification code tests for a 286).
  static constexpr std::uint32_t flags_held = 0x0FFF;
  static constexpr std::uint32_t loadable_flags16 = 0x0FD5;
  // "Interrupt 13 for operand at offset 0FFFFH", through SS as through any segment.
  static constexpr std::uint8_t stack_limit_fault = vector::general_protection;
  static constexpr bool string_advances_before_access = true;
  // "Interrupt Table Limit Too Small (Interrupt 8)" (Programmer's Reference Manual, real address
  // mode exceptions).
  static constexpr std::uint8_t ivt_limit_fault = vector::double_fault;
  // The MSW is FFF0h at reset (10.4, "Initialization") and LMSW loads only bits 0-3.
  static constexpr std::uint16_t msw_fixed_ones = 0xFFF0;
  static constexpr std::uint8_t table_base_top_byte16 = 0xFF;
};

// Calls `f.template operator()<Choices>()` with the row of `profile`.
template <typename F>
decltype(auto) with_choices(CpuProfile profile, F&& f) {
  switch (profile) {
    case CpuProfile::amd: return f.template operator()<AmdChoices>();
    case CpuProfile::amd_zen5: return f.template operator()<AmdZen5Choices>();
    case CpuProfile::i286: return f.template operator()<I286Choices>();
    case CpuProfile::intel: break;
  }
  return f.template operator()<IntelChoices>();
}

}  // namespace emu::interp
