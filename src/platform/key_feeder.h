#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/keys.h"

namespace emu {

// Keys waiting to be typed on the PC's keyboard (--keys, the terminal, piped input), one at a
// time at a typist's pace in device time: a key is pressed when the keyboard has sent every byte
// of the one before and `gap` has passed since that one's release, held for `hold`, then
// released. The first key comes `start` into the run, as a person types after starting a program
// (and after it has set up its interrupt controller: a key arriving before that is lost, as on a
// PC). The same keys and the same program make the same timing on the virtual clock.
class KeyFeeder {
 public:
  static constexpr std::uint64_t hold = 20'000'000;  // ns
  static constexpr std::uint64_t gap = 20'000'000;   // ns
  static constexpr std::uint64_t start = 50'000'000;  // ns

  void type(const KeyStroke& stroke);
  void pause(std::uint64_t ns);

  // The scan codes due by `now`, if the keyboard is ready for them (and has been since
  // `ready_since`): one press or one release. Each step is timed from when it was due, not from
  // when this is asked, so the schedule is the same however often it is asked (the two sides of
  // --compare ask at different moments).
  std::optional<std::vector<std::uint8_t>> due(std::uint64_t now, bool keyboard_ready, std::uint64_t ready_since = 0);
  // When the next codes are due, if the keyboard is ready by then.
  std::optional<std::uint64_t> next_time() const;
  // Nothing left to type, nor a pause still running (a pause at the end keeps time going).
  bool empty() const { return steps_.empty() && !pausing_; }

 private:
  struct Step {
    enum class Kind : std::uint8_t { press, release, pause } kind;
    KeyStroke stroke;
    std::uint64_t ns;
  };
  std::deque<Step> steps_;
  std::uint64_t not_before_ = start;
  bool pausing_ = false;
};

}  // namespace emu
