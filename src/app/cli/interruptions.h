#pragma once

#include <signal.h>
#include <time.h>

#include <array>
#include <chrono>

#include "core/stop_request.h"
#include "core/wake_alarm.h"

namespace emu::cli {

// Turns what can interrupt a run into a StopRequest: SIGINT, SIGTERM and SIGHUP (the signal's
// cause) and the --timeout deadline (a POSIX timer's signal to this thread). It is also the
// backends' WakeAlarm: a second timer whose signal only wakes a blocked KVM_RUN (a device timer
// of the guest's is due). The handlers are
// installed without SA_RESTART, so a signal also breaks a blocked write() or KVM_RUN with
// EINTR; after any request the timer keeps firing every `kick_interval`, so that a blocking call
// entered just after the request cannot outlast it by more. SIGPIPE is ignored: a closed pipe
// is a write error, reported, not a silent death. Everything is restored on destruction.
//
// One instance at a time per process (signal handlers are process-wide): the handlers reach it
// through a single atomic pointer, the only global state in emu.
class Interruptions final : public WakeAlarm {
 public:
  static constexpr std::chrono::milliseconds kick_interval{20};

  // Throws Error(internal) when a handler or the timer cannot be installed.
  explicit Interruptions(StopRequest& stop);
  Interruptions(const Interruptions&) = delete;
  Interruptions& operator=(const Interruptions&) = delete;
  ~Interruptions() override;

  // Requests a stop (Cause::deadline) `after` from now.
  void arm_deadline(std::chrono::nanoseconds after);
  // Starts the periodic kicks now, for a stop requested by emu itself (output failure).
  void kick() noexcept;

  StopRequest& stop() { return stop_; }

  void wake_at(std::chrono::steady_clock::time_point when) override;
  void cancel() override;

 private:
  static void on_signal(int signal);

  StopRequest& stop_;
  timer_t timer_{};
  timer_t wake_timer_{};
  // 0 and -1 stand for the two timers' real-time signals (SIGRTMIN is not a constant).
  static constexpr std::array<int, 6> handled_ = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, 0, -1};
  std::array<struct sigaction, handled_.size()> previous_{};
};

}  // namespace emu::cli
