#include "cli/interruptions.h"

#include <fmt/format.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <span>

#include "core/error.h"

namespace emu::cli {

namespace {

int timer_signal() { return SIGRTMIN + 1; }
int wake_signal() { return SIGRTMIN + 2; }

// The signal in slot `i` of the handled list, whose 0 and -1 stand for the timers' (SIGRTMIN is
// not a constant).
int handled_signal(std::span<const int> handled, std::size_t i) {
  return handled[i] == 0 ? timer_signal() : handled[i] == -1 ? wake_signal() : handled[i];
}

timer_t thread_timer(int signal) {
  sigevent event{};
  event.sigev_notify = SIGEV_THREAD_ID;
  event.sigev_signo = signal;
  event._sigev_un._tid = static_cast<pid_t>(::syscall(SYS_gettid));
  timer_t timer{};
  if (::timer_create(CLOCK_MONOTONIC, &event, &timer) < 0) {
    throw Error(ExitStatus::internal, fmt::format("cannot create a timer: {}", std::strerror(errno)));
  }
  return timer;
}

// The instance the signal handlers serve (see the class comment).
std::atomic<Interruptions*> active{nullptr};

itimerspec timer_spec(std::chrono::nanoseconds first, std::chrono::nanoseconds interval) {
  auto to_timespec = [](std::chrono::nanoseconds value) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(value);
    return timespec{static_cast<time_t>(seconds.count()), static_cast<long>((value - seconds).count())};
  };
  itimerspec spec{to_timespec(interval), to_timespec(first)};
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;  // 0 would disarm
  return spec;
}

}  // namespace

Interruptions::Interruptions(StopRequest& stop) : stop_(stop) {
  Interruptions* expected = nullptr;
  if (!active.compare_exchange_strong(expected, this)) {
    throw Error(ExitStatus::internal, "signal handling is already set up in this process");
  }
  try {
    timer_ = thread_timer(timer_signal());
  } catch (const Error&) {
    active = nullptr;
    throw;
  }
  try {
    wake_timer_ = thread_timer(wake_signal());
  } catch (const Error&) {
    ::timer_delete(timer_);
    active = nullptr;
    throw;
  }
  for (std::size_t i = 0; i < handled_.size(); ++i) {
    const int signal = handled_signal(handled_, i);
    struct sigaction action {};
    action.sa_handler = signal == SIGPIPE ? SIG_IGN : &Interruptions::on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocked write() or KVM_RUN must return EINTR
    if (::sigaction(signal, &action, &previous_[i]) < 0) {
      int error = errno;
      while (i-- > 0) ::sigaction(handled_signal(handled_, i), &previous_[i], nullptr);
      ::timer_delete(timer_);
      ::timer_delete(wake_timer_);
      active = nullptr;
      throw Error(ExitStatus::internal, fmt::format("cannot install a signal handler: {}", std::strerror(error)));
    }
  }
}

Interruptions::~Interruptions() {
  ::timer_delete(timer_);
  ::timer_delete(wake_timer_);
  for (std::size_t i = 0; i < handled_.size(); ++i) {
    ::sigaction(handled_signal(handled_, i), &previous_[i], nullptr);
  }
  active = nullptr;
}

void Interruptions::arm_deadline(std::chrono::nanoseconds after) {
  itimerspec spec = timer_spec(after, std::chrono::nanoseconds(0));
  ::timer_settime(timer_, 0, &spec, nullptr);
}

void Interruptions::wake_at(std::chrono::steady_clock::time_point when) {
  // CLOCK_MONOTONIC is steady_clock's clock on Linux: an absolute expiry.
  auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch());
  if (since_epoch.count() <= 0) since_epoch = std::chrono::nanoseconds(1);
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(since_epoch.count() / 1'000'000'000);
  spec.it_value.tv_nsec = static_cast<long>(since_epoch.count() % 1'000'000'000);
  ::timer_settime(wake_timer_, TIMER_ABSTIME, &spec, nullptr);
}

void Interruptions::cancel() {
  itimerspec spec{};
  ::timer_settime(wake_timer_, 0, &spec, nullptr);
}

void Interruptions::kick() noexcept {
  itimerspec spec = timer_spec(kick_interval, kick_interval);  // timer_settime is async-signal-safe
  ::timer_settime(timer_, 0, &spec, nullptr);
}

void Interruptions::on_signal(int signal) {
  Interruptions* self = active.load();
  if (self == nullptr) return;
  const int saved_errno = errno;
  if (signal == wake_signal()) {
    self->stop_.wake();
    errno = saved_errno;
    return;
  }
  if (signal == timer_signal()) {
    // The deadline, or a kick after a request (which changes nothing: the first request wins).
    self->stop_.request(StopRequest::Cause::deadline);
  } else {
    self->stop_.request(StopRequest::Cause::signal, signal);
  }
  self->kick();
  errno = saved_errno;
}

}  // namespace emu::cli
