#include "core/run_result.h"

namespace emu {

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::hlt:
      return "hlt";
    case StopReason::exit_device:
      return "exit-device";
    case StopReason::shutdown:
      return "shutdown";
    case StopReason::timeout:
      return "timeout";
    case StopReason::limit:
      return "limit";
    case StopReason::error:
      return "error";
  }
  return "error";
}

}  // namespace emu
