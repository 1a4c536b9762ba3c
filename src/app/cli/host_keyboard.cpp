#include "cli/host_keyboard.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <string_view>

#include "cli/read_some.h"
#include "cli/terminal_keys.h"

namespace emu::cli {

HostKeyboard::HostKeyboard(int fd, Platform& platform, StopRequest& stop) : fd_(fd), platform_(platform), stop_(stop) {
  termios settings{};
  if (::isatty(fd) == 0 || ::tcgetattr(fd, &settings) != 0) return;
  saved_ = settings;
  // Raw input: every byte as typed, no echo, no signals from Ctrl+C/Ctrl+Z (they are the
  // guest's keys); output processing left on, so the guest's "\n" still starts a new line.
  settings.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | ISIG | IEXTEN);
  settings.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL | INLCR | BRKINT | ISTRIP);
  settings.c_cc[VMIN] = 1;
  settings.c_cc[VTIME] = 0;
  if (::tcsetattr(fd, TCSANOW, &settings) != 0) saved_.reset();
}

HostKeyboard::~HostKeyboard() {
  if (saved_) ::tcsetattr(fd_, TCSANOW, &*saved_);
}

void HostKeyboard::read_available() {
  std::array<std::uint8_t, 256> buffer{};
  const std::span<const std::uint8_t> got = read_some(fd_, buffer, open_);
  const std::string_view bytes(reinterpret_cast<const char*>(got.data()), got.size());
  if (!is_terminal()) {
    for (char c : bytes) {
      if (std::optional<KeyStroke> stroke = stroke_for_character(c)) platform_.type(*stroke);
    }
    return;
  }
  for (const TerminalKey& key : decode_terminal_bytes(bytes)) {
    if (!key.stroke) {
      stop_.request(StopRequest::Cause::quit_key);
      return;
    }
    platform_.type(*key.stroke);
  }
}

}  // namespace emu::cli
