#pragma once

#include <termios.h>

#include <optional>

#include "core/stop_request.h"
#include "platform/host_input.h"
#include "platform/platform.h"

namespace emu::cli {

// Standard input as the guest's keyboard (--machine pc without --keys): a terminal in raw mode,
// each key it sends typed on the guest's keyboard, Ctrl+] ending the run (status 18); a pipe or
// file typed character by character (`echo dir | emu ...`). The terminal's settings are
// restored when this is destroyed, which every way out of a run passes through (a normal end,
// an error, SIGINT/SIGTERM/SIGHUP: they stop the run rather than kill emu).
class HostKeyboard final : public HostInput {
 public:
  HostKeyboard(int fd, Platform& platform, StopRequest& stop);
  HostKeyboard(const HostKeyboard&) = delete;
  HostKeyboard& operator=(const HostKeyboard&) = delete;
  ~HostKeyboard() override;

  int fd() const override { return open_ ? fd_ : -1; }
  void read_available() override;
  bool types_keys() const override { return true; }
  bool is_terminal() const { return saved_.has_value(); }

 private:
  int fd_;
  Platform& platform_;
  StopRequest& stop_;
  bool open_ = true;
  std::optional<termios> saved_;  // the terminal's settings before raw mode
};

}  // namespace emu::cli
