#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "differential/program_generator.h"

namespace emu::test {

using Blocks = std::vector<std::vector<std::uint8_t>>;

// What a divergence check answers: the report of a divergence, or nothing.
using DivergenceCheck = std::function<std::optional<std::string>(const Blocks& blocks, const CpuState& state)>;

struct Reduction {
  Blocks blocks;
  CpuState state;
  std::string report;  // the divergence the reduced program still shows
};

// Shrinks a diverging program: drops every block it can and sets every register it can to 0
// while `diverges` still reports a divergence (greedy, repeated until nothing more goes).
Reduction reduce(const RandomProgram& program, const DivergenceCheck& diverges);

// A regression file (tests/differential/regressions/*.txt): '#' comment lines, one line
// "state eax=.. ecx=.. edx=.. ebx=.. esp=.. ebp=.. esi=.. edi=.. eflags=..", then one "block"
// line of hex bytes per code block.
std::string regression_text(const Reduction& reduction, const std::string& description);
std::optional<Reduction> parse_regression(const std::string& text);

// Runs blocks from `state` (everything else as generate_program sets it) on both backends.
std::optional<std::string> lockstep_divergence(const Blocks& blocks, const CpuState& state);

}  // namespace emu::test
