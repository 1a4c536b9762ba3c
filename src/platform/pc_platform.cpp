#include "platform/pc_platform.h"

#include <fmt/format.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <ctime>

namespace emu {

namespace {

// Port 0x61 (IBM PC/AT Technical Reference, "System Board", port B).
namespace port_b {
constexpr std::uint8_t timer2_gate = 0x01;
constexpr std::uint8_t speaker_data = 0x02;
constexpr std::uint8_t writable = 0x0F;
constexpr std::uint8_t refresh_toggle = 0x10;
constexpr std::uint8_t timer2_output = 0x20;
}  // namespace port_b

// The refresh request bit toggles every 15.085 us (DRAM refresh: the 8254's channel 1 on the
// AT); programs count its toggles to time short delays.
constexpr std::uint64_t refresh_period_ns = 15'085;

constexpr unsigned irq_timer = 0;
constexpr unsigned irq_keyboard = 1;
constexpr unsigned irq_com1 = 4;
constexpr unsigned irq_rtc = 8;

// Where the RTC starts: the host's local time on the host clock; on the virtual clock a fixed
// 2000-01-01 00:00:00, so that runs repeat.
struct RtcStart {
  std::int64_t seconds;
  std::uint32_t ns;
};

RtcStart rtc_start(DeviceClock::Kind clock) {
  if (clock == DeviceClock::Kind::virtual_time) return {946'684'800, 0};
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  tm local{};
  ::localtime_r(&now.tv_sec, &local);
  return {static_cast<std::int64_t>(now.tv_sec) + local.tm_gmtoff, static_cast<std::uint32_t>(now.tv_nsec)};
}

// How often host input is looked at while the guest runs (host time): often enough for typing,
// rarely enough that a program polling its ports pays nothing for it.
constexpr std::chrono::milliseconds input_poll_interval{2};

}  // namespace

std::uint8_t PcPlatform::Ports::read8(std::uint64_t offset) {
  if (timed_) pc_.advance();
  return (pc_.*reader_)(offset);
}

void PcPlatform::Ports::write8(std::uint64_t offset, std::uint8_t value) {
  if (timed_) pc_.advance();
  (pc_.*writer_)(offset, value);
  if (timed_) pc_.exit_request().notice();  // the CPU looks at INTR and the timers again
}

PcPlatform::PcPlatform(ByteSink& console, DeviceClock::Kind clock, std::uint64_t ips, bool serial_port,
                       GuestMemory& memory, const std::optional<BootMedia>& boot, bool bios_transcript)
    : console_(console),
      clock_(clock, ips),
      pics_(interrupt_request_line()),
      pit_([this](unsigned channel, bool level) { timer_output(channel, level); }),
      keyboard_({[this](bool level) { pics_.set_irq(irq_keyboard, level); }, [this] { exit_request().request_reset(); },
                 [this](bool on) {
                   a20_keyboard_ = on;
                   update_a20();
                 }}),
      rtc_(rtc_start(clock).seconds, rtc_start(clock).ns, [this](bool level) { pics_.set_irq(irq_rtc, level); }),
      serial_out_(&console),
      debug_console_(console, 0xE9),
      exit_device_(exit_request()),
      pic_master_ports_(*this, &PcPlatform::read_pic_master, &PcPlatform::write_pic_master),
      pic_slave_ports_(*this, &PcPlatform::read_pic_slave, &PcPlatform::write_pic_slave),
      pit_ports_(*this, &PcPlatform::read_pit, &PcPlatform::write_pit),
      keyboard_data_port_(*this, &PcPlatform::read_keyboard_data, &PcPlatform::write_keyboard_data),
      keyboard_command_port_(*this, &PcPlatform::read_keyboard_status, &PcPlatform::write_keyboard_command),
      rtc_ports_(*this, &PcPlatform::read_rtc, &PcPlatform::write_rtc),
      uart_ports_(*this, &PcPlatform::read_uart, &PcPlatform::write_uart),
      port_b_(*this, &PcPlatform::read_port_b, &PcPlatform::write_port_b),
      post_code_port_(*this, &PcPlatform::read_post_code, &PcPlatform::write_post_code, Ports::Timing::untimed),
      port_a_(*this, &PcPlatform::read_port_a, &PcPlatform::write_port_a, Ports::Timing::untimed),
      dac_ports_(*this, &PcPlatform::read_dac, &PcPlatform::write_dac, Ports::Timing::untimed),
      vga_attribute_ports_(*this, &PcPlatform::read_vga_attribute, &PcPlatform::write_vga_attribute, Ports::Timing::untimed),
      vga_graphics_ports_(*this, &PcPlatform::read_vga_graphics, &PcPlatform::write_vga_graphics, Ports::Timing::untimed),
      vga_crtc_ports_(*this, &PcPlatform::read_vga_crtc, &PcPlatform::write_vga_crtc, Ports::Timing::untimed),
      vga_status_port_(*this, &PcPlatform::read_vga_status, &PcPlatform::write_vga_status),
      bios_port_(*this, &PcPlatform::read_bios, &PcPlatform::write_bios) {
  io().map(port::pic_master, 2, pic_master_ports_);
  io().map(port::pic_slave, 2, pic_slave_ports_);
  io().map(port::pit, 4, pit_ports_);
  io().map(port::keyboard_data, 1, keyboard_data_port_);
  io().map(port::keyboard_command, 1, keyboard_command_port_);
  io().map(port::rtc, 2, rtc_ports_);
  if (serial_port) {
    uart_.emplace(Uart16550::Wiring{[this](bool level) { pics_.set_irq(irq_com1, level); },
                                    [this](std::uint8_t byte) { serial_out_->write(std::span(&byte, 1)); }});
    io().map(port::com1, 8, uart_ports_);
  }
  io().map(port::system_control_b, 1, port_b_);
  io().map(port::post_code, 1, post_code_port_);
  io().map(port::system_control_a, 1, port_a_);
  io().map(0xE9, 1, debug_console_);
  io().map(0xF4, 1, exit_device_);
  io().map(port::vga_attribute, 6, vga_attribute_ports_);
  io().map(port::vga_dac, 4, dac_ports_);
  io().map(port::vga_graphics, 6, vga_graphics_ports_);
  io().map(port::vga_crtc, 2, vga_crtc_ports_);
  io().map(port::vga_status, 1, vga_status_port_);
  if (boot) {
    bios_.emplace(bios::BiosWiring{memory, io(), exit_request(), a20_enabled(),
                                   bios_transcript ? console : static_cast<ByteSink&>(no_transcript_),
                                   [this] { return keys_may_come(); }, [this] { return clock_.now(); },
                                   [this](const std::string& line) { warn(line); },
                                   [this](const std::string& line) { note(line); }},
                  *boot);
    io().map(bios::hypercall_port, 1, bios_port_);
  }
  pit_.set_gate(2, false, 0);  // port 0x61 bit 0 is clear at reset
  update_a20();                // closed at reset
}

void PcPlatform::timer_output(unsigned channel, bool level) {
  if (channel == 0) pics_.set_irq(irq_timer, level);
}

std::uint8_t PcPlatform::acknowledge_interrupt() { return pics_.acknowledge(); }

void PcPlatform::poll_input() {
  if (!awaits_input()) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_input_poll_) return;
  next_input_poll_ = now + input_poll_interval;
  console_.flush();
  for (HostInput* input : inputs_) {
    if (input->fd() < 0) continue;
    pollfd ready{input->fd(), POLLIN, 0};
    if (::poll(&ready, 1, 0) > 0) input->read_available();
  }
}

