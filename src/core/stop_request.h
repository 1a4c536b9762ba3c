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
  enum class Cause : std::uint8_t { none, deadline, signal, output_failed, quit_key };

  void request(Cause cause, int signal = 0) noexcept {
    int expected = 0;
    state_.compare_exchange_strong(expected, static_cast<int>(cause) | (signal << 8));
    if (volatile std::uint8_t* wake = wake_.load()) *wake = 1;
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
