#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace emu {

// What the platform's devices ask of the backend after a port access: the guest's request to
// end the run (the exit device, the firmware's end of a program), or a notice that an access
// changed what the CPU must look at before its next instruction (the interrupt line, a timer's
// deadline: the PC's devices; RAM the firmware wrote on the guest's behalf). Backends test
// attention() after every port write, one load where nothing is asked.
class ExitRequest {
 public:
  // How the firmware ends a run (a DOS program's exit, input exhausted, a service not provided,
  // no bootable disk): the process status and the line for stderr (empty for a quiet end).
  enum class EndKind : std::uint8_t { program_exit, input_exhausted, not_provided, no_boot };
  struct End {
    EndKind kind;
    int status;
    std::string message;
  };

  void request(std::uint8_t value) {
    value_ = value;
    attention_ = true;
  }
  // The CPU's reset line pulsed (the 8042's command FEh, port 0x92 bit 0): the run ends.
  void request_reset() {
    reset_ = true;
    attention_ = true;
  }
  void request_end(End end) {
    end_ = std::move(end);
    attention_ = true;
  }
  // Any end asked for.
  bool pending() const { return value_.has_value() || reset_ || end_.has_value(); }
  bool reset_requested() const { return reset_; }
  std::optional<std::uint8_t> value() const { return value_; }
  const std::optional<End>& end() const { return end_; }

  // RAM that a device wrote on the guest's behalf (the BIOS reading a disk into it): a backend
  // that caches decoded code drops what it held there before the guest runs on.
  struct RamRange {
    std::uint32_t address;
    std::uint32_t length;
  };
  void ram_written(std::uint32_t address, std::uint32_t length) {
    if (length == 0) return;
    // Bounded for a backend that never takes them (KVM reads RAM afresh): many become one.
    if (ram_written_.size() >= max_ram_ranges) {
      std::uint64_t low = address, high = std::uint64_t{address} + length;
      for (const RamRange& range : ram_written_) {
        low = std::min<std::uint64_t>(low, range.address);
        high = std::max<std::uint64_t>(high, std::uint64_t{range.address} + range.length);
      }
      ram_written_.assign(1, {static_cast<std::uint32_t>(low), static_cast<std::uint32_t>(high - low)});
    } else {
      ram_written_.push_back({address, length});
    }
    attention_ = true;
  }
  // The ranges written since the last call, handed over once.
  std::vector<RamRange> take_ram_written() { return std::exchange(ram_written_, {}); }

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
  std::optional<End> end_;
  static constexpr std::size_t max_ram_ranges = 64;
  std::vector<RamRange> ram_written_;
  bool attention_ = false;
};

}  // namespace emu
