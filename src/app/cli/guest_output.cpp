#include "cli/guest_output.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace emu::cli {

void GuestOutput::write_gathered(bool draining) {
  StopRequest& stop = interruptions_.stop();
  // Once a stop is requested, the guest's last bytes wait for finish(): a reader that blocks
  // must not slow the few instructions left.
  if (stop.requested() && !draining) return;
  while (offset_ < buffer_.size() && !error_) {
    ssize_t written = ::write(fd_, buffer_.data() + offset_, buffer_.size() - offset_);
    if (written > 0) {
      offset_ += static_cast<std::size_t>(written);
      continue;
    }
    const int cause = written < 0 ? errno : EIO;
    if (cause == EINTR || cause == EAGAIN) {
      if (cause == EAGAIN) {
        // Someone else's O_NONBLOCK on a shared descriptor: wait for room, a signal breaks it.
        pollfd ready{fd_, POLLOUT, 0};
        ::poll(&ready, 1, static_cast<int>(Interruptions::kick_interval.count()));
      }
      if (!stop.requested()) continue;
      if (!draining) return;
      auto now = std::chrono::steady_clock::now();
      if (!grace_end_) grace_end_ = now + grace_;
      if (now >= *grace_end_) return;
      continue;
    }
    error_ = cause;
    stop.request(StopRequest::Cause::output_failed);
    interruptions_.kick();
    return;
  }
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  }
}

void GuestOutput::finish(std::chrono::nanoseconds grace) {
  grace_ = grace;
  write_gathered(true);
}

}  // namespace emu::cli
