#include "devices/pit8254.h"

namespace emu {

namespace {

constexpr std::uint64_t ns_per_second = 1'000'000'000;

std::uint32_t from_bcd(std::uint16_t value) {
  return (value & 0xF) + ((value >> 4) & 0xF) * 10 + ((value >> 8) & 0xF) * 100 + ((value >> 12) & 0xF) * 1000;
}

std::uint16_t to_bcd(std::uint32_t value) {
  return static_cast<std::uint16_t>((value % 10) | ((value / 10 % 10) << 4) | ((value / 100 % 10) << 8) |
                                    ((value / 1000 % 10) << 12));
}

// Modes 6 and 7 are modes 2 and 3 (the datasheet's "X" bit).
unsigned mode_of(std::uint8_t control) {
  unsigned mode = (control >> 1) & 7;
  return mode >= 6 ? mode - 4 : mode;
}

bool periodic(unsigned mode) { return mode == 2 || mode == 3; }
bool gate_triggered(unsigned mode) { return mode == 1 || mode == 5; }

}  // namespace

std::uint64_t Pit8254::ticks_at(std::uint64_t ns) {
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(ns) * clock_hz / ns_per_second);
}

std::uint64_t Pit8254::time_of_tick(std::uint64_t tick) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(tick) * ns_per_second + clock_hz - 1) / clock_hz);
}

void Pit8254::settle(Channel& c, std::uint64_t now) {
  if (c.next_count && c.running && now >= c.next_count_at) {
    c.start = c.next_count_at;
    c.count = *c.next_count;
    c.next_count.reset();
  }
}

std::uint32_t Pit8254::element(Channel& c, std::uint64_t now) {
  settle(c, now);
  if (!c.running) return c.held_value;
  const std::uint64_t elapsed = now - c.start;
  const std::uint32_t n = c.count;
  const std::uint32_t modulus = c.bcd ? 10000 : 0x10000;
  switch (c.mode) {
    case 2: return n - static_cast<std::uint32_t>(elapsed % n);
    case 3: {
      const std::uint64_t phase = elapsed % n;
      const std::uint64_t high = (n + 1) / 2;
      const std::uint64_t in_half = phase < high ? phase : phase - high;
      // Even counts show n, n-2, ... 2 in each half; odd ones n-1, n-3, ... (datasheet, mode 3).
      const std::uint32_t first = (n & 1) ? n - 1 : n;
      return static_cast<std::uint32_t>((first - 2 * in_half) % modulus);
    }
    default:  // 0, 1, 4, 5: down from n, wrapping past 0
      return static_cast<std::uint32_t>((n + modulus - elapsed % modulus) % modulus);
  }
}

bool Pit8254::output_of(Channel& c, std::uint64_t now) {
  settle(c, now);
  if (!c.running) return c.held_output;
  const std::uint64_t elapsed = now - c.start;
  const std::uint32_t n = c.count;
  switch (c.mode) {
    case 0:
    case 1: return c.done || elapsed >= n;
    case 2: return elapsed % n != n - 1 || n == 1;
    case 3: return elapsed % n < (n + 1) / 2;
    default: return c.done || elapsed != n;  // 4, 5: low for the one clock after the terminal count
  }
}

std::optional<std::uint64_t> Pit8254::rising_edge_after(const Channel& c, std::uint64_t from) {
  if (!c.running) return std::nullopt;
  const std::uint32_t n = c.count;
  switch (c.mode) {
    case 0:
    case 1:
      if (!c.done && c.start + n > from) return c.start + n;
      return std::nullopt;
    case 2:
    case 3: {
      if (n < 2) return std::nullopt;
      const std::uint64_t periods = from < c.start ? 1 : (from - c.start) / n + 1;
      return c.start + periods * n;
    }
    default:
      if (!c.done && c.start + n + 1 > from) return c.start + n + 1;
      return std::nullopt;
  }
}

std::uint16_t Pit8254::as_read(const Channel& c, std::uint32_t value) {
  return c.bcd ? to_bcd(value % 10000) : static_cast<std::uint16_t>(value);
}

