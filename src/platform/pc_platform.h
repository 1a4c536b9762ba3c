#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/boot_media.h"
#include "core/byte_sink.h"
#include "core/device_clock.h"
#include "core/guest_memory.h"
#include "devices/console_port.h"
#include "devices/exit_device.h"
#include "devices/keyboard_controller.h"
#include "devices/pic8259.h"
#include "devices/pit8254.h"
#include "devices/rtc.h"
#include "devices/uart16550.h"
#include "devices/vga.h"
#include "devices/vga_dac.h"
#include "firmware/bios.h"
#include "platform/key_feeder.h"
#include "platform/platform.h"

namespace emu {

namespace port {
inline constexpr std::uint16_t pic_master = 0x20;
inline constexpr std::uint16_t pic_slave = 0xA0;
inline constexpr std::uint16_t pit = 0x40;
inline constexpr std::uint16_t keyboard_data = 0x60;
inline constexpr std::uint16_t keyboard_command = 0x64;
inline constexpr std::uint16_t rtc = 0x70;
inline constexpr std::uint16_t com1 = 0x3F8;
inline constexpr std::uint16_t system_control_b = 0x61;
inline constexpr std::uint16_t post_code = 0x80;
inline constexpr std::uint16_t system_control_a = 0x92;
inline constexpr std::uint16_t vga_attribute = 0x3C0;  // 3C0h-3C5h: attribute, misc, sequencer
inline constexpr std::uint16_t vga_dac = 0x3C6;        // 3C6h-3C9h
inline constexpr std::uint16_t vga_graphics = 0x3CA;   // 3CAh-3CFh: feature, misc read, graphics
inline constexpr std::uint16_t vga_crtc = 0x3D4;       // 3D4h-3D5h
inline constexpr std::uint16_t vga_status = 0x3DA;
}  // namespace port

// The PC/AT's devices as docs/devices.md lists them: the cascaded 8259A pair, the 8254 (channel
// 0 on IRQ0, channel 2 gated by port 0x61), port 0x61, the POST code port 0x80 and port 0x92,
// with the debug console (0xE9) and the exit device (0xF4) kept for tests; the VGA's DAC; and,
// when the machine boots through the BIOS (`boot`), the BIOS's hypercall port.
class PcPlatform final : public Platform {
 public:
  PcPlatform(ByteSink& console, DeviceClock::Kind clock, std::uint64_t ips, bool serial_port, GuestMemory& memory,
             const std::optional<BootMedia>& boot, bool bios_transcript);

  std::string_view name() const override { return "pc"; }
  DeviceClock* clock() override { return &clock_; }
  std::uint8_t acknowledge_interrupt() override;
  void advance() override;
  std::optional<std::uint64_t> next_deadline() override;
  bool awaits_input() const override;
  bool port_reads_time(std::uint16_t port) const override;
  void wait(std::optional<std::uint64_t> deadline, const StopRequest* stop) override;
  void type(const KeyStroke& stroke) override { keys_.type(stroke); }
  void pause_typing(std::uint64_t ns) override { keys_.pause(ns); }
  void attach_input(HostInput& input) override { inputs_.push_back(&input); }
  void receive_serial(std::span<const std::uint8_t> bytes) override;
  void connect_serial(ByteSink& out) override { serial_out_ = &out; }
  std::string describe_device(std::string_view name) const override;
  std::vector<StatCounter> stats() const override;
  std::optional<VideoState> video_state() const override;
  void attach_display(DisplaySink& sink, std::uint64_t frames) override;
  std::optional<std::uint64_t> next_refresh() override;

  // Whether a key may still reach the guest: keys to type, bytes in the keyboard controller, or
  // a keyboard input from the host still open.
  bool keys_may_come() const;

  // The A20 gate follows port 0x92 bit 1 or the 8042's output port bit 1 (either opens it).
  void update_a20() { set_a20(a20_port_a_ || a20_keyboard_); }

