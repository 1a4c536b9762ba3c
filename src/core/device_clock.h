#pragma once

#include <chrono>
#include <optional>
#include <cstdint>
#include <string_view>

namespace emu {

// Device time: nanoseconds since the machine started, as the timers, the RTC and the keyboard's
// pacing see it (--clock, docs/devices.md). Either the host's monotonic clock, as on QEMU and
// Bochs' real-time mode, or a function of the instruction count alone (virtual), so that a run
// is the same, interrupts included, every time: each instruction takes 1e9 / ips nanoseconds,
// and a halted CPU jumps to the next deadline (QEMU's icount with sleep=off).
class DeviceClock {
 public:
  enum class Kind { host, virtual_time };
  static constexpr std::uint64_t default_ips = 50'000'000;

  explicit DeviceClock(Kind kind, std::uint64_t ips = default_ips);

  Kind kind() const { return kind_; }
  bool is_virtual() const { return kind_ == Kind::virtual_time; }
  std::uint64_t instructions_per_second() const { return ips_; }

  std::uint64_t now() const;

  // Virtual time: the completed-instruction counter it follows (the backend's; the lockstep's
  // for the KVM side of --compare). Until one is given, time stands still.
  void follow_instructions(const std::uint64_t* count) { count_ = count; }
  // Virtual time: this clock reads `other`'s time (the KVM side of --compare reads the
  // interpreter's, so that both machines' devices see one time).
  void mirror(const DeviceClock* other) { mirror_ = other; }
  // Whether virtual time has a source (a counter or a clock to mirror).
  bool has_source() const { return count_ != nullptr || mirror_ != nullptr; }
  // Virtual time: the count at which device time reaches `time` (at least the count now).
  std::uint64_t instructions_until(std::uint64_t time) const;
  // Virtual time: moves time on to `time` without instructions (the CPU is halted).
  void skip_to(std::uint64_t time);

  // Host time: device time stands still from pause() until resume(), while a debugger holds the
  // guest (QEMU stops its virtual clock while the VM is stopped), so that the guest does not find
  // its timers' periods gone by the hundred when it runs on. Virtual time needs neither.
  void pause();
  void resume();
  bool paused() const { return paused_at_.has_value(); }

  // Host time: the steady-clock instant of device time `time`.
  std::chrono::steady_clock::time_point host_time_of(std::uint64_t time) const {
    return start_ + std::chrono::nanoseconds(time);
  }

 private:
  std::uint64_t virtual_now() const;

  Kind kind_;
  std::uint64_t ips_;
  std::chrono::steady_clock::time_point start_;
  const std::uint64_t* count_ = nullptr;
  const DeviceClock* mirror_ = nullptr;
  std::uint64_t skipped_ = 0;  // virtual time spent halted
  std::optional<std::chrono::steady_clock::time_point> paused_at_;  // host time, while paused
};

// The name --clock takes ("host", "virtual").
std::string_view clock_name(DeviceClock::Kind kind);

}  // namespace emu
