#pragma once

#include <chrono>

namespace emu {

// Wakes a backend blocked in a long call (KVM_RUN) at a host time: a device timer is due. At
// the time, StopRequest::wake() is called from a signal handler (cli/interruptions.h), which
// makes KVM_RUN return without asking the run to stop. One alarm at a time; a new one replaces
// the last.
class WakeAlarm {
 public:
  virtual ~WakeAlarm() = default;
  virtual void wake_at(std::chrono::steady_clock::time_point when) = 0;
  virtual void cancel() = 0;
};

}  // namespace emu