 private:
  // A device's ports. A timed device's are reached after the devices are brought up to the
  // present (so that a read sees every timer event before it, and a write acts at the right
  // time), and a write to one tells the CPU to look at INTR and the timers again; a device that
  // can raise no interrupt and reads no time (POST codes, port 0x92) needs neither.
  class Ports final : public BusDevice {
   public:
    using Reader = std::uint8_t (PcPlatform::*)(std::uint64_t offset);
    using Writer = void (PcPlatform::*)(std::uint64_t offset, std::uint8_t value);
    enum class Timing : bool { untimed, timed };
    Ports(PcPlatform& pc, Reader reader, Writer writer, Timing timing = Timing::timed)
        : pc_(pc), reader_(reader), writer_(writer), timed_(timing == Timing::timed) {}
    std::uint8_t read8(std::uint64_t offset) override;
    bool timed() const { return timed_; }
    void write8(std::uint64_t offset, std::uint8_t value) override;

   private:
    PcPlatform& pc_;
    Reader reader_;
    Writer writer_;
    bool timed_;
  };

  std::uint64_t now_tick() const { return Pit8254::ticks_at(clock_.now()); }
  // Reads host input if there is some, and writes the console output gathered so far (a guest
  // polling for keys may have printed a prompt), at most every poll interval of host time.
  void poll_input();
  void timer_output(unsigned channel, bool level);
  void update_speaker();

  std::uint8_t read_pic_master(std::uint64_t offset) { return pics_.read(0, static_cast<unsigned>(offset)); }
  void write_pic_master(std::uint64_t offset, std::uint8_t value) { pics_.write(0, static_cast<unsigned>(offset), value); }
  std::uint8_t read_pic_slave(std::uint64_t offset) { return pics_.read(1, static_cast<unsigned>(offset)); }
  void write_pic_slave(std::uint64_t offset, std::uint8_t value) { pics_.write(1, static_cast<unsigned>(offset), value); }
  std::uint8_t read_pit(std::uint64_t offset);
  void write_pit(std::uint64_t offset, std::uint8_t value);
  std::uint8_t read_port_b(std::uint64_t offset);
  void write_port_b(std::uint64_t offset, std::uint8_t value);
  std::uint8_t read_keyboard_data(std::uint64_t);
  void write_keyboard_data(std::uint64_t, std::uint8_t value) { keyboard_.write_data(value); }
  std::uint8_t read_keyboard_status(std::uint64_t) { return keyboard_.read_status(); }
  void write_keyboard_command(std::uint64_t, std::uint8_t value) { keyboard_.write_command(value); }
  std::uint8_t read_rtc(std::uint64_t offset) { return rtc_.read(static_cast<unsigned>(offset), clock_.now()); }
  void write_rtc(std::uint64_t offset, std::uint8_t value) { rtc_.write(static_cast<unsigned>(offset), value, clock_.now()); }
  std::uint8_t read_uart(std::uint64_t offset);
  void write_uart(std::uint64_t offset, std::uint8_t value) { uart_->write(static_cast<unsigned>(offset), value, clock_.now()); }
  std::uint8_t read_post_code(std::uint64_t offset);
  void write_post_code(std::uint64_t offset, std::uint8_t value);
  std::uint8_t read_port_a(std::uint64_t offset);
  void write_port_a(std::uint64_t offset, std::uint8_t value);
  std::uint8_t read_dac(std::uint64_t offset) { return dac_.read(static_cast<unsigned>(offset)); }
  // The VGA's ports by their offset from 3C0h.
  std::uint8_t read_vga(unsigned offset) { return vga_.read(offset, clock_.now()); }
  std::uint8_t read_vga_attribute(std::uint64_t offset) { return read_vga(static_cast<unsigned>(offset)); }
  void write_vga_attribute(std::uint64_t offset, std::uint8_t value) { vga_.write(static_cast<unsigned>(offset), value); }
  std::uint8_t read_vga_graphics(std::uint64_t offset) { return read_vga(0x0A + static_cast<unsigned>(offset)); }
  void write_vga_graphics(std::uint64_t offset, std::uint8_t value) { vga_.write(0x0A + static_cast<unsigned>(offset), value); }
  std::uint8_t read_vga_crtc(std::uint64_t offset) { return read_vga(0x14 + static_cast<unsigned>(offset)); }
  void write_vga_crtc(std::uint64_t offset, std::uint8_t value) { vga_.write(0x14 + static_cast<unsigned>(offset), value); }
  std::uint8_t read_vga_status(std::uint64_t) { return read_vga(0x1A); }
  void write_vga_status(std::uint64_t, std::uint8_t value) { vga_.write(0x1A, value); }
  std::uint8_t read_bios(std::uint64_t offset) { return bios_->read8(offset); }
  void write_bios(std::uint64_t offset, std::uint8_t value) { bios_->write8(offset, value); }
  void write_dac(std::uint64_t offset, std::uint8_t value) { dac_.write(static_cast<unsigned>(offset), value); }

