#include "platform/platform.h"

#include <algorithm>

namespace emu {

void Platform::type_script(std::span<const KeyAction> actions) {
  for (const KeyAction& action : actions) {
    if (action.stroke) {
      type(*action.stroke);
    } else {
      pause_typing(action.pause_ns);
    }
  }
}

bool Platform::can_wake() {
  advance();
  return interrupt_request_ || next_deadline().has_value() || awaits_input();
}

std::optional<std::uint64_t> Platform::next_event() {
  const std::optional<std::uint64_t> deadline = next_deadline();
  const std::optional<std::uint64_t> refresh = next_refresh();
  if (deadline && refresh) return std::min(*deadline, *refresh);
  return deadline ? deadline : refresh;
}

bool Platform::wait_while_halted(const StopRequest* stop) {
  DeviceClock* time = clock();
  for (;;) {
    advance();
    if (interrupt_request_ || (stop != nullptr && stop->requested())) return true;
    // Only an interrupt source keeps the CPU waiting; a display's refresh is met on the way.
    if (!next_deadline() && !awaits_input()) return false;
    std::optional<std::uint64_t> deadline = next_event();
    if (deadline && time != nullptr) deadline = std::max(*deadline, time->now() + 1);
    if (deadline && time != nullptr && time->is_virtual()) {
      time->skip_to(*deadline);
    } else {
      wait(deadline, stop);  // host time passes, or host input comes
    }
  }
}

}  // namespace emu
