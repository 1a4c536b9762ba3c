#include "backends/kvm/run_timer.h"

#include <fmt/format.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace emu::kvm {

namespace {

const int timer_signal = SIGRTMIN + 1;

// A signal handler can reach the vCPU only through a thread-local: it runs on the vCPU's own
// thread (the timer targets that thread), and each thread has at most one running vCPU.
thread_local kvm_run* armed_run = nullptr;
thread_local volatile sig_atomic_t fired = 0;

void on_timer_signal(int) {
  fired = 1;
  if (armed_run != nullptr) armed_run->immediate_exit = 1;
}

}  // namespace

RunTimer::RunTimer(kvm_run& run, std::chrono::nanoseconds budget) {
  armed_run = &run;
  fired = 0;
  struct sigaction action {};
  action.sa_handler = on_timer_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: KVM_RUN must return EINTR
  if (::sigaction(timer_signal, &action, &previous_action_) < 0) {
    throw Error(ExitStatus::internal,
                fmt::format("cannot install the timeout signal handler: {}", std::strerror(errno)));
  }
  sigevent event{};
  event.sigev_notify = SIGEV_THREAD_ID;
  event.sigev_signo = timer_signal;
  event._sigev_un._tid = static_cast<pid_t>(::syscall(SYS_gettid));
  if (::timer_create(CLOCK_MONOTONIC, &event, &timer_) < 0) {
    int error = errno;
    ::sigaction(timer_signal, &previous_action_, nullptr);
    armed_run = nullptr;
    errno = error;
    throw Error(ExitStatus::internal, fmt::format("cannot create the timeout timer: {}", std::strerror(errno)));
  }
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(budget);
  itimerspec spec{};
  spec.it_value.tv_sec = seconds.count();
  spec.it_value.tv_nsec = (budget - seconds).count();
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  ::timer_settime(timer_, 0, &spec, nullptr);
}

RunTimer::~RunTimer() {
  ::timer_delete(timer_);
  ::sigaction(timer_signal, &previous_action_, nullptr);
  armed_run = nullptr;
}

bool RunTimer::expired() const { return fired != 0; }

}  // namespace emu::kvm
