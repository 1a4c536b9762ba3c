#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

namespace emu {

// The Motorola MC146818 real-time clock and CMOS RAM at ports 0x70 (index; bit 7 the NMI mask)
// and 0x71 (data), as its datasheet (Motorola MC146818A) and the PC/AT describe it: time and date
// in BCD or binary, 12- or 24-hour, the alarm, status registers A-D, the periodic, alarm and
// update-ended interrupts on IRQ8 (flags in register C, cleared by reading it) and 114 bytes of
// CMOS RAM. The clock runs from `start` and `start_ns` into it (calendar seconds since 1970, as
// the local time's fields: the RTC holds local time) at device time 0.
//
// Simplifications (docs/devices.md): the update-in-progress bit is set for the 244 us before each
// second and the seconds turn at the second; the divider bits of register A are kept but do not
// stop the clock; daylight saving (register B bit 0) changes nothing.
class Rtc {
 public:
  Rtc(std::int64_t start, std::uint32_t start_ns, std::function<void(bool)> irq8);

  std::uint8_t read(unsigned offset, std::uint64_t now);
  void write(unsigned offset, std::uint8_t value, std::uint64_t now);

  // Sets the flags of what happened by `now` and the interrupt line.
  void advance(std::uint64_t now);
  // The next device time at which an enabled interrupt may be flagged, while none is pending.
  std::optional<std::uint64_t> next_event(std::uint64_t now) const;

  // Calendar seconds (since 1970) at device time `now`.
  std::int64_t seconds_at(std::uint64_t now) const;

 private:
  std::uint8_t read_register(unsigned index, std::uint64_t now);
  void write_register(unsigned index, std::uint8_t value, std::uint64_t now);
  std::uint8_t encode(unsigned value) const;
  unsigned decode(std::uint8_t value) const;
  std::uint8_t time_field(unsigned index, std::int64_t seconds) const;
  std::int64_t with_field(unsigned index, std::uint8_t value, std::int64_t seconds) const;
  bool alarm_matches(std::int64_t seconds) const;
  std::optional<std::uint64_t> periodic_period_ticks() const;  // in 32,768 Hz ticks
  void update_irq();

  std::function<void(bool)> irq8_;
  std::array<std::uint8_t, 128> cmos_{};  // registers 0x0A-0x0D live here too
  std::uint8_t index_ = 0;
  // The clock: calendar seconds `base_seconds_` at device time `base_ns_` (which may be before
  // 0: the host clock starts part-way into a second). While register B's SET bit holds it, the
  // time stands at `held_`.
  std::int64_t base_seconds_;
  std::int64_t base_ns_;
  std::optional<std::int64_t> held_;
  std::uint64_t seen_ = 0;  // device time advance() last looked at
  bool irq_level_ = false;
};

}  // namespace emu
