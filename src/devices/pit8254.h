#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

namespace emu {

// The Intel 8254 programmable interval timer (8254 datasheet, Intel order 231164): three
// 16-bit down counters on a 1.193182 MHz clock (the PC's 14.31818 MHz crystal / 12), each with
// modes 0-5, binary or BCD counting, LSB/MSB/both access, the counter latch command and the
// read-back command. Time is in counter clocks (ticks) since the machine started; the counters'
// values and outputs are computed from it when asked, so nothing runs per tick.
//
// Simplifications (docs/devices.md): a count takes effect at the clock of the write that
// completes it (the chip loads it on the next clock edge: up to one tick later); a mode 2 or 3
// count written while counting takes effect at the end of the current period, as the chip does.
class Pit8254 {
 public:
  static constexpr std::uint64_t clock_hz = 1'193'182;
  // The first tick at or after device time `ns`, and the device time of tick `tick`.
  static std::uint64_t ticks_at(std::uint64_t ns);
  static std::uint64_t time_of_tick(std::uint64_t tick);

  // `output_changed(channel, level)` is called for channel outputs that change, as they are
  // seen by a port access or by advance(); a pulse between two looks is reported as a fall and
  // a rise.
  explicit Pit8254(std::function<void(unsigned channel, bool level)> output_changed)
      : output_changed_(std::move(output_changed)) {}

  // Port offsets 0-3 (0x40-0x43) at tick `now`.
  std::uint8_t read(unsigned offset, std::uint64_t now);
  void write(unsigned offset, std::uint8_t value, std::uint64_t now);

  // The GATE input of `channel` (channels 0 and 1 are tied high on the PC; channel 2's is port
  // 0x61 bit 0).
  void set_gate(unsigned channel, bool level, std::uint64_t now);
  bool output(unsigned channel, std::uint64_t now);

  // Brings the outputs up to tick `now`, reporting what changed.
  void advance(std::uint64_t now);
  // The first tick after `now` at which `channel`'s output rises, if it will without a write.
  std::optional<std::uint64_t> next_rising_edge(unsigned channel, std::uint64_t now);

  // What `channel` was last programmed with, for --stats and the speaker: the mode, and the
  // count in clocks (1..65536) while counting.
  unsigned mode(unsigned channel) const { return channels_[channel].mode; }
  std::optional<std::uint32_t> period(unsigned channel) const;

 private:
  struct Channel {
    // Control word fields.
    unsigned access = 3;  // 1 LSB, 2 MSB, 3 LSB then MSB
    unsigned mode = 0;
    bool bcd = false;
    std::uint8_t control = 0x30;  // RW1 RW0 M2 M1 M0 BCD, as the status byte shows them

    // The count register and how it is written.
    std::uint16_t count_register = 0;
    std::uint8_t written_lsb = 0;
    bool write_msb_next = false;
    bool null_count = true;  // a count written and not yet loaded into the counting element

    // The counting element. Running: loaded with `count` clocks (1..65536, 10000 in BCD) at
    // tick `start` and counting since. Not running (no count yet, gate low in modes 0/2/3/4,
    // modes 1/5 before their trigger): `held_value` and `held_output` stand still.
    bool running = false;
    bool loaded = false;  // a count reached the element since the control word
    std::uint32_t count = 0x10000;
    std::uint64_t start = 0;
    bool done = false;  // modes 0, 1, 4, 5: the terminal count was passed before `start`
    std::uint32_t held_value = 0;
    bool held_output = true;  // before any control word: high (the datasheet leaves it undefined)
    bool gate = true;
    bool armed = false;  // modes 1 and 5: a count written, waiting for the gate's trigger
    // A mode 2/3 count written while running, loaded when the current period ends.
    std::optional<std::uint32_t> next_count;
    std::uint64_t next_count_at = 0;

    // Reads: a latched count (and which byte is next), a latched status.
    std::optional<std::uint16_t> latched_count;
    bool read_msb_next = false;
    std::optional<std::uint8_t> latched_status;

    bool reported_output = true;      // the output as last reported to output_changed
    std::uint64_t reported_tick = 0;  // and when
  };

  void write_control(std::uint8_t value, std::uint64_t now);
  void write_count(unsigned channel, std::uint8_t value, std::uint64_t now);
  void count_written(Channel& c, std::uint64_t now);
  void start_counting(Channel& c, std::uint32_t count, std::uint64_t now);
  void hold(Channel& c, std::uint64_t now);
  void read_back(std::uint8_t value, std::uint64_t now);
  std::uint8_t read_counter(unsigned channel, std::uint64_t now);
  // Loads a pending mode 2/3 count if its period has ended by `now`.
  static void settle(Channel& c, std::uint64_t now);
  // The counting element's value in clocks (0..65536) and the output at `now`.
  static std::uint32_t element(Channel& c, std::uint64_t now);
  static bool output_of(Channel& c, std::uint64_t now);
  static std::optional<std::uint64_t> rising_edge_after(const Channel& c, std::uint64_t from);
  static std::uint16_t as_read(const Channel& c, std::uint32_t value);
  std::uint8_t status(Channel& c, std::uint64_t now);
  void report(unsigned channel, std::uint64_t now);

  std::function<void(unsigned, bool)> output_changed_;
  std::array<Channel, 3> channels_{};
};

}  // namespace emu
