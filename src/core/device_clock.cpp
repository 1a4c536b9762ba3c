#include "core/device_clock.h"

namespace emu {

namespace {

constexpr std::uint64_t ns_per_second = 1'000'000'000;

}  // namespace

DeviceClock::DeviceClock(Kind kind, std::uint64_t ips)
    : kind_(kind), ips_(ips == 0 ? default_ips : ips), start_(std::chrono::steady_clock::now()) {}

std::uint64_t DeviceClock::virtual_now() const {
  if (mirror_ != nullptr) return mirror_->now();
  const std::uint64_t count = count_ != nullptr ? *count_ : 0;
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(count) * ns_per_second / ips_) + skipped_;
}

void DeviceClock::pause() {
  if (kind_ == Kind::host && !paused_at_) paused_at_ = std::chrono::steady_clock::now();
}

void DeviceClock::resume() {
  if (!paused_at_) return;
  start_ += std::chrono::steady_clock::now() - *paused_at_;
  paused_at_.reset();
}

std::uint64_t DeviceClock::now() const {
  if (kind_ == Kind::virtual_time) return virtual_now();
  auto elapsed = paused_at_.value_or(std::chrono::steady_clock::now()) - start_;
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
}

std::uint64_t DeviceClock::instructions_until(std::uint64_t time) const {
  const std::uint64_t count = count_ != nullptr ? *count_ : 0;
  if (time <= virtual_now()) return count;
  // The least c with floor(c * 1e9 / ips) + skipped >= time.
  const auto span = static_cast<unsigned __int128>(time - skipped_) * ips_;
  return static_cast<std::uint64_t>((span + ns_per_second - 1) / ns_per_second);
}

void DeviceClock::skip_to(std::uint64_t time) {
  const std::uint64_t now = virtual_now();
  if (time > now) skipped_ += time - now;
}

std::string_view clock_name(DeviceClock::Kind kind) {
  return kind == DeviceClock::Kind::host ? "host" : "virtual";
}

}  // namespace emu
