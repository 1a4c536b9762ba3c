#include "cli/serial_line.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "cli/read_some.h"
#include "core/error.h"

namespace emu::cli {

void SerialInput::read_available() {
  std::array<std::uint8_t, 256> buffer{};
  platform_.receive_serial(read_some(fd_, buffer, open_));
}

PtySerial::PtySerial() {
  master_ = UniqueFd(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
  if (!master_.valid() || ::grantpt(master_.get()) != 0 || ::unlockpt(master_.get()) != 0) {
    throw Error(ExitStatus::internal, fmt::format("--serial=pty: cannot make a pseudo-terminal: {}", std::strerror(errno)));
  }
  name_ = ::ptsname(master_.get());
  slave_ = UniqueFd(::open(name_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  // A raw line: bytes pass unchanged both ways.
  termios settings{};
  if (slave_.valid() && ::tcgetattr(slave_.get(), &settings) == 0) {
    ::cfmakeraw(&settings);
    ::tcsetattr(slave_.get(), TCSANOW, &settings);
  }
}

PtySerial::~PtySerial() {
  const auto end = std::chrono::steady_clock::now() + drain_grace;
  int unread = 0;
  while (slave_.valid() && ::ioctl(slave_.get(), FIONREAD, &unread) == 0 && unread > 0 &&
         std::chrono::steady_clock::now() < end) {
    ::usleep(1000);
  }
}

void PtySerial::write(std::span<const std::uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t written = ::write(master_.get(), bytes.data() + done, bytes.size() - done);
    if (written > 0) {
      done += static_cast<std::size_t>(written);
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    dropped_ += bytes.size() - done;  // full (nobody reads) or gone
    return;
  }
}

}  // namespace emu::cli
