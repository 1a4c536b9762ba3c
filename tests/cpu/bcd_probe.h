#pragma once

// Runs the BCD cases of silicon data on the CPU this program runs on, through bcd_probe32 (a
// static 32-bit helper built from bcd_probe32.S: 64-bit mode has no BCD instructions).

#include <string>
#include <variant>
#include <vector>

#include "cpu/silicon_cases.h"

namespace emu::test {

bool is_bcd_case(const SiliconCase& test);

// The BCD cases of `cases` (AAM by 0, which faults, left out) with r0, r1 and flags_out as this
// CPU computes them; or why they cannot be run here (no helper on this host, or a kernel that
// runs no 32-bit programs).
std::variant<std::vector<SiliconCase>, std::string> run_bcd_cases(const std::vector<SiliconCase>& cases);

}  // namespace emu::test