void PcPlatform::receive_serial(std::span<const std::uint8_t> bytes) {
  if (!uart_ || bytes.empty()) return;
  // After a quiet line the first byte goes on it now, not back in the past.
  if (serial_in_.empty()) next_serial_byte_ = std::max(next_serial_byte_, clock_.now());
  serial_in_.insert(serial_in_.end(), bytes.begin(), bytes.end());
}

void PcPlatform::advance() {
  const std::uint64_t now = clock_.now();
  pit_.advance(Pit8254::ticks_at(now));
  rtc_.advance(now);
  poll_input();
  while (std::optional<std::vector<std::uint8_t>> codes = keys_.due(now, keyboard_.ready_for_keys(), keyboard_read_at_)) {
    keyboard_.keyboard_sends(*codes);
  }
  if (uart_) {
    // Bytes from the host go onto the line one character time apart, while the receiver has
    // room, each at the time it was due (or when a read made room): a look that comes late takes
    // all that are due at once, and the gap between two looks never passes for a pause on the
    // line. Then the character timeout, from the last of them.
    while (!serial_in_.empty() && uart_->can_receive()) {
      const std::uint64_t at = next_serial_time();
      if (now < at) break;
      uart_->receive(serial_in_.front(), at);
      serial_in_.pop_front();
      next_serial_byte_ = at + uart_->character_ns();
    }
    uart_->advance(now);
  }
  if (!displays_.empty()) refresh_displays(now);
}

