#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bus.h"
#include "core/byte_sink.h"
#include "core/device_clock.h"
#include "core/display_sink.h"
#include "core/exit_request.h"
#include "core/keys.h"
#include "core/stat_counter.h"
#include "core/stop_request.h"
#include "core/video_state.h"
#include "platform/host_input.h"
#include "platform/key_script.h"

namespace emu {

// What a machine's devices are, as the backends see them: the port bus and the memory bus they
// answer on, the guest's request to end the run, and on a machine with an interrupt controller
// and timers (pc) its INTR line, the interrupt acknowledge and device time. A platform owns its
// devices and wires them to its buses; a backend never sees a device, only these.
class Platform {
 public:
  Platform() = default;
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;
  virtual ~Platform() = default;

  // The platform's name as --stats reports it ("bare", "pc").
  virtual std::string_view name() const = 0;

  Bus& io() { return io_; }
  const Bus& io() const { return io_; }
  Bus& mmio() { return mmio_; }
  ExitRequest& exit_request() { return exit_request_; }

  // --- interrupts and time: a machine without them (bare) leaves these as they are ---

  // The device clock, or null on a machine with no timed devices: then INTR never rises and
  // HLT ends the run.
  virtual DeviceClock* clock() { return nullptr; }
  // The CPU's INTR input, kept up to date by the interrupt controller (backends may hold on to
  // the reference and read it at instruction boundaries).
  const bool& interrupt_request() const { return interrupt_request_; }
  // The interrupt acknowledge: the vector of the interrupt the CPU takes now (while INTR is up).
  virtual std::uint8_t acknowledge_interrupt() { return 0; }
  // Brings the devices up to the clock's present: timers that expired raise their lines.
  virtual void advance() {}
  // The device time of the next timer event that would interrupt the CPU as things stand
  // (unmasked, not held back by an interrupt in service), if any.
  virtual std::optional<std::uint64_t> next_deadline() { return std::nullopt; }
  // A CPU halted with IF set: waits until INTR rises or `stop` is requested (true), or finds
  // that nothing is left that could interrupt it (false). Virtual time jumps to each next event;
  // host time is slept through (wait). Each wait moves time on, even should an event that was
  // due not interrupt after all. Both backends' HLT comes here.
  bool wait_while_halted(const StopRequest* stop);
  // A display refreshed every `frames` frames of device time from now on; a machine without a
  // screen (bare) ignores it.
  virtual void attach_display(DisplaySink& sink, std::uint64_t frames) {
    (void)sink;
    (void)frames;
  }
  // The device time of the next refresh an attached display asked for. It paces the backends
  // (the interpreter's chunks, KVM's wake alarm, a halted CPU's wait) like a timer event, but it
  // is no interrupt source: a halted CPU that nothing else can wake ends the run.
  virtual std::optional<std::uint64_t> next_refresh() { return std::nullopt; }
  // The earlier of next_deadline() and next_refresh(): when a backend must look at the devices.
  std::optional<std::uint64_t> next_event();
  // Whether anything could still interrupt a halted CPU (INTR up, a coming event, host input),
  // without waiting.
  bool can_wake();
  // Whether input from the host (keys, serial bytes) may still raise an interrupt.
  virtual bool awaits_input() const { return false; }
  // A halted CPU on the host clock: blocks until device time `deadline`, host input, or a
  // request in `stop` (signals interrupt the wait), without spinning. Returns at once without
  // a deadline and nothing to wait for.
  virtual void wait(std::optional<std::uint64_t> deadline, const StopRequest* stop) {
    (void)deadline;
    (void)stop;
  }

  // Keys for the guest's keyboard, typed in order at a typist's pace, and pauses between them
  // (docs/devices.md); a machine without a keyboard ignores them.
  virtual void type(const KeyStroke& stroke) { (void)stroke; }
  virtual void pause_typing(std::uint64_t ns) { (void)ns; }
  // A key script's strokes and pauses, in order (--keys).
  void type_script(std::span<const KeyAction> actions);
  // Host input the platform reads while the guest runs and waits (the keyboard's, the serial
  // line's); each one says where its bytes go.
  virtual void attach_input(HostInput& input) { (void)input; }
  // The serial port's line: bytes arriving (paced at the line's speed), and where bytes the
  // guest sends go (the console until connected). A machine without one ignores both.
  virtual void receive_serial(std::span<const std::uint8_t> bytes) { (void)bytes; }
  virtual void connect_serial(ByteSink& out) { (void)out; }

  // The A20 gate: when closed, physical address bit 20 reads as 0 (addresses from 1 MiB wrap to
  // 0, as on a PC). Always open on a machine without the gate (bare). Backends apply it on the
  // paths that leave RAM (a 1 MiB machine reaches 1 MiB and above only there).
  const bool& a20_enabled() const { return a20_; }
  static constexpr std::uint32_t a20_bit = 1u << 20;

  // Where the platform says what a user running with -v wants to see (POST codes).
  void set_notes(std::function<void(const std::string&)> notes) { notes_ = std::move(notes); }
  // Where it says what the user must see now, on stderr (a disk write that failed, a boot sector
  // without its signature). Unset, such lines are kept for warnings().
  void set_warnings(std::function<void(const std::string&)> warnings) { warnings_ = std::move(warnings); }
  const std::vector<std::string>& warnings() const { return kept_warnings_; }

  // Whether a device at `port` reads device time or raises interrupts, so that an access to it
  // must happen at an exact instruction count and be followed by a look at INTR.
  virtual bool port_reads_time(std::uint16_t port) const {
    (void)port;
    return false;
  }

  // The video hardware's registers, for drawing the screen; nothing on a machine without (bare).
  virtual std::optional<VideoState> video_state() const { return std::nullopt; }

  // Counters for --stats (POST codes, tones, ...), in display order.
  virtual std::vector<StatCounter> stats() const { return {}; }
  // A device's state in lines of text for the debugger (`monitor pic`, `monitor pit`): empty
  // when the machine has no such device.
  virtual std::string describe_device(std::string_view name) const {
    (void)name;
    return {};
  }

 protected:
  bool& interrupt_request_line() { return interrupt_request_; }
  void set_a20(bool enabled) { a20_ = enabled; }
  bool taking_notes() const { return static_cast<bool>(notes_); }
  void note(const std::string& text) const {
    if (notes_) notes_(text);
  }
  void warn(const std::string& text) {
    if (warnings_) {
      warnings_(text);
    } else {
      kept_warnings_.push_back(text);
    }
  }

 private:
  Bus io_{"port"};
  Bus mmio_{"mmio"};
  ExitRequest exit_request_;
  bool interrupt_request_ = false;
  bool a20_ = true;
  std::function<void(const std::string&)> notes_;
  std::function<void(const std::string&)> warnings_;
  std::vector<std::string> kept_warnings_;
};

}  // namespace emu
