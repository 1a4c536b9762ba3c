// Prints emu(1) on stdout: the build turns it into build/emu.1, which `cmake --install` and the
// Debian package install (src/app/cli/CMakeLists.txt).
#include <fmt/format.h>

#include "cli/options.h"

int main() {
  fmt::print("{}", emu::cli::man_page());
  return 0;
}
