#pragma once

#include <cstdio>
#include <span>

namespace emu::cli {

// The whole `emu` program: parse, load, run, report. Returns the process exit status.
int run_emu(std::span<const char* const> args, std::FILE* out, std::FILE* err);

}  // namespace emu::cli