void Pit8254::start_counting(Channel& c, std::uint32_t count, std::uint64_t now) {
  c.running = true;
  c.loaded = true;
  c.count = count;
  c.start = now;
  c.done = false;
  c.null_count = false;
  c.next_count.reset();
}

// Stops the element where it stands (gate low in modes 0, 2, 3, 4).
void Pit8254::hold(Channel& c, std::uint64_t now) {
  if (!c.running) return;
  settle(c, now);
  const std::uint64_t elapsed = now - c.start;
  c.held_value = element(c, now);
  c.held_output = periodic(c.mode) ? true : output_of(c, now);  // modes 2 and 3 force OUT high
  if (c.mode == 0) c.done = c.done || elapsed >= c.count;
  if (c.mode == 4) c.done = c.done || elapsed > c.count;
  c.running = false;
}

void Pit8254::count_written(Channel& c, std::uint64_t now) {
  c.null_count = true;
  std::uint32_t count = c.bcd ? from_bcd(c.count_register) : c.count_register;
  if (count == 0) count = c.bcd ? 10000 : 0x10000;
  if (gate_triggered(c.mode)) {
    c.armed = true;  // loaded at the next trigger
    return;
  }
  if (periodic(c.mode) && c.running) {
    // Loaded at the end of the current period.
    settle(c, now);
    c.next_count = count;
    c.next_count_at = c.start + ((now - c.start) / c.count + 1) * c.count;
    return;
  }
  if (c.gate) {
    start_counting(c, count, now);
  } else {
    // Loaded, held until the gate rises.
    c.running = false;
    c.held_value = count;
    c.held_output = c.mode != 0;
    c.done = false;
    c.count = count;
    c.null_count = false;
    c.loaded = true;
  }
}

void Pit8254::write_count(unsigned channel, std::uint8_t value, std::uint64_t now) {
  Channel& c = channels_[channel];
  switch (c.access) {
    case 1: c.count_register = value; break;
    case 2: c.count_register = static_cast<std::uint16_t>(value << 8); break;
    default:
      if (!c.write_msb_next) {
        c.written_lsb = value;
        c.write_msb_next = true;
        if (c.mode == 0) {
          // Mode 0: the first byte stops counting and sets OUT low at once.
          hold(c, now);
          c.held_output = false;
          c.done = false;
        }
        report(channel, now);
        return;
      }
      c.write_msb_next = false;
      c.count_register = static_cast<std::uint16_t>(c.written_lsb | (value << 8));
      break;
  }
  count_written(c, now);
  report(channel, now);
}

void Pit8254::write_control(std::uint8_t value, std::uint64_t now) {
  const unsigned select = value >> 6;
  if (select == 3) {
    read_back(value, now);
    return;
  }
  Channel& c = channels_[select];
  const unsigned access = (value >> 4) & 3;
  if (access == 0) {  // counter latch command: the first latch holds until read
    if (!c.latched_count) c.latched_count = as_read(c, element(c, now));
    return;
  }
  settle(c, now);
  c.held_value = element(c, now);
  c.access = access;
  c.mode = mode_of(value);
  c.bcd = (value & 1) != 0;
  c.control = value & 0x3F;
  c.running = false;
  c.loaded = false;
  c.armed = false;
  c.done = false;
  c.next_count.reset();
  c.held_output = c.mode != 0;  // OUT is low after a mode 0 control word, high after any other
  c.null_count = true;
  c.write_msb_next = false;
  c.read_msb_next = false;
  c.latched_count.reset();
  c.latched_status.reset();
  report(select, now);
}

std::uint8_t Pit8254::status(Channel& c, std::uint64_t now) {
  return static_cast<std::uint8_t>((output_of(c, now) ? 0x80 : 0) | (c.null_count ? 0x40 : 0) | c.control);
}

void Pit8254::read_back(std::uint8_t value, std::uint64_t now) {
  for (unsigned channel = 0; channel < 3; ++channel) {
    if (!(value & (2u << channel))) continue;
    Channel& c = channels_[channel];
    if (!(value & 0x20) && !c.latched_count) c.latched_count = as_read(c, element(c, now));
    if (!(value & 0x10) && !c.latched_status) c.latched_status = status(c, now);
  }
}