  ByteSink& console_;
  NullSink no_transcript_;
  DeviceClock clock_;
  CascadedPics pics_;
  Pit8254 pit_;
  KeyboardController keyboard_;
  Rtc rtc_;
  std::optional<Uart16550> uart_;
  ByteSink* serial_out_;
  std::deque<std::uint8_t> serial_in_;   // arrived from the host, not yet on the line
  // Device time the line takes the next one: the first as typing starts (KeyFeeder::start), so
  // that a program has set its port up by then, as a person at a terminal would wait.
  std::uint64_t next_serial_byte_ = KeyFeeder::start;
  KeyFeeder keys_;
  // When a program last read the keyboard's data port and the serial receiver: the moments the
  // keyboard and the receiver had room again, from which the next key and byte are timed.
  std::uint64_t keyboard_read_at_ = 0;
  std::uint64_t receiver_read_at_ = 0;
  // When the next byte from the host goes on the line: its turn, or the read that made room.
  std::uint64_t next_serial_time() const { return std::max(next_serial_byte_, receiver_read_at_); }
  std::vector<HostInput*> inputs_;
  std::chrono::steady_clock::time_point next_input_poll_{};
  ConsolePort debug_console_;
  ExitDevice exit_device_;
  Ports pic_master_ports_;
  Ports pic_slave_ports_;
  Ports pit_ports_;
  Ports keyboard_data_port_;
  Ports keyboard_command_port_;
  Ports rtc_ports_;
  Ports uart_ports_;
  Ports port_b_;
  Ports post_code_port_;
  Ports port_a_;
  VgaDac dac_;
  Ports dac_ports_;
  Vga vga_;
  Ports vga_attribute_ports_;
  Ports vga_graphics_ports_;
  Ports vga_crtc_ports_;
  Ports vga_status_port_;  // timed: the retrace bit follows device time
  std::optional<bios::Bios> bios_;
  // The hypercall reads and writes guest RAM and the devices and may wait on device time: a
  // timed port, so that the interpreter reaches it at an exact count and looks at INTR after it.
  Ports bios_port_;
  // Displays and the frame each one is refreshed at next.
  struct AttachedDisplay {
    DisplaySink* sink;
    std::uint64_t every;
    std::uint64_t next_frame;
  };
  std::vector<AttachedDisplay> displays_;
  void refresh_displays(std::uint64_t now);

  std::uint8_t port_b_value_ = 0;  // bits 0-3 as written
  std::uint8_t post_code_ = 0;
  std::uint64_t post_codes_ = 0;
  bool a20_port_a_ = false;  // off at reset, as on a PC
  bool a20_keyboard_ = false;
  std::uint8_t port_a_value_ = 0;
  // The speaker: on while port 0x61 bits 0 and 1 are set and channel 2 runs in mode 3.
  std::optional<std::uint32_t> tone_hz_;
  std::vector<std::uint32_t> tones_;  // each tone started, in Hz
};

}  // namespace emu
