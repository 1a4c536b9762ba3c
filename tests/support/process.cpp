#include "support/process.h"

namespace emu::test {

ProcessResult run_emu(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> argv{EMU_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

}  // namespace emu::test
