#pragma once

// Runs silicon-data cases on the CPU this program runs on (x86-64 only): the instruction of each
// case, with the case's operands and flags, in 64-bit user mode, where the arithmetic flags and
// results of these instructions are the same as in real mode at the same operand size.

#include <optional>

#include "cpu/silicon_cases.h"

namespace emu::test {

class NativeProbe {
 public:
  NativeProbe();  // maps one page for the code; throws std::runtime_error when it cannot
  NativeProbe(const NativeProbe&) = delete;
  NativeProbe& operator=(const NativeProbe&) = delete;
  ~NativeProbe();

  // Whether this host can run cases at all (an x86-64 CPU).
  static bool available();

  // `input` with r0, r1 and flags_out as this CPU computes them; nothing for what 64-bit mode
  // cannot run (the BCD instructions) or on a host that is not x86-64.
  std::optional<SiliconCase> run(const SiliconCase& input);

 private:
  void* page_ = nullptr;
};

}  // namespace emu::test
