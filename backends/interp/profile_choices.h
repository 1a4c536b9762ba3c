#pragma once

// What each CPU profile does where the manuals leave a result undefined: one row per profile,
// one column per choice. Handlers that differ take the row as a template parameter, so a choice
// is made once, when the handler is selected (handlers.h), and never tested per instruction.
// docs/cpu-model.md lists the same choices in prose with the silicon each was checked against.

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
};

struct AmdChoices {
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

// Calls `f.template operator()<Choices>()` with the row of `profile`.
template <typename F>
decltype(auto) with_choices(CpuProfile profile, F&& f) {
  switch (profile) {
    case CpuProfile::amd: return f.template operator()<AmdChoices>();
    case CpuProfile::amd_zen5: return f.template operator()<AmdZen5Choices>();
    case CpuProfile::intel: break;
  }
  return f.template operator()<IntelChoices>();
}

}  // namespace emu::interp
