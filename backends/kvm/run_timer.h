#pragma once

#include <linux/kvm.h>
#include <signal.h>
#include <time.h>

#include <chrono>

namespace emu::kvm {

// Stops a vCPU after a wall-time budget: a POSIX timer sends a signal to the thread running
// KVM_RUN, whose handler sets kvm_run.immediate_exit. A signal that lands in guest mode makes
// KVM_RUN return EINTR; one that lands while emu handles an exit makes the next KVM_RUN return
// at once. Either way the guest cannot outrun the timer (KVM API, "immediate_exit").
class RunTimer {
 public:
  RunTimer(kvm_run& run, std::chrono::nanoseconds budget);
  RunTimer(const RunTimer&) = delete;
  RunTimer& operator=(const RunTimer&) = delete;
  ~RunTimer();

  bool expired() const;

 private:
  timer_t timer_{};
  struct sigaction previous_action_ {};
};

}  // namespace emu::kvm