std::optional<std::uint64_t> PcPlatform::next_deadline() {
  std::optional<std::uint64_t> deadline;
  if (pics_.would_interrupt(irq_timer)) {
    if (std::optional<std::uint64_t> edge = pit_.next_rising_edge(0, now_tick())) deadline = Pit8254::time_of_tick(*edge);
  }
  if (pics_.would_interrupt(irq_rtc)) {
    if (std::optional<std::uint64_t> event = rtc_.next_event(clock_.now())) deadline = std::min(deadline.value_or(*event), *event);
  }
  if (uart_ && uart_->interrupts_possible() && pics_.would_interrupt(irq_com1)) {
    std::optional<std::uint64_t> event = uart_->next_event();
    if (!serial_in_.empty() && uart_->can_receive()) {
      const std::uint64_t byte = next_serial_time();
      event = std::min(event.value_or(byte), byte);
    }
    if (event) deadline = std::min(deadline.value_or(*event), *event);
  }
  // The next key, if the keyboard will take it and its interrupt would reach the CPU.
  if (keyboard_.ready_for_keys() && keyboard_.interrupts_enabled() && pics_.would_interrupt(irq_keyboard)) {
    if (std::optional<std::uint64_t> key = keys_.next_time()) deadline = std::min(deadline.value_or(*key), *key);
  }
  return deadline;
}

bool PcPlatform::port_reads_time(std::uint16_t port) const {
  // As the constructor mapped it: a timed device's Ports.
  const auto* ports = dynamic_cast<const Ports*>(io().device_at(port));
  return ports != nullptr && ports->timed();
}

bool PcPlatform::keys_may_come() const {
  if (!keys_.empty() || keyboard_.holds_keyboard_bytes()) return true;
  for (const HostInput* input : inputs_) {
    if (input->types_keys() && input->fd() >= 0) return true;
  }
  return false;
}

bool PcPlatform::awaits_input() const {
  for (const HostInput* input : inputs_) {
    if (input->fd() >= 0) return true;
  }
  return false;
}

void PcPlatform::wait(std::optional<std::uint64_t> deadline, const StopRequest* stop) {
  // The guest waits: what it has printed (a prompt without a newline) is for the user now.
  console_.flush();
  for (;;) {
    if (stop != nullptr && stop->requested()) return;
    const std::uint64_t now = clock_.now();
    if (deadline && now >= *deadline) return;
    timespec timeout{};
    if (deadline) {
      const std::uint64_t remaining = *deadline - now;
      timeout = {static_cast<time_t>(remaining / 1'000'000'000), static_cast<long>(remaining % 1'000'000'000)};
    }
    // Host input or the deadline, whichever comes first; a signal (a stop) cuts it short with
    // EINTR. Without a deadline the wait is for input alone (the caller checked there is some).
    std::vector<pollfd> ready;
    for (const HostInput* input : inputs_) ready.push_back({input->fd(), POLLIN, 0});  // -1: ignored
    const int result = ::ppoll(ready.data(), ready.size(), deadline ? &timeout : nullptr, nullptr);
    if (result < 0 && errno != EINTR) return;
    if (result > 0) {
      for (std::size_t i = 0; i < ready.size(); ++i) {
        if (ready[i].revents != 0) inputs_[i]->read_available();
      }
      return;  // the caller looks again: the input may have raised an interrupt
    }
    if (!deadline && !awaits_input()) return;
  }
}

std::uint8_t PcPlatform::read_keyboard_data(std::uint64_t) {
  keyboard_read_at_ = clock_.now();
  return keyboard_.read_data();
}

std::uint8_t PcPlatform::read_uart(std::uint64_t offset) {
  const std::uint64_t now = clock_.now();
  if (offset == 0) receiver_read_at_ = now;
  return uart_->read(static_cast<unsigned>(offset), now);
}

std::uint8_t PcPlatform::read_pit(std::uint64_t offset) {
  return pit_.read(static_cast<unsigned>(offset), now_tick());
}

void PcPlatform::write_pit(std::uint64_t offset, std::uint8_t value) {
  pit_.write(static_cast<unsigned>(offset), value, now_tick());
  update_speaker();
}

std::uint8_t PcPlatform::read_port_b(std::uint64_t) {
  const std::uint64_t now = clock_.now();
  std::uint8_t value = port_b_value_;
  if ((now / refresh_period_ns) & 1) value |= port_b::refresh_toggle;
  if (pit_.output(2, Pit8254::ticks_at(now))) value |= port_b::timer2_output;
  return value;
}

void PcPlatform::write_port_b(std::uint64_t, std::uint8_t value) {
  port_b_value_ = value & port_b::writable;
  pit_.set_gate(2, (value & port_b::timer2_gate) != 0, now_tick());
  update_speaker();
}

void PcPlatform::update_speaker() {
  std::optional<std::uint32_t> tone;
  const bool enabled = (port_b_value_ & (port_b::timer2_gate | port_b::speaker_data)) ==
                       (port_b::timer2_gate | port_b::speaker_data);
  if (enabled && pit_.mode(2) == 3) {
    if (std::optional<std::uint32_t> period = pit_.period(2)) tone = (Pit8254::clock_hz + *period / 2) / *period;
  }
  if (tone && tone != tone_hz_) {
    tones_.push_back(*tone);
    note(fmt::format("speaker: {} Hz", *tone));
  }
  tone_hz_ = tone;
}

