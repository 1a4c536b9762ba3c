#include "devices/rtc.h"

#include <algorithm>

namespace emu {

namespace {

constexpr std::int64_t ns_per_second = 1'000'000'000;
constexpr std::uint64_t update_in_progress_ns = 244'000;
constexpr std::uint64_t divider_hz = 32'768;

namespace reg {
constexpr unsigned seconds = 0x00, seconds_alarm = 0x01, minutes = 0x02, minutes_alarm = 0x03, hours = 0x04,
                   hours_alarm = 0x05, weekday = 0x06, day = 0x07, month = 0x08, year = 0x09, a = 0x0A, b = 0x0B,
                   c = 0x0C, d = 0x0D, century = 0x32;
}  // namespace reg

namespace bit {
constexpr std::uint8_t uip = 0x80;                                                              // register A
constexpr std::uint8_t set = 0x80, pie = 0x40, aie = 0x20, uie = 0x10, binary = 0x04, h24 = 0x02;  // B
constexpr std::uint8_t irqf = 0x80, pf = 0x40, af = 0x20, uf = 0x10;                             // C
}  // namespace bit

// Days since 1970-01-01 of a proleptic Gregorian date, and back (the era arithmetic of 400-year
// cycles of 146,097 days).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2), month, day};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Rtc::Rtc(std::int64_t start, std::uint32_t start_ns, std::function<void(bool)> irq8)
    : irq8_(std::move(irq8)), base_seconds_(start), base_ns_(-static_cast<std::int64_t>(start_ns)) {
  cmos_[reg::a] = 0x26;  // 32.768 kHz time base, 1,024 Hz periodic rate (as a BIOS leaves it)
  cmos_[reg::b] = bit::h24;
  cmos_[reg::d] = 0x80;  // valid RAM and time
  cmos_[0x15] = 0x80;    // base memory: 640 KiB (0280h)
  cmos_[0x16] = 0x02;
}

std::int64_t Rtc::seconds_at(std::uint64_t now) const {
  if (held_) return *held_;
  return base_seconds_ + floor_div(static_cast<std::int64_t>(now) - base_ns_, ns_per_second);
}

std::uint8_t Rtc::encode(unsigned value) const {
  if (cmos_[reg::b] & bit::binary) return static_cast<std::uint8_t>(value);
  return static_cast<std::uint8_t>(((value / 10) << 4) | (value % 10));
}

unsigned Rtc::decode(std::uint8_t value) const {
  if (cmos_[reg::b] & bit::binary) return value;
  return (value >> 4) * 10 + (value & 0x0F);
}

std::uint8_t Rtc::time_field(unsigned index, std::int64_t seconds) const {
  const std::int64_t days = floor_div(seconds, 86400);
  const auto of_day = static_cast<unsigned>(seconds - days * 86400);
  const Civil date = civil_from_days(days);
  switch (index) {
    case reg::seconds: return encode(of_day % 60);
    case reg::minutes: return encode(of_day / 60 % 60);
    case reg::hours: {
      const unsigned hour = of_day / 3600;
      if (cmos_[reg::b] & bit::h24) return encode(hour);
      const unsigned twelve = hour % 12 == 0 ? 12 : hour % 12;
      return static_cast<std::uint8_t>(encode(twelve) | (hour >= 12 ? 0x80 : 0));
    }
    case reg::weekday: return encode(static_cast<unsigned>((days % 7 + 11) % 7) + 1);  // 1970-01-01 was a Thursday (5)
    case reg::day: return encode(date.day);
    case reg::month: return encode(date.month);
    case reg::year: return encode(static_cast<unsigned>(date.year % 100));
    case reg::century: return encode(static_cast<unsigned>(date.year / 100));
    default: return 0;
  }
}

// `seconds` with one field replaced by the guest's `value`.
std::int64_t Rtc::with_field(unsigned index, std::uint8_t value, std::int64_t seconds) const {
  const std::int64_t days = floor_div(seconds, 86400);
  auto of_day = static_cast<std::int64_t>(seconds - days * 86400);
  Civil date = civil_from_days(days);
  std::int64_t hour = of_day / 3600, minute = of_day / 60 % 60, second = of_day % 60;
  switch (index) {
    case reg::seconds: second = decode(value) % 60; break;
    case reg::minutes: minute = decode(value) % 60; break;
    case reg::hours:
      if (cmos_[reg::b] & bit::h24) {
        hour = decode(value) % 24;
      } else {
        hour = decode(value & 0x7F) % 12 + ((value & 0x80) ? 12 : 0);
      }
      break;
    case reg::day: date.day = std::clamp(decode(value), 1u, 31u); break;
    case reg::month: date.month = std::clamp(decode(value), 1u, 12u); break;
    case reg::year: date.year = date.year / 100 * 100 + decode(value) % 100; break;
    case reg::century: date.year = static_cast<std::int64_t>(decode(value)) * 100 + date.year % 100; break;
    default: return seconds;  // the weekday follows from the date
  }
  return days_from_civil(date.year, date.month, date.day) * 86400 + hour * 3600 + minute * 60 + second;
}

bool Rtc::alarm_matches(std::int64_t seconds) const {
  // An alarm byte with its two top bits set matches every value ("don't care").
  for (auto [alarm, field] : {std::pair{reg::seconds_alarm, reg::seconds}, std::pair{reg::minutes_alarm, reg::minutes},
                              std::pair{reg::hours_alarm, reg::hours}}) {
    const std::uint8_t wanted = cmos_[alarm];
    if ((wanted & 0xC0) != 0xC0 && wanted != time_field(field, seconds)) return false;
  }
  return true;
}

std::optional<std::uint64_t> Rtc::periodic_period_ticks() const {
  const unsigned rate = cmos_[reg::a] & 0x0F;
  if (rate == 0) return std::nullopt;
  return std::uint64_t{1} << ((rate <= 2 ? rate + 7 : rate) - 1);  // rates 1 and 2 are 8 and 9
}

void Rtc::update_irq() {
  const std::uint8_t c = cmos_[reg::c];
  const std::uint8_t b = cmos_[reg::b];
  const bool pending = ((c & bit::pf) && (b & bit::pie)) || ((c & bit::af) && (b & bit::aie)) ||
                       ((c & bit::uf) && (b & bit::uie));
  if (pending) cmos_[reg::c] |= bit::irqf;
  const bool level = (cmos_[reg::c] & bit::irqf) != 0;
  if (level != irq_level_) {
    irq_level_ = level;
    irq8_(level);
  }
}

void Rtc::advance(std::uint64_t now) {
  if (now <= seen_) return;
  const std::uint64_t before = seen_;
  seen_ = now;
  // Periodic: an edge of the divider chain's tap in (before, now].
  if (std::optional<std::uint64_t> period = periodic_period_ticks()) {
    const auto ticks = [](std::uint64_t ns) {
      return static_cast<std::uint64_t>(static_cast<unsigned __int128>(ns) * divider_hz / ns_per_second);
    };
    if (ticks(now) / *period != ticks(before) / *period) cmos_[reg::c] |= bit::pf;
  }
  // Update-ended and alarm: second boundaries crossed (the last day's worth for the alarm).
  if (!held_) {
    const std::int64_t from = seconds_at(before);
    const std::int64_t to = seconds_at(now);
    if (to > from) {
      cmos_[reg::c] |= bit::uf;
      for (std::int64_t s = std::max(from + 1, to - 86399); s <= to; ++s) {
        if (alarm_matches(s)) {
          cmos_[reg::c] |= bit::af;
          break;
        }
      }
    }
  }
  update_irq();
}

std::optional<std::uint64_t> Rtc::next_event(std::uint64_t now) const {
  if (cmos_[reg::c] & bit::irqf) return std::nullopt;  // pending until register C is read
  std::optional<std::uint64_t> next;
  auto earliest = [&next](std::uint64_t time) { next = std::min(next.value_or(time), time); };
  if (cmos_[reg::b] & bit::pie) {
    if (std::optional<std::uint64_t> period = periodic_period_ticks()) {
      const auto tick = static_cast<std::uint64_t>(static_cast<unsigned __int128>(now) * divider_hz / ns_per_second);
      const std::uint64_t edge = (tick / *period + 1) * *period;
      earliest(static_cast<std::uint64_t>((static_cast<unsigned __int128>(edge) * ns_per_second + divider_hz - 1) / divider_hz));
    }
  }
  if ((cmos_[reg::b] & (bit::uie | bit::aie)) && !held_) {
    // The next second boundary (the alarm is looked at there).
    const std::int64_t next_second = static_cast<std::int64_t>(seconds_at(now) - base_seconds_ + 1) * ns_per_second + base_ns_;
    earliest(static_cast<std::uint64_t>(std::max<std::int64_t>(next_second, static_cast<std::int64_t>(now) + 1)));
  }
  return next;
}

std::uint8_t Rtc::read_register(unsigned index, std::uint64_t now) {
  advance(now);
  switch (index) {
    case reg::seconds:
    case reg::minutes:
    case reg::hours:
    case reg::weekday:
    case reg::day:
    case reg::month:
    case reg::year:
    case reg::century: return time_field(index, seconds_at(now));
    case reg::a: {
      const std::int64_t phase = (static_cast<std::int64_t>(now) - base_ns_) % ns_per_second;
      const bool updating = !held_ && phase >= ns_per_second - static_cast<std::int64_t>(update_in_progress_ns);
      return static_cast<std::uint8_t>((cmos_[reg::a] & 0x7F) | (updating ? bit::uip : 0));
    }
    case reg::c: {
      const std::uint8_t value = cmos_[reg::c];
      cmos_[reg::c] = 0;  // reading clears every flag and the interrupt
      update_irq();
      return value;
    }
    default: return cmos_[index];
  }
}

void Rtc::write_register(unsigned index, std::uint8_t value, std::uint64_t now) {
  advance(now);
  switch (index) {
    case reg::seconds:
    case reg::minutes:
    case reg::hours:
    case reg::day:
    case reg::month:
    case reg::year:
    case reg::century: {
      const std::int64_t changed = with_field(index, value, seconds_at(now));
      if (held_) {
        held_ = changed;
      } else {
        base_seconds_ += changed - seconds_at(now);
      }
      return;
    }
    case reg::weekday: return;
    case reg::a: cmos_[reg::a] = value & 0x7F; return;
    case reg::b:
      if ((value & bit::set) && !held_) held_ = seconds_at(now);
      if (!(value & bit::set) && held_) {
        // The clock starts again from the time set, a whole second from now.
        base_seconds_ = *held_;
        base_ns_ = static_cast<std::int64_t>(now);
        held_.reset();
      }
      cmos_[reg::b] = (value & bit::set) ? static_cast<std::uint8_t>(value & ~bit::uie) : value;
      update_irq();
      return;
    case reg::c:
    case reg::d: return;  // read-only
    default: cmos_[index] = value; return;
  }
}

std::uint8_t Rtc::read(unsigned offset, std::uint64_t now) {
  if (offset == 0) return 0xFF;  // the index port cannot be read back
  return read_register(index_, now);
}

void Rtc::write(unsigned offset, std::uint8_t value, std::uint64_t now) {
  if (offset == 0) {
    index_ = value & 0x7F;  // bit 7 masks NMI, which nothing raises here
    return;
  }
  write_register(index_, value, now);
}

}  // namespace emu
