#include <cstdio>

#include "cli/app.h"

int main(int argc, char** argv) {
  return emu::cli::run_emu({const_cast<const char* const*>(argv), static_cast<std::size_t>(argc)}, stdout, stderr);
}
