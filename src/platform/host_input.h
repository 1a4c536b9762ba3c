#pragma once

namespace emu {

// Input from the host that a platform reads while the guest runs and while it waits in HLT (the
// terminal or a pipe on stdin): the descriptor to wait on, and what to do when it is readable.
// The command line implements it (cli/host_keyboard.*), turning bytes into keys for the guest.
class HostInput {
 public:
  virtual ~HostInput() = default;
  // The descriptor to poll, or -1 once the input has ended.
  virtual int fd() const = 0;
  // Reads what is there without blocking and hands it on.
  virtual void read_available() = 0;
  // Whether what it reads is typed on the guest's keyboard (rather than sent to a serial port).
  virtual bool types_keys() const { return false; }
};

}  // namespace emu