std::uint8_t PcPlatform::read_post_code(std::uint64_t) { return post_code_; }

void PcPlatform::write_post_code(std::uint64_t, std::uint8_t value) {
  post_code_ = value;
  ++post_codes_;
  if (taking_notes()) note(fmt::format("POST code {:02x}", value));
}

std::uint8_t PcPlatform::read_port_a(std::uint64_t) {
  return static_cast<std::uint8_t>((port_a_value_ & ~0x03) | (a20_port_a_ ? 0x02 : 0));
}

void PcPlatform::write_port_a(std::uint64_t, std::uint8_t value) {
  // Bit 0 going from 0 to 1 resets the CPU ("fast reset").
  if ((value & 0x01) && !(port_a_value_ & 0x01)) exit_request().request_reset();
  port_a_value_ = value;
  a20_port_a_ = (value & 0x02) != 0;
  update_a20();
}

void PcPlatform::attach_display(DisplaySink& sink, std::uint64_t frames) {
  const std::uint64_t every = std::max<std::uint64_t>(frames, 1);
  displays_.push_back({&sink, every, (Vga::frame_at(clock_.now()) / every + 1) * every});
}

std::optional<std::uint64_t> PcPlatform::next_refresh() {
  std::optional<std::uint64_t> next;
  for (const AttachedDisplay& display : displays_) {
    const std::uint64_t at = Vga::time_of_frame(display.next_frame);
    next = std::min(next.value_or(at), at);
  }
  return next;
}

// Each display whose frame has come: refreshed once, however many frames passed since (a
// busy host may look late), then asked for at its next multiple.
void PcPlatform::refresh_displays(std::uint64_t now) {
  const std::uint64_t frame = Vga::frame_at(now);
  for (AttachedDisplay& display : displays_) {
    if (frame < display.next_frame) continue;
    display.next_frame = (frame / display.every + 1) * display.every;
    display.sink->refresh(frame);
  }
}

std::optional<VideoState> PcPlatform::video_state() const {
  VideoState state;
  state.misc_output = vga_.misc_output();
  for (unsigned i = 0; i < state.sequencer.size(); ++i) state.sequencer[i] = vga_.sequencer(i);
  for (unsigned i = 0; i < state.crtc.size(); ++i) state.crtc[i] = vga_.crtc(i);
  for (unsigned i = 0; i < state.attribute.size(); ++i) state.attribute[i] = vga_.attribute(i);
  for (unsigned i = 0; i < state.graphics.size(); ++i) state.graphics[i] = vga_.graphics(i);
  for (unsigned i = 0; i < state.dac.size(); ++i) state.dac[i] = dac_.colour(static_cast<std::uint8_t>(i));
  state.pel_mask = dac_.pel_mask();
  return state;
}

std::vector<StatCounter> PcPlatform::stats() const {
  std::vector<StatCounter> counters{{"POST codes written (port 0x80)", post_codes_},
                                    {"last POST code", post_code_},
                                    {"speaker tones", tones_.size()}};
  for (std::size_t i = 0; i < tones_.size() && i < 8; ++i) {
    counters.push_back({fmt::format("  tone {} (Hz)", i + 1), tones_[i]});
  }
  if (bios_) {
    for (StatCounter& counter : bios_->stats()) counters.push_back(std::move(counter));
  }
  return counters;
}

std::string PcPlatform::describe_device(std::string_view name) const {
  std::string text;
  if (name == "pic") {
    const std::pair<const char*, const Pic8259*> chips[] = {{"master", &pics_.master()}, {"slave", &pics_.slave()}};
    for (const auto& [chip, pic] : chips) {
      text += fmt::format("{:6}  vectors {:02x}-{:02x}  IRR {:08b}  ISR {:08b}  IMR {:08b}\n", chip, pic->vector(0),
                          pic->vector(7), pic->irr(), pic->isr(), pic->imr());
    }
    text += fmt::format("INTR {}\n", interrupt_request() ? "raised" : "low");
  } else if (name == "pit") {
    for (unsigned channel = 0; channel < 3; ++channel) {
      const std::optional<std::uint32_t> period = pit_.period(channel);
      text += period ? fmt::format("channel {}  mode {}  count {} ({:.4f} Hz)\n", channel, pit_.mode(channel), *period,
                                   static_cast<double>(Pit8254::clock_hz) / *period)
                     : fmt::format("channel {}  mode {}  not counting\n", channel, pit_.mode(channel));
    }
  }
  return text;
}

}  // namespace emu