std::uint8_t Pit8254::read_counter(unsigned channel, std::uint64_t now) {
  Channel& c = channels_[channel];
  if (c.latched_status) {
    std::uint8_t value = *c.latched_status;
    c.latched_status.reset();
    return value;
  }
  const std::uint16_t value = c.latched_count ? *c.latched_count : as_read(c, element(c, now));
  bool last_byte = true;
  std::uint8_t byte = 0;
  switch (c.access) {
    case 1: byte = static_cast<std::uint8_t>(value); break;
    case 2: byte = static_cast<std::uint8_t>(value >> 8); break;
    default:
      byte = static_cast<std::uint8_t>(c.read_msb_next ? value >> 8 : value);
      last_byte = c.read_msb_next;
      c.read_msb_next = !c.read_msb_next;
      break;
  }
  if (last_byte) c.latched_count.reset();
  return byte;
}

std::uint8_t Pit8254::read(unsigned offset, std::uint64_t now) {
  if (offset >= 3) return 0xFF;  // the control register cannot be read
  return read_counter(offset, now);
}

void Pit8254::write(unsigned offset, std::uint8_t value, std::uint64_t now) {
  if (offset == 3) {
    write_control(value, now);
  } else {
    write_count(offset, value, now);
  }
}

void Pit8254::set_gate(unsigned channel, bool level, std::uint64_t now) {
  Channel& c = channels_[channel];
  if (c.gate == level) return;
  c.gate = level;
  if (gate_triggered(c.mode)) {
    if (level && (c.armed || c.running)) {
      // A rising gate (re)triggers with the count register's value.
      std::uint32_t count = c.bcd ? from_bcd(c.count_register) : c.count_register;
      if (count == 0) count = c.bcd ? 10000 : 0x10000;
      start_counting(c, count, now);
      c.armed = false;
    }
  } else if (!level) {
    hold(c, now);
  } else if (c.loaded) {
    // Gate high again: modes 0 and 4 go on from where they stood, 2 and 3 reload.
    const bool was_done = c.done;
    std::uint32_t count = periodic(c.mode) ? c.next_count.value_or(c.count) : c.held_value;
    if (count == 0) count = c.bcd ? 10000 : 0x10000;
    start_counting(c, count, now);
    c.done = was_done;
  }
  report(channel, now);
}

bool Pit8254::output(unsigned channel, std::uint64_t now) { return output_of(channels_[channel], now); }

std::optional<std::uint64_t> Pit8254::next_rising_edge(unsigned channel, std::uint64_t now) {
  Channel& c = channels_[channel];
  settle(c, now);
  return rising_edge_after(c, now);
}

std::optional<std::uint32_t> Pit8254::period(unsigned channel) const {
  const Channel& c = channels_[channel];
  if (!c.running) return std::nullopt;
  return c.next_count.value_or(c.count);
}

void Pit8254::report(unsigned channel, std::uint64_t now) {
  Channel& c = channels_[channel];
  settle(c, now);
  const bool out = output_of(c, now);
  std::optional<std::uint64_t> rise = rising_edge_after(c, c.reported_tick);
  if (rise && *rise <= now) {
    // A rise since the last look (perhaps a whole pulse or period went by between two looks).
    if (c.reported_output) output_changed_(channel, false);
    output_changed_(channel, true);
    // Low again by now: that fall waits for the next look. Reported together with the rise, it
    // would withdraw the request the rise just made before the CPU could acknowledge it (an
    // edge-triggered 8259A then answers with its default IR7), which a CPU running in real time
    // never lets happen; between looks emu's CPU was not running (a busy host, a debugger).
    c.reported_output = true;
    c.reported_tick = now;
    return;
  }
  if (out != c.reported_output) output_changed_(channel, out);
  c.reported_output = out;
  c.reported_tick = now;
}

void Pit8254::advance(std::uint64_t now) {
  for (unsigned channel = 0; channel < 3; ++channel) report(channel, now);
}

}  // namespace emu
