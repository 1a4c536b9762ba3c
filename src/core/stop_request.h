#pragma once

#include <atomic>
#include <cstdint>

namespace emu {

// A request from outside the guest to end the run: the --timeout deadline passed, a signal
// arrived, or guest output could not be written. Set from signal handlers (so every member is
// lock-free and async-signal-safe), polled by the backends between instructions; the first
// request wins.
class StopRequest {
 public:
  // `debugger`: the gdb stub's interruption (Ctrl-C in gdb, a client attaching): it pauses the
  // guest rather than ending the run, and any other cause replaces it.
  enum class Cause : std::uint8_t { none, deadline, signal, output_failed, quit_key, debugger };

  void request(Cause cause, int signal = 0) noexcept {
    const int wanted = static_cast<int>(cause) | (signal << 8);
    int current = state_.load();
    while (current == 0 || (cause != Cause::debugger && (current & 0xFF) == static_cast<int>(Cause::debugger))) {
      if (state_.compare_exchange_weak(current, wanted)) break;
    }
    if (volatile std::uint8_t* wake = wake_.load()) *wake = 1;
  }
  // Forgets a debugger's interruption once the stub has stopped the guest for it (any other
  // request stays).
  void clear_debugger_request() noexcept {
    int expected = static_cast<int>(Cause::debugger);
    state_.compare_exchange_strong(expected, 0);
  }
  bool requested() const noexcept { return state_.load(std::memory_order_relaxed) != 0; }
  Cause cause() const noexcept { return static_cast<Cause>(state_.load() & 0xFF); }
  int signal() const noexcept { return state_.load() >> 8; }

  // Makes a running KVM_RUN return (the wake byte) without asking for a stop: a timer of the
  // guest's is due (WakeAlarm).
  void wake() noexcept {
    if (volatile std::uint8_t* wake = wake_.load()) *wake = 1;
  }

  // A byte set to 1 by every request, while a vCPU runs: kvm_run.immediate_exit, so that
  // KVM_RUN returns at once (KVM API, "immediate_exit"). Null when nothing runs.
  void set_wake_byte(volatile std::uint8_t* byte) noexcept { wake_.store(byte); }

 private:
  std::atomic<int> state_{0};  // Cause | signal << 8
  std::atomic<volatile std::uint8_t*> wake_{nullptr};
  static_assert(std::atomic<int>::is_always_lock_free && std::atomic<volatile std::uint8_t*>::is_always_lock_free);
};

}  // namespace emu
