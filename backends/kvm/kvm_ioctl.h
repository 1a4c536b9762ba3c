#pragma once

#include <fmt/format.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "backends/kvm/ioctl_log.h"
#include "backends/kvm/kvm_system.h"
#include "core/error.h"

namespace emu::kvm {

// What --log-kvm says of one call: the argument as passed (input), and what came back (output).
struct IoctlText {
  std::string input;
  std::string output;
};

// Every ioctl emu makes on KVM's fds passes here, so that --log-kvm sees each one in order.
// `describe(result)` is asked only while logging, after the call (so it can show what KVM filled
// in); of a failed call only its input is shown, with the error. Returns what ioctl returned,
// errno as it left it.
template <typename Argument, typename Describe>
int kvm_ioctl(IoctlLog* log, int fd, unsigned long request, Argument argument, std::string_view name,
              Describe&& describe) {
  const int result = ::ioctl(fd, request, argument);
  if (log != nullptr) [[unlikely]] {
    const int error = errno;
    IoctlText text = describe(result);
    log->record(name, text.input, result < 0 ? errno_text(error) : text.output);
    errno = error;
  }
  return result;
}

// An ioctl that must succeed. Failing while setting up (status backend_unavailable) means this
// host's KVM cannot run emu's guests, so the message suggests the interpreter; failing later
// (status internal) is emu's or the kernel's fault. `argument` is a pointer or an integer, as
// each request takes.
template <typename Argument, typename Describe>
int checked_ioctl(IoctlLog* log, int fd, unsigned long request, Argument argument, const char* name, ExitStatus status,
                  Describe&& describe) {
  int result = kvm_ioctl(log, fd, request, argument, name, std::forward<Describe>(describe));
  if (result < 0) {
    if (status == ExitStatus::backend_unavailable) {
      throw Error(status,
                  fmt::format("KVM is not usable: {} failed: {}{}", name, std::strerror(errno), unavailable_advice));
    }
    throw Error(status, fmt::format("KVM: {} failed: {}", name, std::strerror(errno)));
  }
  return result;
}

}  // namespace emu::kvm
