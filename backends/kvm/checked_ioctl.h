#pragma once

#include <fmt/format.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "backends/kvm/kvm_system.h"
#include "core/error.h"

namespace emu::kvm {

// An ioctl that must succeed. Failing while setting up (status backend_unavailable) means this
// host's KVM cannot run emu's guests, so the message suggests the interpreter; failing later
// (status internal) is emu's or the kernel's fault. `argument` is a pointer or an integer, as
// each request takes.
template <typename Argument>
int checked_ioctl(int fd, unsigned long request, Argument argument, const char* name, ExitStatus status) {
  int result = ::ioctl(fd, request, argument);
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
