#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "cli/app.h"

namespace {

// A closed standard descriptor would be handed out by the next open() (the KVM device, a dump
// file) and written to as if it were stdout or stderr. Occupy it with /dev/null opened for
// reading: writes to it then fail (EBADF) and are reported, or for stderr lost, as a closed one
// would be.
void occupy_closed_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int opened = ::open("/dev/null", O_RDONLY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  occupy_closed_standard_descriptors();
  return emu::cli::run_emu({const_cast<const char* const*>(argv), static_cast<std::size_t>(argc)}, stdout, stderr);
}
