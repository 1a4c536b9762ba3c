#pragma once

#include <cstdint>
#include <optional>

namespace emu {

// What the platform's devices ask of the backend after a port access: the guest's request to
// end the run (the exit device), or a notice that an access changed what the CPU must look at
// before its next instruction (the interrupt line, a timer's deadline: the PC's devices). Backends
// test attention() after every port write, one load where nothing is asked.
class ExitRequest {
 public:
  void request(std::uint8_t value) {
    value_ = value;
    attention_ = true;
  }
  // The CPU's reset line pulsed (the 8042's command FEh, port 0x92 bit 0): the run ends.
  void request_reset() {
    reset_ = true;
    attention_ = true;
  }
  // Either end asked for.
  bool pending() const { return value_.has_value() || reset_; }
  bool reset_requested() const { return reset_; }
  std::optional<std::uint8_t> value() const { return value_; }

  void notice() { attention_ = true; }
  bool attention() const { return attention_; }
  // The backend has looked: a notice is taken (an exit request stays).
  void clear_notice() { attention_ = pending(); }

  // The process exit status for a request: (v << 1) | 1 as QEMU's isa-debug-exit, truncated to
  // the 8 bits a process status has.
  static int exit_status(std::uint8_t value) { return ((value << 1) | 1) & 0xFF; }

 private:
  std::optional<std::uint8_t> value_;
  bool reset_ = false;
  bool attention_ = false;
};

}  // namespace emu
