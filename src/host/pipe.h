#pragma once

// A pipe with both ends owned (close-on-exec), for running programs with captured or
// unread output. Not part of emu.

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "core/unique_fd.h"

namespace emu::host {

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    read_end = UniqueFd(fds[0]);
    write_end = UniqueFd(fds[1]);
  }
};

}  // namespace emu::host
